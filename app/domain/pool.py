"""Pool read models: agents, their quotité, assignments and monthly load (Σ ETP ≤ quotité, flagged)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.enums import AssignmentRole, EmploymentStatus, PoolFunction, ProjectStatus


@dataclass(frozen=True)
class MemberRow:
    """One agent of the pool with this month's assigned ETP and the year's peak load."""

    id: uuid.UUID
    first_name: str
    last_name: str
    function: PoolFunction
    employer: str
    employment_status: EmploymentStatus
    working_time: Decimal  # quotité, 0.8 = 80 %
    assigned_fte: Decimal  # this month
    peak_fte: Decimal  # highest month of the current year
    projects: int

    @property
    def name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def load(self) -> Decimal:
        """This month's ETP over the quotité (1 = fully loaded)."""
        return self.assigned_fte / self.working_time if self.working_time else Decimal(0)

    @property
    def overloaded(self) -> bool:
        return self.peak_fte > self.working_time


@dataclass(frozen=True)
class AssignmentInfo:
    project_code: str
    project_title: str
    project_status: ProjectStatus
    role: AssignmentRole
    fte: Decimal
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class MonthLoad:
    month: date  # first day of the month
    fte: Decimal


@dataclass(frozen=True)
class MemberDetail:
    row: MemberRow
    skills: str
    email: str
    phone: str
    secondment_agreement: str
    territories: tuple[str, ...]
    assignments: tuple[AssignmentInfo, ...]
    months: tuple[MonthLoad, ...]  # the current year, month by month
