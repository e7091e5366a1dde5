"""Governing bodies as configured by the convention constitutive, and their seats."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import BodyKind, MajorityKind, MatterKind, QuorumBasis
from app.models.base import Synced, bool_col, decimal_col, enum_col, fk, int_col, text_col


class Body(Synced):
    """An organe: AG, CA, bureau, COPIL... with its rules."""

    __tablename__ = "body"

    code: Mapped[str] = text_col()  # "CA": used in decision numbers 2026-CA-014
    name: Mapped[str] = text_col()
    kind: Mapped[BodyKind] = enum_col(BodyKind, BodyKind.BOARD)
    quorum_basis: Mapped[QuorumBasis] = enum_col(QuorumBasis, QuorumBasis.RIGHTS)
    quorum_threshold: Mapped[Decimal] = decimal_col("0.5")  # share of rights or members
    quorum_on_second_convocation: Mapped[bool] = bool_col(False)
    abstentions_counted: Mapped[bool] = bool_col(False)  # counted as cast votes or not
    casting_vote: Mapped[bool] = bool_col(True)  # voix prépondérante du président
    convocation_days: Mapped[int] = int_col(20)
    urgent_convocation_days: Mapped[int] = int_col(5)
    max_proxies: Mapped[int] = int_col(2)
    weighted_votes: Mapped[bool] = bool_col(True)  # votes weighted by droits statutaires
    rules_text: Mapped[str] = text_col()  # reminder printed on convocations


class MajorityRule(Synced):
    """Majority required for one kind of matter in one body."""

    __tablename__ = "majority_rule"

    body_id: Mapped[uuid.UUID | None] = fk("body.id")
    matter: Mapped[MatterKind] = enum_col(MatterKind, MatterKind.ORDINARY)
    majority: Mapped[MajorityKind] = enum_col(MajorityKind, MajorityKind.SIMPLE)


class Seat(Synced):
    """A member organisation's seat in a body, with its droits statutaires (percentage)."""

    __tablename__ = "seat"

    body_id: Mapped[uuid.UUID | None] = fk("body.id")
    organisation_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    voting_rights: Mapped[Decimal] = decimal_col("0")  # in % of the body's rights
    has_vote: Mapped[bool] = bool_col(True)  # guests (invités) have no vote
    position: Mapped[int] = int_col()


class Representative(Synced):
    """A person who sits for a seat (titulaire or suppléant) over a period."""

    __tablename__ = "representative"

    seat_id: Mapped[uuid.UUID | None] = fk("seat.id")
    full_name: Mapped[str] = text_col()
    title: Mapped[str] = text_col()  # "Directeur départemental de l'emploi..."
    is_substitute: Mapped[bool] = bool_col(False)
    email: Mapped[str] = text_col()
    valid_from: Mapped[date | None] = mapped_column(nullable=True)
    valid_to: Mapped[date | None] = mapped_column(nullable=True)
