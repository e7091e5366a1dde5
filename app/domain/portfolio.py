"""Portfolio read models (projects / fiches action): frozen DTOs handed to the UI and documents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.enums import AssignmentRole, MilestoneStatus, Novelty, ProjectStatus


@dataclass(frozen=True)
class AxisRef:
    id: uuid.UUID
    number: str
    title: str
    framework_id: uuid.UUID | None
    framework_code: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True)
class ProjectRow:
    """One line of the portfolio table (one query with joins and aggregates)."""

    id: uuid.UUID
    code: str
    title: str
    axes: tuple[AxisRef, ...]
    carrier: str
    status: ProjectStatus
    pilot: str
    starts_on: date | None
    ends_on: date | None
    total_cents: int
    novelty: Novelty

    @property
    def axes_label(self) -> str:
        return " ; ".join(axis.number for axis in self.axes)

    @property
    def framework_codes(self) -> tuple[str, ...]:
        return tuple(sorted({axis.framework_code for axis in self.axes if axis.framework_code}))


@dataclass(frozen=True)
class FundingPlan:
    """Funders × fiscal years → amount in cents, with totals."""

    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # funder, amount per year

    @property
    def year_totals(self) -> tuple[int, ...]:
        return tuple(sum(amounts[i] for _, amounts in self.rows) for i in range(len(self.years)))

    @property
    def total(self) -> int:
        return sum(self.year_totals)


@dataclass(frozen=True)
class MilestoneInfo:
    title: str
    due_on: date | None
    status: MilestoneStatus


@dataclass(frozen=True)
class RiskInfo:
    description: str
    likelihood: int
    impact: int
    mitigation: str


@dataclass(frozen=True)
class StatusChangeInfo:
    changed_at: datetime | None
    from_status: ProjectStatus
    to_status: ProjectStatus
    changed_by: str
    comment: str


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: AssignmentRole
    fte: Decimal


@dataclass(frozen=True)
class ProjectDetail:
    row: ProjectRow
    summary: str
    objectives: str
    target_public: str
    target_volume: int | None
    territories: tuple[str, ...]
    needs: tuple[str, ...]
    partners: tuple[str, ...]
    funding: FundingPlan
    milestones: tuple[MilestoneInfo, ...]
    risks: tuple[RiskInfo, ...]
    history: tuple[StatusChangeInfo, ...]
    team: tuple[TeamMember, ...]
    services: tuple[str, ...] = ()  # « Service insertion (Département) : 0,2 ETP de travailleur social »
