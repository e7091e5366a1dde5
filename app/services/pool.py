"""Pool reads: agents with their load (two queries for the whole pool) and one agent's detail."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound
from app.domain.pool import AssignmentInfo, MemberDetail, MemberRow, MonthLoad
from app.models.geography import Territory
from app.models.organisation import Organisation
from app.models.pool import Assignment, PoolMember, PoolMemberTerritory
from app.models.project import Project

Period = tuple[date | None, date | None, Decimal]
Id = uuid.UUID


def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def fte_in_month(periods: Iterable[Period], month: date) -> Decimal:
    """Σ ETP of the assignments that overlap `month` (open ends count as unbounded)."""
    end = _month_end(month)
    return sum(
        (
            fte
            for starts, ends, fte in periods
            if (starts is None or starts <= end) and (ends is None or ends >= month)
        ),
        Decimal(0),
    )


def list_members(
    session: Session, *, today: date | None = None, only: uuid.UUID | None = None
) -> list[MemberRow]:
    """Every live agent (or the agent `only`) with this month's ETP and the current year's peak month."""
    today = today or date.today()
    this_month = date(today.year, today.month, 1)
    periods, projects = _periods_by_member(session, only)
    stmt = (
        select(PoolMember, Organisation.name)
        .outerjoin(Organisation, Organisation.id == PoolMember.employer_id)
        .where(PoolMember.deleted.is_(False))
    )
    if only is not None:
        stmt = stmt.where(PoolMember.id == only)
    rows = []
    for member, employer in session.execute(stmt):
        mine = periods.get(member.id, [])
        peak = max((fte_in_month(mine, month) for month in months_of(today.year)), default=Decimal(0))
        rows.append(
            MemberRow(
                member.id,
                member.first_name,
                member.last_name,
                member.function,
                employer or "",
                member.employment_status,
                member.working_time,
                fte_in_month(mine, this_month),
                peak,
                len(projects.get(member.id, ())),
            )
        )
    return rows


def _periods_by_member(
    session: Session, only: uuid.UUID | None = None
) -> tuple[dict[uuid.UUID, list[Period]], dict[uuid.UUID, set[Id]]]:
    """Every live assignment's period per agent, and the set of projects each agent works on."""
    stmt = (
        select(
            Assignment.member_id,
            Assignment.project_id,
            Assignment.starts_on,
            Assignment.ends_on,
            Assignment.fte,
        )
        .join(Project, Project.id == Assignment.project_id)
        .where(Assignment.deleted.is_(False), Project.deleted.is_(False))
    )
    if only is not None:
        stmt = stmt.where(Assignment.member_id == only)
    periods: dict[uuid.UUID, list[Period]] = defaultdict(list)
    projects: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for member_id, project_id, starts, ends, fte in session.execute(stmt):
        if member_id is None or project_id is None:  # a link known before its ends (sync): skip
            continue
        periods[member_id].append((starts, ends, fte))
        projects[member_id].add(project_id)
    return periods, projects


def get_member(session: Session, member_id: uuid.UUID, *, today: date | None = None) -> MemberDetail:
    """One agent: contact, territories, assignments and the month-by-month load of the current year."""
    today = today or date.today()
    member = session.get(PoolMember, member_id)
    if member is None or member.deleted:
        raise NotFound("Agent du pool", member_id)
    [row] = list_members(session, today=today, only=member_id)
    assignments = _assignments(session, member_id)
    periods = [(a.starts_on, a.ends_on, a.fte) for a in assignments]
    months = tuple(MonthLoad(month, fte_in_month(periods, month)) for month in months_of(today.year))
    return MemberDetail(
        row,
        member.skills,
        member.email,
        member.phone,
        member.secondment_agreement,
        _territories(session, member_id),
        assignments,
        months,
    )


def _assignments(session: Session, member_id: uuid.UUID) -> tuple[AssignmentInfo, ...]:
    stmt = (
        select(
            Project.code,
            Project.title,
            Project.status,
            Assignment.role,
            Assignment.fte,
            Assignment.starts_on,
            Assignment.ends_on,
        )
        .join(Project, Project.id == Assignment.project_id)
        .where(Assignment.member_id == member_id, Assignment.deleted.is_(False), Project.deleted.is_(False))
        .order_by(Assignment.starts_on, Project.code)
    )
    return tuple(AssignmentInfo(*values) for values in session.execute(stmt))


def _territories(session: Session, member_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (
        select(Territory.name)
        .join(PoolMemberTerritory, PoolMemberTerritory.territory_id == Territory.id)
        .where(PoolMemberTerritory.member_id == member_id, PoolMemberTerritory.deleted.is_(False))
        .order_by(Territory.name)
    )
    return tuple(session.scalars(stmt))
