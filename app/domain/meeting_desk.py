"""What the Instances editors and the live-meeting mode show of one séance (issue 4): ids included, so the
UI can send its edits back through the services. Frozen DTOs; standard library and app.domain only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceMode,
    AttendanceStatus,
    MatterKind,
    MeetingStatus,
)
from app.domain.quorum import Quorum


@dataclass(frozen=True)
class Choice:
    """An entry of a picker (organe, projet): its id and the text shown."""

    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class DeskItem:
    id: uuid.UUID
    position: int
    kind: AgendaItemKind
    matter: MatterKind
    title: str
    rapporteur: str
    presentation: str
    financial_impact: str
    status: AgendaItemStatus
    decision_id: uuid.UUID | None
    decision_number: str
    project_ids: tuple[uuid.UUID, ...]
    vote_text: str  # the result sentence once voted, else ""
    vote_id: uuid.UUID | None = None  # once voted: its conflicts are shown with it
    vote_counts: tuple[int, ...] = ()  # once voted: for, against, abstentions


@dataclass(frozen=True)
class DeskSeat:
    seat_id: uuid.UUID
    organisation: str
    representative: str
    rights: Decimal
    has_vote: bool
    status: AttendanceStatus | None  # None: not yet on the attendance sheet
    mode: AttendanceMode
    arrived_at: datetime | None
    left_at: datetime | None
    present_now: bool
    representative_id: uuid.UUID | None = None  # recorded on the sheet, else the titulaire
    people: tuple[Choice, ...] = ()  # who may sit (mandate covering the day): titulaires, then suppléants
    attendance_id: uuid.UUID | None = None  # its line on the sheet (sync conflicts are marked by line)


@dataclass(frozen=True)
class DeskProxy:
    grantor_id: uuid.UUID
    grantor: str
    holder_id: uuid.UUID
    holder: str
    counts: bool
    reason: str
    proxy_id: uuid.UUID | None = None  # its row: sync conflicts are shown with it


@dataclass(frozen=True)
class MeetingDesk:
    """One séance with its agenda, seats, proxies and the quorum at `moment`."""

    id: uuid.UUID
    body_code: str
    body_name: str
    title: str  # "CA – séance n° 4 du jeudi 10 décembre 2026"
    status: MeetingStatus
    starts_at: datetime | None
    weighted: bool
    max_proxies: int
    items: tuple[DeskItem, ...]
    seats: tuple[DeskSeat, ...]
    proxies: tuple[DeskProxy, ...]
    moment: datetime
    quorum: Quorum
    approves_minutes_of: date | None = None  # the previous séance whose PV closing this one approves
