"""Traceability: needs × projects coverage, and a project's decisions and evaluations (issue 5). No commit."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound
from app.domain.lifecycle import INACTIVE
from app.domain.programme import (
    AgendaLink,
    CoverageMatrix,
    CoverageNeed,
    CoverageProject,
    DecisionLink,
    EvaluationLink,
    ProjectLinks,
)
from app.models.body import Body
from app.models.diagnostic import Need
from app.models.evaluation import Evaluation
from app.models.funding import FundingLine
from app.models.meeting import AgendaItem, AgendaItemProject, Decision, Meeting
from app.models.project import Project, ProjectNeed, ProjectStatusChange


def coverage_matrix(session: Session, *, diagnostic_id: uuid.UUID | None = None) -> CoverageMatrix:
    """Live needs (by priority then code) × live projects (by code), and the gaps both ways."""
    need_stmt = select(Need).where(Need.deleted.is_(False))
    if diagnostic_id is not None:
        need_stmt = need_stmt.where(Need.diagnostic_id == diagnostic_id)
    needs = sorted(session.scalars(need_stmt), key=lambda n: (n.priority.value, n.rank, n.code))
    projects = session.execute(select(Project.id, Project.code, Project.title, Project.status)
                               .where(Project.deleted.is_(False)).order_by(Project.code)).all()
    row_of = {need.id: index for index, need in enumerate(needs)}
    col_of = {project.id: index for index, project in enumerate(projects)}
    links = session.execute(select(ProjectNeed.need_id, ProjectNeed.project_id)
                            .where(ProjectNeed.deleted.is_(False)))
    cells = frozenset((row_of[n], col_of[p]) for n, p in links if n in row_of and p in col_of)
    need_dtos = tuple(CoverageNeed(n.id, n.code, n.title, n.priority.label) for n in needs)
    project_dtos = tuple(CoverageProject(p.id, p.code, p.title, p.status, p.status not in INACTIVE)
                         for p in projects)
    answered = {row for row, col in cells if project_dtos[col].active}
    linked = {col for _, col in cells}
    return CoverageMatrix(
        need_dtos, project_dtos, cells,
        tuple(n for row, n in enumerate(need_dtos) if row not in answered),
        tuple(p for col, p in enumerate(project_dtos) if col not in linked and p.active))


def project_links(session: Session, project_id: uuid.UUID) -> ProjectLinks:
    """The decisions (validation, funding, lifecycle, agenda), agenda items and evaluations of a project."""
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    items = _agenda_items(session, project_id)
    reasons = _decision_reasons(session, project, [item_id for item_id, _ in items])
    return ProjectLinks(_decisions(session, reasons), tuple(link for _, link in items),
                        _evaluations(session, project_id))


def _decision_reasons(session: Session, project: Project,
                      item_ids: list[uuid.UUID]) -> dict[uuid.UUID | None, list[str]]:
    reasons: dict[uuid.UUID | None, list[str]] = defaultdict(list)
    if project.validated_by_decision_id:
        reasons[project.validated_by_decision_id].append("validation du projet")
    funding = select(FundingLine.decision_id).where(FundingLine.project_id == project.id,
                                                    FundingLine.deleted.is_(False),
                                                    FundingLine.decision_id.is_not(None))
    changes = select(ProjectStatusChange.decision_id, ProjectStatusChange.to_status).where(
        ProjectStatusChange.project_id == project.id, ProjectStatusChange.deleted.is_(False),
        ProjectStatusChange.decision_id.is_not(None))
    for decision_id in set(session.scalars(funding)):
        reasons[decision_id].append("financement")
    for decision_id, status in session.execute(changes):
        reasons[decision_id].append(f"passage « {status.label.lower()} »")
    if item_ids:
        on_items = select(Decision.id).where(Decision.item_id.in_(item_ids), Decision.deleted.is_(False))
        for decision_id in session.scalars(on_items):
            reasons[decision_id].append("point de l'ordre du jour")
    return reasons


def _decisions(session: Session, reasons: dict[uuid.UUID | None, list[str]]) -> tuple[DecisionLink, ...]:
    if not reasons:
        return ()
    stmt = (select(Decision, Body.name, Meeting.starts_at)
            .outerjoin(Body, Body.id == Decision.body_id)
            .outerjoin(AgendaItem, AgendaItem.id == Decision.item_id)
            .outerjoin(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Decision.id.in_(list(reasons)), Decision.deleted.is_(False)))
    links = [DecisionLink(d.id, d.number, d.title, d.status, body or "",
                          d.effective_on or (starts.date() if starts else None),
                          tuple(dict.fromkeys(reasons[d.id])))
             for d, body, starts in session.execute(stmt)]
    return tuple(sorted(links, key=lambda link: (link.day is None, link.day, link.number)))


def _agenda_items(session: Session, project_id: uuid.UUID) -> list[tuple[uuid.UUID, AgendaLink]]:
    stmt = (select(AgendaItem.id, AgendaItem.title, Meeting.number, Meeting.starts_at, Body.name)
            .join(AgendaItemProject, AgendaItemProject.item_id == AgendaItem.id)
            .outerjoin(Meeting, Meeting.id == AgendaItem.meeting_id)
            .outerjoin(Body, Body.id == Meeting.body_id)
            .where(AgendaItemProject.project_id == project_id, AgendaItemProject.deleted.is_(False),
                   AgendaItem.deleted.is_(False))
            .order_by(Meeting.starts_at))
    return [(item_id, AgendaLink(item_id, f"{body or 'Instance'} · séance n° {number}", title,
                                 starts.date() if starts else None))
            for item_id, title, number, starts, body in session.execute(stmt)]


def _evaluations(session: Session, project_id: uuid.UUID) -> tuple[EvaluationLink, ...]:
    stmt = (select(Evaluation)
            .where(Evaluation.deleted.is_(False), Evaluation.project_id == project_id)
            .order_by(Evaluation.period_start))
    return tuple(EvaluationLink(e.id, e.title, e.status, e.period_start, e.period_end)
                 for e in session.scalars(stmt))
