"""Meetings (séances), their agenda, attendance, proxies, votes and decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceMode,
    AttendanceStatus,
    BallotChoice,
    DecisionKind,
    DecisionStatus,
    MatterKind,
    MeetingStatus,
    VoteMode,
    VoteResult,
)
from app.models.base import Synced, bool_col, decimal_col, enum_col, fk, int_col, text_col


class Meeting(Synced):
    __tablename__ = "meeting"

    body_id: Mapped[uuid.UUID | None] = fk("body.id")
    number: Mapped[int] = int_col(1)  # séance n° within the year
    starts_at: Mapped[datetime | None] = mapped_column(nullable=True)
    place: Mapped[str] = text_col()
    video_link: Mapped[str] = text_col()
    status: Mapped[MeetingStatus] = enum_col(MeetingStatus, MeetingStatus.PREPARING)
    urgent: Mapped[bool] = bool_col(False)
    second_convocation: Mapped[bool] = bool_col(False)
    chair_name: Mapped[str] = text_col()
    secretary_name: Mapped[str] = text_col()
    opened_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    convened_on: Mapped[date | None] = mapped_column(nullable=True)
    minutes_approved_on: Mapped[date | None] = mapped_column(nullable=True)
    guests: Mapped[str] = text_col()  # invités sans voix délibérative, one per line


class AgendaItem(Synced):
    __tablename__ = "agenda_item"

    meeting_id: Mapped[uuid.UUID | None] = fk("meeting.id")
    position: Mapped[int] = int_col()
    kind: Mapped[AgendaItemKind] = enum_col(AgendaItemKind, AgendaItemKind.DELIBERATION)
    matter: Mapped[MatterKind] = enum_col(MatterKind, MatterKind.ORDINARY)
    title: Mapped[str] = text_col()
    rapporteur: Mapped[str] = text_col()
    status: Mapped[AgendaItemStatus] = enum_col(AgendaItemStatus, AgendaItemStatus.PENDING)
    presentation: Mapped[str] = text_col()  # note de présentation: context, stakes
    financial_impact: Mapped[str] = text_col()
    prior_opinion: Mapped[str] = text_col()
    debate_summary: Mapped[str] = text_col()  # for the procès-verbal


class AgendaItemProject(Synced):
    __tablename__ = "agenda_item_project"

    item_id: Mapped[uuid.UUID | None] = fk("agenda_item.id")
    project_id: Mapped[uuid.UUID | None] = fk("project.id")


class Attendance(Synced):
    """One seat at one meeting: who came, how, from when to when."""

    __tablename__ = "attendance"

    meeting_id: Mapped[uuid.UUID | None] = fk("meeting.id")
    seat_id: Mapped[uuid.UUID | None] = fk("seat.id")
    representative_id: Mapped[uuid.UUID | None] = fk("representative.id")
    status: Mapped[AttendanceStatus] = enum_col(AttendanceStatus, AttendanceStatus.ABSENT)
    mode: Mapped[AttendanceMode] = enum_col(AttendanceMode, AttendanceMode.ROOM)
    arrived_at: Mapped[datetime | None] = mapped_column(nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Proxy(Synced):
    """Pouvoir: the grantor seat is represented by the holder seat. One per grantor and meeting."""

    __tablename__ = "proxy"

    meeting_id: Mapped[uuid.UUID | None] = fk("meeting.id")
    grantor_seat_id: Mapped[uuid.UUID | None] = fk("seat.id")
    holder_seat_id: Mapped[uuid.UUID | None] = fk("seat.id")
    received_on: Mapped[date | None] = mapped_column(nullable=True)


class Vote(Synced):
    """The vote on one agenda item, as head counts and as % of droits statutaires."""

    __tablename__ = "vote"

    item_id: Mapped[uuid.UUID | None] = fk("agenda_item.id")
    mode: Mapped[VoteMode] = enum_col(VoteMode, VoteMode.SHOW_OF_HANDS)
    votes_for: Mapped[int] = int_col()
    votes_against: Mapped[int] = int_col()
    abstentions: Mapped[int] = int_col()
    nppv: Mapped[int] = int_col()
    rights_for: Mapped[Decimal] = decimal_col("0")
    rights_against: Mapped[Decimal] = decimal_col("0")
    rights_abstaining: Mapped[Decimal] = decimal_col("0")
    rights_nppv: Mapped[Decimal] = decimal_col("0")
    result: Mapped[VoteResult] = enum_col(VoteResult, VoteResult.ADOPTED)
    quorum_reached: Mapped[bool] = bool_col(True)
    voted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Ballot(Synced):
    """One seat's choice in a vote (nominal votes; NPPV are always named)."""

    __tablename__ = "ballot"

    vote_id: Mapped[uuid.UUID | None] = fk("vote.id")
    seat_id: Mapped[uuid.UUID | None] = fk("seat.id")
    choice: Mapped[BallotChoice] = enum_col(BallotChoice, BallotChoice.FOR)
    by_proxy: Mapped[bool] = bool_col(False)


class Decision(Synced):
    """Délibération / avis / décision, numbered {YYYY}-{BODY}-{NNN} when the agenda is frozen.

    Uniqueness per body and year is checked after merge (`check`), not by SQLite: see base.py.
    """

    __tablename__ = "decision"

    body_id: Mapped[uuid.UUID | None] = fk("body.id")
    item_id: Mapped[uuid.UUID | None] = fk("agenda_item.id")
    year: Mapped[int] = int_col(2026)
    sequence: Mapped[int] = int_col()
    number: Mapped[str] = text_col()  # "2026-CA-014"
    kind: Mapped[DecisionKind] = enum_col(DecisionKind, DecisionKind.DELIBERATION)
    title: Mapped[str] = text_col()
    visas: Mapped[str] = text_col()  # one "Vu ..." per line
    considerations: Mapped[str] = text_col()  # one "Considérant ..." per line
    articles: Mapped[str] = text_col()  # one article per line
    status: Mapped[DecisionStatus] = enum_col(DecisionStatus, DecisionStatus.DRAFT)
    effective_on: Mapped[date | None] = mapped_column(nullable=True)
    published_on: Mapped[date | None] = mapped_column(nullable=True)

    __table_args__ = (Index("ix_decision_body_year", "body_id", "year", "sequence"),)


class FollowUpAction(Synced):
    """A follow-up action of the relevé de décisions (DOMAIN §3): who does what, by when, done or not.

    Attached to the agenda point, and to its décision when it has one. A point without stored actions
    gets proposals derived from its vote (meeting_minutes); the coordinator keeps or edits them.
    """

    __tablename__ = "follow_up_action"

    item_id: Mapped[uuid.UUID | None] = fk("agenda_item.id")
    decision_id: Mapped[uuid.UUID | None] = fk("decision.id")
    position: Mapped[int] = int_col()
    who: Mapped[str] = text_col()
    what: Mapped[str] = text_col()
    due_on: Mapped[date | None] = mapped_column(nullable=True)
    done: Mapped[bool] = bool_col(False)
