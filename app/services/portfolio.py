"""Portfolio reads: the project table in a fixed number of queries (no N+1), and one project's detail."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.domain.errors import NotFound
from app.domain.portfolio import (
    AxisRef,
    FundingPlan,
    MilestoneInfo,
    ProjectDetail,
    ProjectRow,
    RiskInfo,
    StatusChangeInfo,
    TeamMember,
)
from app.models.diagnostic import Need
from app.models.framework import Axis, Framework
from app.models.funding import FundingLine
from app.models.geography import Territory
from app.models.organisation import Organisation, Service
from app.models.pool import Assignment, PoolMember
from app.models.project import (
    Milestone,
    Project,
    ProjectAxis,
    ProjectNeed,
    ProjectPartner,
    ProjectRisk,
    ProjectService,
    ProjectStatusChange,
    ProjectTerritory,
)


def list_projects(session: Session) -> list[ProjectRow]:
    """Every live project with carrier, pilot, axes and total funding: three queries whatever the size."""
    axes = _axes_by_project(session)
    return [
        ProjectRow(pid, code, title, axes.get(pid, ()), carrier_name or carrier_short or "", status,
                   _person(first, last), starts, ends, int(total), novelty)
        for pid, code, title, status, novelty, starts, ends, carrier_name, carrier_short, first, last, total
        in session.execute(_projects_statement())
    ]


def _projects_statement() -> Any:
    """Projects joined to their carrier and pilot, with their funding summed in a grouped subquery."""
    funding = (
        select(FundingLine.project_id, func.sum(FundingLine.amount_cents).label("total"))
        .where(FundingLine.deleted.is_(False))
        .group_by(FundingLine.project_id)
        .subquery()
    )
    carrier, pilot = aliased(Organisation), aliased(PoolMember)
    return (
        select(Project.id, Project.code, Project.title, Project.status, Project.novelty, Project.starts_on,
               Project.ends_on, carrier.name, carrier.short_name, pilot.first_name, pilot.last_name,
               func.coalesce(funding.c.total, 0))
        .outerjoin(carrier, carrier.id == Project.carrier_id)
        .outerjoin(pilot, pilot.id == Project.pilot_id)
        .outerjoin(funding, funding.c.project_id == Project.id)
        .where(Project.deleted.is_(False))
    )


def _axes_by_project(session: Session, only: uuid.UUID | None = None) -> dict[uuid.UUID, tuple[AxisRef, ...]]:
    """Axes of every project (one query), or of the project `only`."""
    stmt = (
        select(ProjectAxis.project_id, Axis.id, Axis.number, Axis.title, Framework.id, Framework.code)
        .join(Axis, Axis.id == ProjectAxis.axis_id)
        .outerjoin(Framework, Framework.id == Axis.framework_id)
        .where(ProjectAxis.deleted.is_(False), Axis.deleted.is_(False))
        .order_by(Axis.number)
    )
    if only is not None:
        stmt = stmt.where(ProjectAxis.project_id == only)
    found: dict[uuid.UUID, list[AxisRef]] = defaultdict(list)
    for project_id, axis_id, number, title, framework_id, framework_code in session.execute(stmt):
        if project_id is None:
            continue
        found[project_id].append(AxisRef(axis_id, number, title, framework_id, framework_code or ""))
    return {key: tuple(value) for key, value in found.items()}


def _person(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def get_project(session: Session, project_id: uuid.UUID) -> ProjectDetail:
    """Everything the detail pane and the fiche action show about one project."""
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    return ProjectDetail(
        row=_row(session, project),
        summary=project.summary,
        objectives=project.objectives,
        target_public=project.target_public,
        target_volume=project.target_volume,
        territories=_territories(session, project_id),
        needs=_needs(session, project_id),
        partners=_partners(session, project_id),
        funding=funding_plan(session, project_id),
        milestones=_milestones(session, project_id),
        risks=_risks(session, project_id),
        history=_history(session, project_id),
        team=_team(session, project_id),
        services=_services(session, project_id),
    )


def _row(session: Session, project: Project) -> ProjectRow:
    carrier = session.get(Organisation, project.carrier_id) if project.carrier_id else None
    pilot = session.get(PoolMember, project.pilot_id) if project.pilot_id else None
    total = session.scalar(
        select(func.coalesce(func.sum(FundingLine.amount_cents), 0)).where(
            FundingLine.project_id == project.id, FundingLine.deleted.is_(False)
        )
    )
    axes = _axes_by_project(session, project.id).get(project.id, ())
    return ProjectRow(
        project.id,
        project.code,
        project.title,
        axes,
        (carrier.name or carrier.short_name) if carrier else "",
        project.status,
        _person(pilot.first_name, pilot.last_name) if pilot else "",
        project.starts_on,
        project.ends_on,
        int(total or 0),
        project.novelty,
    )


def funding_plan(session: Session, project_id: uuid.UUID) -> FundingPlan:
    """The financing plan: one row per funder, one column per fiscal year."""
    stmt = (
        select(_short_name(), FundingLine.fiscal_year, func.sum(FundingLine.amount_cents))
        .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
        .where(FundingLine.project_id == project_id, FundingLine.deleted.is_(False))
        .group_by(Organisation.id, FundingLine.fiscal_year)
    )
    cells = {
        (funder or "Financeur non précisé", year): int(amount)
        for funder, year, amount in session.execute(stmt)
    }
    years = tuple(sorted({year for _, year in cells}))
    funders = sorted({funder for funder, _ in cells})
    rows = tuple((funder, tuple(cells.get((funder, year), 0) for year in years)) for funder in funders)
    return FundingPlan(years, rows)


def _short_name() -> Any:
    """ "CAF" rather than "Caisse d'allocations familiales de …" when a short name exists."""
    return func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name)


def _territories(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (
        select(Territory.name)
        .join(ProjectTerritory, ProjectTerritory.territory_id == Territory.id)
        .where(ProjectTerritory.project_id == project_id, ProjectTerritory.deleted.is_(False))
        .order_by(Territory.name)
    )
    return tuple(session.scalars(stmt))


def _needs(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (
        select(Need.code, Need.title)
        .join(ProjectNeed, ProjectNeed.need_id == Need.id)
        .where(ProjectNeed.project_id == project_id, ProjectNeed.deleted.is_(False))
        .order_by(Need.code)
    )
    return tuple(f"{code} – {title}" for code, title in session.execute(stmt))


def _partners(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (
        select(Organisation.name, ProjectPartner.role)
        .join(ProjectPartner, ProjectPartner.organisation_id == Organisation.id)
        .where(ProjectPartner.project_id == project_id, ProjectPartner.deleted.is_(False))
        .order_by(Organisation.name)
    )
    return tuple(f"{name} ({role})" if role else name for name, role in session.execute(stmt))


def _services(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    """The members' services mobilised on the project, each with its owner and contribution."""
    stmt = (
        select(Service.name, _short_name(), ProjectService.contribution)
        .join(ProjectService, ProjectService.service_id == Service.id)
        .outerjoin(Organisation, Organisation.id == Service.organisation_id)
        .where(ProjectService.project_id == project_id, ProjectService.deleted.is_(False))
        .order_by(Service.name)
    )
    return tuple(f"{name} ({owner}) : {text}" if text else f"{name} ({owner})"
                 for name, owner, text in session.execute(stmt))


def _milestones(session: Session, project_id: uuid.UUID) -> tuple[MilestoneInfo, ...]:
    stmt = (
        select(Milestone)
        .where(Milestone.project_id == project_id, Milestone.deleted.is_(False))
        .order_by(Milestone.due_on)
    )
    return tuple(MilestoneInfo(m.title, m.due_on, m.status) for m in session.scalars(stmt))


def _risks(session: Session, project_id: uuid.UUID) -> tuple[RiskInfo, ...]:
    stmt = select(ProjectRisk).where(ProjectRisk.project_id == project_id, ProjectRisk.deleted.is_(False))
    risks = [RiskInfo(r.description, r.likelihood, r.impact, r.mitigation) for r in session.scalars(stmt)]
    return tuple(sorted(risks, key=lambda r: -r.likelihood * r.impact))


def _history(session: Session, project_id: uuid.UUID) -> tuple[StatusChangeInfo, ...]:
    stmt = (
        select(ProjectStatusChange)
        .where(ProjectStatusChange.project_id == project_id, ProjectStatusChange.deleted.is_(False))
        .order_by(ProjectStatusChange.changed_at)
    )
    return tuple(
        StatusChangeInfo(c.changed_at, c.from_status, c.to_status, c.changed_by, c.comment)
        for c in session.scalars(stmt)
    )


def _team(session: Session, project_id: uuid.UUID) -> tuple[TeamMember, ...]:
    stmt = (
        select(PoolMember.first_name, PoolMember.last_name, Assignment.role, Assignment.fte)
        .join(Assignment, Assignment.member_id == PoolMember.id)
        .where(Assignment.project_id == project_id, Assignment.deleted.is_(False))
        .order_by(Assignment.role, PoolMember.last_name)
    )
    return tuple(
        TeamMember(_person(first, last), role, fte) for first, last, role, fte in session.execute(stmt)
    )
