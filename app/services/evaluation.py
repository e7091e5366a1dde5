"""Evaluation read use cases: grids with criteria and scales, evaluations with distributions. No Qt."""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import AppraisalLevel, EvaluatedObject
from app.domain.errors import NotFound
from app.domain.evaluation import (
    SCALE,
    CriterionLine,
    CriterionResult,
    EvaluationDetail,
    EvaluationSummary,
    GridSummary,
    RecommendationLine,
)
from app.models.evaluation import (
    Appraisal,
    Criterion,
    Evaluation,
    EvaluationGrid,
    Evaluator,
    Recommendation,
    ScaleLevel,
)
from app.models.framework import Axis, Framework
from app.models.project import Project

log = logging.getLogger(__name__)

_NE = AppraisalLevel.NOT_ASSESSABLE


def list_grids(session: Session) -> list[GridSummary]:
    """Every grid version, by code then newest version first, with criteria and scale descriptors."""
    descriptors: dict[uuid.UUID, list[tuple[int, str]]] = defaultdict(list)
    scale = select(ScaleLevel).where(ScaleLevel.deleted.is_(False)).order_by(ScaleLevel.level)
    for level in session.scalars(scale):
        if level.criterion_id:
            descriptors[level.criterion_id].append((level.level, level.descriptor))
    criteria: dict[uuid.UUID | None, list[CriterionLine]] = defaultdict(list)
    for criterion in _criteria(session):
        criteria[criterion.grid_id].append(_criterion_line(criterion, descriptors[criterion.id]))
    counts = select(Evaluation.grid_id, func.count()).where(Evaluation.deleted.is_(False))
    uses = {grid_id: n for grid_id, n in session.execute(counts.group_by(Evaluation.grid_id))}
    grids = session.scalars(
        select(EvaluationGrid)
        .where(EvaluationGrid.deleted.is_(False))
        .order_by(EvaluationGrid.code, EvaluationGrid.version.desc())
    )
    return [_grid_summary(grid, tuple(criteria[grid.id]), uses.get(grid.id, 0)) for grid in grids]


def list_evaluations(session: Session) -> list[EvaluationSummary]:
    """Every evaluation with its progress (appraised criteria / total) and NE count."""
    grids: dict[uuid.UUID | None, EvaluationGrid] = {g.id: g for g in session.scalars(select(EvaluationGrid))}
    totals = Counter(c.grid_id for c in _criteria(session))
    evaluators = _evaluators_by_evaluation(session)
    appraisals = _appraisals_by_evaluation(session)
    objects = _object_labels(session)
    rows = session.scalars(
        select(Evaluation).where(Evaluation.deleted.is_(False)).order_by(Evaluation.period_start.desc())
    )
    return [
        _evaluation_summary(
            e, grids.get(e.grid_id), totals[e.grid_id], evaluators[e.id], appraisals[e.id], objects
        )
        for e in rows
    ]


def get_evaluation(session: Session, evaluation_id: uuid.UUID) -> EvaluationDetail:
    """One evaluation: per criterion the distribution of levels, the NE count and the consolidation."""
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None or evaluation.deleted:
        raise NotFound("Évaluation", evaluation_id)
    grid = session.get(EvaluationGrid, evaluation.grid_id) if evaluation.grid_id else None
    criteria = [c for c in _criteria(session) if grid is not None and c.grid_id == grid.id]
    people = _evaluators_by_evaluation(session, evaluation.id)[evaluation.id]
    appraisals = _appraisals_by_evaluation(session, evaluation.id)[evaluation.id]
    summary = _evaluation_summary(
        evaluation, grid, len(criteria), people, appraisals, _object_labels(session)
    )
    return EvaluationDetail(
        summary=summary,
        commissioner=evaluation.commissioner,
        synthesis=evaluation.synthesis,
        method_and_limits=evaluation.method_and_limits,
        external_evaluators=tuple(p.full_name for p in people if not p.internal),
        criteria=tuple(_criterion_result(c, appraisals) for c in criteria),
        recommendations=tuple(_recommendations(session, evaluation.id)),
    )


def _criteria(session: Session) -> list[Criterion]:
    stmt = select(Criterion).where(Criterion.deleted.is_(False))
    stmt = stmt.order_by(Criterion.grid_id, Criterion.position)
    return list(session.scalars(stmt))


def _criterion_line(criterion: Criterion, descriptors: list[tuple[int, str]]) -> CriterionLine:
    return CriterionLine(
        position=criterion.position,
        family=criterion.family,
        question=criterion.question,
        judgement=criterion.judgement,
        indicator=criterion.indicator_label,
        baseline=criterion.baseline,
        target=criterion.target,
        source=criterion.source,
        weight=criterion.weight,
        eliminatory_threshold=criterion.eliminatory_threshold,
        descriptors=tuple(descriptors),
    )


def _grid_summary(grid: EvaluationGrid, criteria: tuple[CriterionLine, ...], uses: int) -> GridSummary:
    return GridSummary(
        id=grid.id,
        code=grid.code,
        title=grid.title,
        version=grid.version,
        object_type=grid.object_type,
        timing=grid.timing,
        status=grid.status,
        criteria=criteria,
        evaluations_count=uses,
    )


def _evaluators_by_evaluation(
    session: Session, evaluation_id: uuid.UUID | None = None
) -> defaultdict[uuid.UUID, list[Evaluator]]:
    stmt = select(Evaluator).where(Evaluator.deleted.is_(False)).order_by(Evaluator.full_name)
    if evaluation_id is not None:
        stmt = stmt.where(Evaluator.evaluation_id == evaluation_id)
    people: defaultdict[uuid.UUID, list[Evaluator]] = defaultdict(list)
    for person in session.scalars(stmt):
        if person.evaluation_id:
            people[person.evaluation_id].append(person)
    return people


def _appraisals_by_evaluation(
    session: Session, evaluation_id: uuid.UUID | None = None
) -> defaultdict[uuid.UUID, list[Appraisal]]:
    stmt = select(Appraisal).where(Appraisal.deleted.is_(False))
    if evaluation_id is not None:
        stmt = stmt.where(Appraisal.evaluation_id == evaluation_id)
    appraisals: defaultdict[uuid.UUID, list[Appraisal]] = defaultdict(list)
    for appraisal in session.scalars(stmt):
        if appraisal.evaluation_id:
            appraisals[appraisal.evaluation_id].append(appraisal)
    return appraisals


def _object_labels(session: Session) -> dict[uuid.UUID, str]:
    """Labels of the objects evaluations point at (only those: the large demo has 10,000 projects)."""
    evaluated = select(Evaluation).where(Evaluation.deleted.is_(False)).subquery()
    projects = select(Project.id, Project.code, Project.title).where(
        Project.id.in_(select(evaluated.c.project_id)))
    axes = select(Axis.id, Axis.number, Axis.title).where(Axis.id.in_(select(evaluated.c.axis_id)))
    frameworks = select(Framework.id, Framework.code, Framework.title).where(
        Framework.id.in_(select(evaluated.c.framework_id)))
    labels = {key: f"{code} – {title}" if code else title for key, code, title in session.execute(projects)}
    labels.update({key: f"Axe {number} – {title}" for key, number, title in session.execute(axes)})
    labels.update({key: code or title for key, code, title in session.execute(frameworks)})
    return labels


def _object_label(evaluation: Evaluation, labels: dict[uuid.UUID, str]) -> str:
    target = {
        EvaluatedObject.PROJECT: evaluation.project_id,
        EvaluatedObject.AXIS: evaluation.axis_id,
        EvaluatedObject.PROGRAMME: evaluation.framework_id,
    }.get(evaluation.object_type)  # none for a newer version's kind of object
    target = target or evaluation.project_id or evaluation.axis_id or evaluation.framework_id
    return labels.get(target, "") if target else ""


def _is_appraisal_by_evaluator(appraisal: Appraisal) -> bool:
    return not appraisal.consolidated and appraisal.evaluator_id is not None


def _evaluation_summary(
    evaluation: Evaluation,
    grid: EvaluationGrid | None,
    total: int,
    people: list[Evaluator],
    appraisals: list[Appraisal],
    labels: dict[uuid.UUID, str],
) -> EvaluationSummary:
    return EvaluationSummary(
        id=evaluation.id,
        title=evaluation.title,
        object_type=evaluation.object_type,
        object_label=_object_label(evaluation, labels),
        grid_label=f"{grid.code} v{grid.version}" if grid else "",
        period_start=evaluation.period_start,
        period_end=evaluation.period_end,
        status=evaluation.status,
        evaluators=tuple(p.full_name for p in people),
        appraised=len({a.criterion_id for a in appraisals if a.criterion_id}),
        criteria_total=total,
        ne_count=sum(1 for a in appraisals if _is_appraisal_by_evaluator(a) and a.level is _NE),
    )


def _criterion_result(criterion: Criterion, appraisals: list[Appraisal]) -> CriterionResult:
    mine = [a for a in appraisals if a.criterion_id == criterion.id]
    levels = Counter(a.level for a in mine if _is_appraisal_by_evaluator(a))
    consolidated = next((a for a in mine if not _is_appraisal_by_evaluator(a)), None)
    return CriterionResult(
        position=criterion.position,
        family=criterion.family,
        question=criterion.question,
        distribution=(levels[SCALE[0]], levels[SCALE[1]], levels[SCALE[2]], levels[SCALE[3]]),
        ne_count=levels[AppraisalLevel.NOT_ASSESSABLE],
        nc_count=levels[AppraisalLevel.NOT_CONCERNED],
        consolidated=consolidated.level if consolidated else None,
        rationale=consolidated.justification if consolidated else "",
    )


def _recommendations(session: Session, evaluation_id: uuid.UUID) -> list[RecommendationLine]:
    stmt = (
        select(Recommendation)
        .where(Recommendation.evaluation_id == evaluation_id, Recommendation.deleted.is_(False))
        .order_by(Recommendation.priority, Recommendation.due_on)
    )
    return [
        RecommendationLine(
            text=r.text,
            priority=r.priority,
            addressee=r.addressee,
            due_on=r.due_on,
            status=r.status,
            follow_up=r.follow_up,
        )
        for r in session.scalars(stmt)
    ]
