"""The GIP's pool of agents and their assignments to projects."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import AssignmentRole, EmploymentStatus, PoolFunction
from app.models.base import Synced, decimal_col, enum_col, fk, text_col


class PoolMember(Synced):
    __tablename__ = "pool_member"

    first_name: Mapped[str] = text_col()
    last_name: Mapped[str] = text_col()
    function: Mapped[PoolFunction] = enum_col(PoolFunction, PoolFunction.SOCIAL_ENGINEER)
    employer_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    employment_status: Mapped[EmploymentStatus] = enum_col(EmploymentStatus, EmploymentStatus.GIP_EMPLOYEE)
    working_time: Mapped[Decimal] = decimal_col("1")  # quotité, 0.8 = 80 %
    skills: Mapped[str] = text_col()
    email: Mapped[str] = text_col()
    phone: Mapped[str] = text_col()
    secondment_agreement: Mapped[str] = text_col()  # convention de mise à disposition


class PoolMemberTerritory(Synced):
    __tablename__ = "pool_member_territory"

    member_id: Mapped[uuid.UUID | None] = fk("pool_member.id")
    territory_id: Mapped[uuid.UUID | None] = fk("territory.id")


class Assignment(Synced):
    """member × project → role and FTE share over a period. Σ FTE per month ≤ quotité (flagged)."""

    __tablename__ = "assignment"

    member_id: Mapped[uuid.UUID | None] = fk("pool_member.id")
    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    role: Mapped[AssignmentRole] = enum_col(AssignmentRole, AssignmentRole.CONTRIBUTOR)
    fte: Mapped[Decimal] = decimal_col("0")
    starts_on: Mapped[date | None] = mapped_column(nullable=True)
    ends_on: Mapped[date | None] = mapped_column(nullable=True)
    mission_letter_id: Mapped[uuid.UUID | None] = fk("document.id")
