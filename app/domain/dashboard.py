"""The dashboard's key figures, computed in one worker call and handed to the UI as one frozen object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.diagnostic import ValueCell
from app.domain.enums import DecisionStatus, MeetingStatus, ProjectStatus

ACTIVE_STATUSES = (ProjectStatus.VALIDATED, ProjectStatus.CONTRACTED, ProjectStatus.RUNNING)


@dataclass(frozen=True)
class FunderYear:
    funder: str
    year: int
    cents: int


@dataclass(frozen=True)
class MeetingBrief:
    body: str
    number: int
    starts_at: datetime | None
    place: str
    status: MeetingStatus


@dataclass(frozen=True)
class DecisionBrief:
    number: str
    title: str
    day: date | None
    status: DecisionStatus


@dataclass(frozen=True)
class Overload:
    name: str
    working_time: Decimal
    peak_fte: Decimal


@dataclass(frozen=True)
class TerritoryBar:
    territory: str
    cell: ValueCell


@dataclass(frozen=True)
class IndicatorBars:
    label: str
    unit: str
    period: str
    decimals: int
    bars: tuple[TerritoryBar, ...]


@dataclass(frozen=True)
class DashboardFigures:
    year: int
    projects_by_status: tuple[tuple[ProjectStatus, int], ...]
    funding_year_cents: int
    funding_by_funder_year: tuple[FunderYear, ...]
    needs_total: int
    needs_covered: int
    uncovered_needs: tuple[str, ...]
    pool_members: int
    pool_capacity: Decimal  # Σ quotités
    pool_assigned: Decimal  # Σ ETP this month
    overloaded: tuple[Overload, ...]
    next_meetings: tuple[MeetingBrief, ...]
    last_decisions: tuple[DecisionBrief, ...]
    indicator: IndicatorBars | None

    @property
    def projects_total(self) -> int:
        return sum(count for _, count in self.projects_by_status)

    @property
    def projects_active(self) -> int:
        return sum(count for status, count in self.projects_by_status if status in ACTIVE_STATUSES)

    @property
    def coverage(self) -> float | None:
        return self.needs_covered / self.needs_total if self.needs_total else None

    @property
    def pool_load(self) -> float | None:
        return float(self.pool_assigned / self.pool_capacity) if self.pool_capacity else None
