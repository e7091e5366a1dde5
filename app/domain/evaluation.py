"""Evaluation read models: grids (référentiels) and evaluations. Frozen DTOs handed to the UI.

Aggregates always carry the distribution of levels and the NE count, never only a mean (DOMAIN.md).
"""

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

SCALE = (
    AppraisalLevel.INSUFFICIENT,
    AppraisalLevel.PARTIAL,
    AppraisalLevel.SATISFACTORY,
    AppraisalLevel.VERY_SATISFACTORY,
)


@dataclass(frozen=True)
class CriterionLine:
    position: int
    family: CriterionFamily
    question: str
    judgement: str
    indicator: str
    baseline: str
    target: str
    source: str
    weight: Decimal
    eliminatory_threshold: int | None
    descriptors: tuple[tuple[int, str], ...]  # (level 1..4, descriptor)


@dataclass(frozen=True)
class GridSummary:
    id: uuid.UUID
    code: str
    title: str
    version: int
    object_type: EvaluatedObject
    timing: EvaluationTiming
    status: GridStatus
    criteria: tuple[CriterionLine, ...]
    evaluations_count: int

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)

    @property
    def version_label(self) -> str:
        return f"{self.code} v{self.version}"


@dataclass(frozen=True)
class EvaluationSummary:
    id: uuid.UUID
    title: str
    object_type: EvaluatedObject
    object_label: str
    grid_label: str  # "REF-PROJ v2"
    period_start: date | None
    period_end: date | None
    status: EvaluationStatus
    evaluators: tuple[str, ...]
    appraised: int  # criteria appraised by at least one evaluator (or consolidated)
    criteria_total: int
    ne_count: int  # NE appraisals given by evaluators

    @property
    def progress(self) -> float:
        return self.appraised / self.criteria_total if self.criteria_total else 0.0


@dataclass(frozen=True)
class CriterionResult:
    """One criterion of an evaluation: the spread of the evaluators' levels, then the consolidation."""

    position: int
    family: CriterionFamily
    question: str
    distribution: tuple[int, int, int, int]  # evaluators at level 1, 2, 3, 4
    ne_count: int
    nc_count: int
    consolidated: AppraisalLevel | None
    rationale: str

    @property
    def appraisals_count(self) -> int:
        return sum(self.distribution) + self.ne_count + self.nc_count


@dataclass(frozen=True)
class RecommendationLine:
    text: str
    priority: Priority
    addressee: str
    due_on: date | None
    status: RecommendationStatus
    follow_up: str


@dataclass(frozen=True)
class EvaluationDetail:
    summary: EvaluationSummary
    commissioner: str
    synthesis: str
    method_and_limits: str
    external_evaluators: tuple[str, ...]
    criteria: tuple[CriterionResult, ...]
    recommendations: tuple[RecommendationLine, ...]
