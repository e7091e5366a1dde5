"""Evaluation grids (one replaced by a version 2), evaluations under way, appraisals, recommendations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.enums import (
    AppraisalLevel,
    CriterionFamily,
    EvaluatedObject,
    EvaluationStatus,
    EvaluationTiming,
    GridStatus,
    Priority,
    RecommendationStatus,
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
from app.services.demo.common import Ctx
from app.services.demo.evaluation_content import (
    LEVEL_TEXT,
    PROGRAMME_CRITERIA,
    PROJECT_CRITERIA,
    RECOMMENDATIONS,
    CriterionSpec,
)
from app.services.demo.pool import Agent
from app.services.demo.portfolio import Plan

LEVELS = (
    AppraisalLevel.PARTIAL,
    AppraisalLevel.SATISFACTORY,
    AppraisalLevel.SATISFACTORY,
    AppraisalLevel.VERY_SATISFACTORY,
    AppraisalLevel.INSUFFICIENT,
)
EXTERNAL = "Cabinet Territoires & Évaluation"


Grid = tuple[uuid.UUID, list[tuple[uuid.UUID, CriterionSpec]]]
SYNTHESIS = "Synthèse provisoire : l'action atteint ses publics ; l'efficience reste à documenter."
FINAL = "Objectifs largement atteints ; action pérennisée."
METHOD = (
    "Analyse documentaire, données de suivi du porteur, entretiens et groupe miroir ; "
    "absence de groupe de comparaison."
)
CONSOLIDATION = (
    "Consolidation en réunion d'évaluateurs : appréciation majoritaire, divergences discutées et tracées."
)
TITLES = {"e1": "Évaluation in itinere – ", "e2": "Évaluation in itinere – ", "e4": "Évaluation finale – "}
PROGRAMME_TITLE = "Évaluation ex post des années 2024-2025 du PDI 2024-2027"


@dataclass(frozen=True)
class Run:
    """One evaluation to write: which grid, on what, how far it has gone."""

    key: str
    grid: str
    subject: str  # "running:0", "running:1", "closed:0" or "programme"
    status: EvaluationStatus
    period: tuple[date, date] | None  # None: the project's own dates
    evaluators: int  # internal evaluators; an external one is added when > 1
    coverage: float  # share of criteria appraised so far
    consolidated: int  # criteria with a consolidated appraisal
    recommendations: int


RUNS = (
    Run(
        "e1",
        "fa2",
        "running:0",
        EvaluationStatus.CONSOLIDATING,
        (date(2025, 1, 1), date(2026, 6, 30)),
        2,
        1,
        5,
        3,
    ),
    Run(
        "e2",
        "fa2",
        "running:1",
        EvaluationStatus.RUNNING,
        (date(2025, 7, 1), date(2026, 12, 31)),
        1,
        0.5,
        0,
        0,
    ),
    Run(
        "e3",
        "pdi",
        "programme",
        EvaluationStatus.RUNNING,
        (date(2024, 1, 1), date(2025, 12, 31)),
        2,
        0.6,
        2,
        2,
    ),
    Run("e4", "fa1", "closed:0", EvaluationStatus.DONE, None, 1, 1.0, 6, 2),
)


def write_evaluations(ctx: Ctx) -> None:
    """Three grid rows (the project grid in two versions), four evaluations at different stages."""
    project, programme = EvaluatedObject.PROJECT, EvaluatedObject.PROGRAMME
    fa1 = _grid(ctx, ("REF-FA", 1), None, GridStatus.SUPERSEDED, project, PROJECT_CRITERIA[:6])
    grids = {
        "fa1": fa1,
        "fa2": _grid(ctx, ("REF-FA", 2), fa1[0], GridStatus.PUBLISHED, project, PROJECT_CRITERIA),
        "pdi": _grid(ctx, ("REF-PDI", 1), None, GridStatus.PUBLISHED, programme, PROGRAMME_CRITERIA),
    }
    for run in RUNS:
        _evaluation(ctx, run, grids[run.grid], _subject(ctx, run.subject))


def _subject(ctx: Ctx, subject: str) -> Plan | None:
    if subject == "programme":
        return None
    status, _, number = subject.partition(":")
    plans: list[Plan] = ctx.refs["plans"]
    return [p for p in plans if p.status.value == status][int(number)]


def _grid(
    ctx: Ctx,
    key: tuple[str, int],
    previous: uuid.UUID | None,
    status: GridStatus,
    object_type: EvaluatedObject,
    criteria: tuple[CriterionSpec, ...],
) -> Grid:
    code, version = key
    grid_id = ctx.id("grid", code, version)
    project = object_type is EvaluatedObject.PROJECT
    ctx.add(
        EvaluationGrid,
        id=grid_id,
        code=code,
        version=version,
        previous_version_id=previous,
        title="Référentiel d'évaluation des fiches action"
        if project
        else "Référentiel d'évaluation du programme départemental d'insertion",
        object_type=object_type,
        status=status,
        timing=EvaluationTiming.IN_ITINERE if project else EvaluationTiming.EX_POST,
    )
    rows = [
        (_criterion(ctx, key, grid_id, position, spec), spec) for position, spec in enumerate(criteria, 1)
    ]
    return grid_id, rows


def _criterion(
    ctx: Ctx, key: tuple[str, int], grid_id: uuid.UUID, position: int, spec: CriterionSpec
) -> uuid.UUID:
    criterion_id = ctx.id("criterion", *key, position)
    indicator = ctx.refs["indicators"].get(spec.indicator) if spec.indicator else None
    ctx.add(
        Criterion,
        id=criterion_id,
        grid_id=grid_id,
        position=position,
        family=spec.family,
        question=spec.question,
        judgement=spec.judgement,
        indicator_label=spec.indicator_label,
        indicator_id=indicator,
        baseline=spec.baseline,
        target=spec.target,
        source=spec.source,
        weight=Decimal(spec.weight),
        eliminatory_threshold=spec.eliminatory,
    )
    for level, text in enumerate(LEVEL_TEXT, start=1):
        ctx.add(
            ScaleLevel,
            id=ctx.id("scale_level", *key, position, level),
            criterion_id=criterion_id,
            level=level,
            descriptor=text.format(spec.judgement.lower()),
        )
    return criterion_id


def _evaluation(ctx: Ctx, run: Run, grid: Grid, plan: Plan | None) -> None:
    evaluation_id = ctx.id("evaluation", run.key)
    period = run.period or (plan.row["starts_on"], plan.row["ends_on"]) if plan else run.period
    assert period is not None
    ctx.add(
        Evaluation,
        id=evaluation_id,
        grid_id=grid[0],
        commissioner="Conseil d'administration du GIP",
        title=TITLES[run.key] + plan.row["title"] if plan else PROGRAMME_TITLE,
        object_type=EvaluatedObject.PROJECT if plan else EvaluatedObject.PROGRAMME,
        project_id=plan.id if plan else None,
        framework_id=None if plan else ctx.refs["frameworks"]["pdi"],
        period_start=period[0],
        period_end=period[1],
        status=run.status,
        synthesis=FINAL if run.status is EvaluationStatus.DONE else SYNTHESIS,
        method_and_limits=METHOD,
    )
    evaluators = _evaluators(ctx, run, evaluation_id)
    criteria = grid[1][: max(1, round(len(grid[1]) * run.coverage))]
    for number, (criterion_id, spec) in enumerate(criteria):
        _appraisals(ctx, run, (evaluation_id, criterion_id), evaluators, number, spec)
    _recommendations(ctx, run, evaluation_id)


def _appraisals(
    ctx: Ctx,
    run: Run,
    ids: tuple[uuid.UUID, uuid.UUID],
    evaluators: list[uuid.UUID],
    number: int,
    spec: CriterionSpec,
) -> None:
    """Each evaluator's level on one criterion, then the consolidated one where it exists."""
    evaluation_id, criterion_id = ids
    for rank, evaluator_id in enumerate(evaluators):
        level, why = _level(ctx, spec, rank)
        ctx.add(
            Appraisal,
            id=ctx.id("appraisal", run.key, number, rank),
            evaluation_id=evaluation_id,
            criterion_id=criterion_id,
            evaluator_id=evaluator_id,
            level=level,
            justification=why,
            evidence=spec.source,
            consolidated=False,
        )
    if number < run.consolidated:
        ctx.add(
            Appraisal,
            id=ctx.id("appraisal", run.key, number, "consolidated"),
            evaluation_id=evaluation_id,
            criterion_id=criterion_id,
            evaluator_id=None,
            level=LEVELS[(number + 1) % 4],
            consolidated=True,
            evidence=spec.source,
            justification=CONSOLIDATION,
        )


def _recommendations(ctx: Ctx, run: Run, evaluation_id: uuid.UUID) -> None:
    for number, (text, priority, addressee, status, follow_up) in enumerate(
        RECOMMENDATIONS[: run.recommendations]
    ):
        ctx.add(
            Recommendation,
            id=ctx.id("recommendation", run.key, number),
            evaluation_id=evaluation_id,
            text=text,
            priority=Priority(priority),
            addressee=addressee,
            due_on=date(2027, 3 + 3 * number, 1),
            status=RecommendationStatus(status),
            follow_up=follow_up,
        )


def _evaluators(ctx: Ctx, run: Run, evaluation_id: uuid.UUID) -> list[uuid.UUID]:
    agents: list[Agent] = [a for a in ctx.refs["pool"] if a.function.value == "evaluation_officer"]
    ids = []
    for number in range(run.evaluators):
        agent = agents[number % len(agents)]
        ids.append(ctx.id("evaluator", run.key, number))
        ctx.add(
            Evaluator,
            id=ids[-1],
            evaluation_id=evaluation_id,
            full_name=agent.full_name,
            internal=True,
            pool_member_id=agent.id,
        )
    if run.evaluators > 1:
        ids.append(ctx.id("evaluator", run.key, "external"))
        ctx.add(Evaluator, id=ids[-1], evaluation_id=evaluation_id, full_name=EXTERNAL, internal=False)
    return ids


def _level(ctx: Ctx, spec: CriterionSpec, rank: int) -> tuple[AppraisalLevel, str]:
    """Mostly levels 2-4; NE (justified) for the user survey not yet run, NC where it does not apply."""
    if spec.family is CriterionFamily.UTILITY and rank > 0:
        return (
            AppraisalLevel.NOT_ASSESSABLE,
            "Non évaluable : le questionnaire aux participants n'a pas encore été administré.",
        )
    if spec.family is CriterionFamily.SUSTAINABILITY and rank == 0:
        return AppraisalLevel.NOT_CONCERNED, "Non concerné à ce stade : la question se pose en fin d'action."
    level = ctx.rng.choice(LEVELS)
    return level, f"Appréciation fondée sur {spec.source.lower()}."
