"""Governance read models (instances): meetings, decisions, bodies. Frozen DTOs handed to the UI.

Droits statutaires are percentages as stored (30 means 30 % of the body's rights); `*_share` fields
are ratios in [0, 1], ready for `formatting.percent()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceMode,
    AttendanceStatus,
    BodyKind,
    DecisionKind,
    DecisionStatus,
    MajorityKind,
    MatterKind,
    MeetingStatus,
    QuorumBasis,
    VoteMode,
    VoteResult,
)
from app.domain.quorum import Quorum


@dataclass(frozen=True)
class MeetingSummary:
    id: uuid.UUID
    body_code: str
    body_name: str
    number: int
    starts_at: datetime | None
    place: str
    status: MeetingStatus
    items_count: int
    decisions_count: int

    @property
    def number_label(self) -> str:
        return f"Séance n°\u00a0{self.number}"


def minutes_approval_day(meeting: MeetingSummary, meetings: Iterable[MeetingSummary], today: date) -> date:
    """The day « Approuver le PV… » proposes: the body's next séance (the one that approves these
    minutes) once it has taken place, else today."""
    if meeting.starts_at is None:
        return today
    start = meeting.starts_at
    later = [m.starts_at.date() for m in meetings
             if m.body_code == meeting.body_code and m.starts_at is not None and m.starts_at > start]
    return min(later) if later and min(later) <= today else today


@dataclass(frozen=True)
class VoteSummary:
    mode: VoteMode
    votes_for: int
    votes_against: int
    abstentions: int
    nppv: int
    rights_for: Decimal
    rights_against: Decimal
    rights_abstaining: Decimal
    rights_nppv: Decimal
    result: VoteResult
    quorum_reached: bool


@dataclass(frozen=True)
class AgendaItemLine:
    position: int
    kind: AgendaItemKind
    title: str
    rapporteur: str
    status: AgendaItemStatus
    decision_number: str
    vote: VoteSummary | None


@dataclass(frozen=True)
class AttendanceLine:
    organisation: str
    representative: str
    voting_rights: Decimal
    has_vote: bool
    status: AttendanceStatus
    mode: AttendanceMode


@dataclass(frozen=True)
class ProxyLine:
    grantor: str  # mandant
    holder: str  # mandataire
    counts: bool = True
    reason: str = ""  # why it does not count at the opening (French), else empty


@dataclass(frozen=True)
class MeetingDetail:
    summary: MeetingSummary
    video_link: str
    chair: str
    secretary: str
    convened_on: date | None
    opened_at: datetime | None
    closed_at: datetime | None
    minutes_approved_on: date | None
    urgent: bool
    second_convocation: bool
    quorum_basis: QuorumBasis
    quorum_threshold: Decimal
    items: tuple[AgendaItemLine, ...]
    attendance: tuple[AttendanceLine, ...]
    proxies: tuple[ProxyLine, ...]
    guests: tuple[str, ...]
    quorum: Quorum | None  # at the opening (exact, app.domain.quorum); None when the time is unknown

    def count(self, status: AttendanceStatus) -> int:
        """Voting seats with this attendance status (guests without a vote are not counted)."""
        return sum(1 for line in self.attendance if line.has_vote and line.status is status)

    @property
    def rights_present_share(self) -> Decimal:
        """Share of the voting seats' rights that are present or represented."""
        voting = [line for line in self.attendance if line.has_vote]
        total = sum((line.voting_rights for line in voting), Decimal(0))
        here = sum((line.voting_rights for line in voting if line.status in _COUNTED), Decimal(0))
        return here / total if total else Decimal(0)


_COUNTED = (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED)


@dataclass(frozen=True)
class DecisionSummary:
    id: uuid.UUID
    number: str
    title: str
    kind: DecisionKind
    body_code: str
    body_name: str
    meeting_date: datetime | None
    status: DecisionStatus
    effective_on: date | None
    published_on: date | None
    item_title: str
    visas: tuple[str, ...]
    considerations: tuple[str, ...]
    articles: tuple[str, ...]
    vote: VoteSummary | None

    @property
    def day(self) -> date | None:
        """The date shown in lists: the meeting's, else the effective date."""
        return self.meeting_date.date() if self.meeting_date else self.effective_on


@dataclass(frozen=True)
class SeatLine:
    organisation: str
    voting_rights: Decimal
    has_vote: bool
    holders: tuple[str, ...]  # titulaires
    substitutes: tuple[str, ...]  # suppléants


@dataclass(frozen=True)
class BodySummary:
    id: uuid.UUID
    code: str
    name: str
    kind: BodyKind
    quorum_basis: QuorumBasis
    quorum_threshold: Decimal
    quorum_on_second_convocation: bool
    abstentions_counted: bool
    casting_vote: bool
    convocation_days: int
    urgent_convocation_days: int
    max_proxies: int
    weighted_votes: bool
    rules_text: str
    majorities: tuple[tuple[MatterKind, MajorityKind], ...]
    seats: tuple[SeatLine, ...]
    meetings_count: int

    @property
    def total_rights(self) -> Decimal:
        return sum((seat.voting_rights for seat in self.seats if seat.has_vote), Decimal(0))
