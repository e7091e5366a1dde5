"""Territorial diagnostic: its AFOM, findings (constats) and prioritised needs (besoins)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import DiagnosticStatus, Priority, SwotQuadrant, Theme
from app.models.base import Synced, enum_col, fk, int_col, text_col


class Diagnostic(Synced):
    __tablename__ = "diagnostic"

    title: Mapped[str] = text_col()
    perimeter_id: Mapped[uuid.UUID | None] = fk("territory.id")
    made_on: Mapped[date | None] = mapped_column(nullable=True)
    status: Mapped[DiagnosticStatus] = enum_col(DiagnosticStatus, DiagnosticStatus.DRAFT)
    method: Mapped[str] = text_col()
    summary: Mapped[str] = text_col()
    validated_by_decision_id: Mapped[uuid.UUID | None] = fk("decision.id")


class SwotItem(Synced):
    """One line of the AFOM (atouts, faiblesses, opportunités, menaces)."""

    __tablename__ = "swot_item"

    diagnostic_id: Mapped[uuid.UUID | None] = fk("diagnostic.id")
    quadrant: Mapped[SwotQuadrant] = enum_col(SwotQuadrant, SwotQuadrant.STRENGTH)
    text: Mapped[str] = text_col()
    position: Mapped[int] = int_col()


class Finding(Synced):
    """A constat, backed by indicators."""

    __tablename__ = "finding"

    diagnostic_id: Mapped[uuid.UUID | None] = fk("diagnostic.id")
    theme: Mapped[Theme] = enum_col(Theme, Theme.EMPLOYMENT)
    text: Mapped[str] = text_col()
    territory_id: Mapped[uuid.UUID | None] = fk("territory.id")
    position: Mapped[int] = int_col()


class FindingIndicator(Synced):
    __tablename__ = "finding_indicator"

    finding_id: Mapped[uuid.UUID | None] = fk("finding.id")
    indicator_id: Mapped[uuid.UUID | None] = fk("indicator.id")


class Need(Synced):
    """A besoin / enjeu: what the portfolio must answer."""

    __tablename__ = "need"

    diagnostic_id: Mapped[uuid.UUID | None] = fk("diagnostic.id")
    code: Mapped[str] = text_col()  # "B01"
    title: Mapped[str] = text_col()
    theme: Mapped[Theme] = enum_col(Theme, Theme.EMPLOYMENT)
    target_public: Mapped[str] = text_col()
    priority: Mapped[Priority] = enum_col(Priority, Priority.MEDIUM)
    rank: Mapped[int] = int_col()
    justification: Mapped[str] = text_col()


class NeedTerritory(Synced):
    __tablename__ = "need_territory"

    need_id: Mapped[uuid.UUID | None] = fk("need.id")
    territory_id: Mapped[uuid.UUID | None] = fk("territory.id")


class NeedIndicator(Synced):
    __tablename__ = "need_indicator"

    need_id: Mapped[uuid.UUID | None] = fk("need.id")
    indicator_id: Mapped[uuid.UUID | None] = fk("indicator.id")
