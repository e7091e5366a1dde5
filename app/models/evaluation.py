"""Versioned evaluation grids, evaluations, appraisals and recommendations."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped, mapped_column

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
from app.models.base import Synced, bool_col, decimal_col, enum_col, fk, int_col, text_col


class EvaluationGrid(Synced):
    """A référentiel, versioned: a new version is a new row pointing at the one it replaces."""

    __tablename__ = "evaluation_grid"

    code: Mapped[str] = text_col()
    title: Mapped[str] = text_col()
    version: Mapped[int] = int_col(1)
    previous_version_id: Mapped[uuid.UUID | None] = fk("evaluation_grid.id")
    object_type: Mapped[EvaluatedObject] = enum_col(EvaluatedObject, EvaluatedObject.PROJECT)
    timing: Mapped[EvaluationTiming] = enum_col(EvaluationTiming, EvaluationTiming.IN_ITINERE)
    status: Mapped[GridStatus] = enum_col(GridStatus, GridStatus.DRAFT)


class Criterion(Synced):
    __tablename__ = "criterion"

    grid_id: Mapped[uuid.UUID | None] = fk("evaluation_grid.id")
    position: Mapped[int] = int_col()
    family: Mapped[CriterionFamily] = enum_col(CriterionFamily, CriterionFamily.RELEVANCE)
    question: Mapped[str] = text_col()
    judgement: Mapped[str] = text_col()  # critère de jugement
    indicator_label: Mapped[str] = text_col()
    indicator_id: Mapped[uuid.UUID | None] = fk("indicator.id")
    baseline: Mapped[str] = text_col()  # T0
    target: Mapped[str] = text_col()
    source: Mapped[str] = text_col()
    weight: Mapped[Decimal] = decimal_col("1")
    eliminatory_threshold: Mapped[int | None] = mapped_column(nullable=True)  # level under which it fails


class ScaleLevel(Synced):
    """The descriptor of one of the 4 levels of a criterion's scale."""

    __tablename__ = "scale_level"

    criterion_id: Mapped[uuid.UUID | None] = fk("criterion.id")
    level: Mapped[int] = int_col(1)
    descriptor: Mapped[str] = text_col()


class Evaluation(Synced):
    __tablename__ = "evaluation"

    grid_id: Mapped[uuid.UUID | None] = fk("evaluation_grid.id")
    title: Mapped[str] = text_col()
    object_type: Mapped[EvaluatedObject] = enum_col(EvaluatedObject, EvaluatedObject.PROJECT)
    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    framework_id: Mapped[uuid.UUID | None] = fk("framework.id")
    axis_id: Mapped[uuid.UUID | None] = fk("axis.id")
    period_start: Mapped[date | None] = mapped_column(nullable=True)
    period_end: Mapped[date | None] = mapped_column(nullable=True)
    commissioner: Mapped[str] = text_col()
    status: Mapped[EvaluationStatus] = enum_col(EvaluationStatus, EvaluationStatus.PLANNED)
    synthesis: Mapped[str] = text_col()
    method_and_limits: Mapped[str] = text_col()


class Evaluator(Synced):
    __tablename__ = "evaluator"

    evaluation_id: Mapped[uuid.UUID | None] = fk("evaluation.id")
    full_name: Mapped[str] = text_col()
    internal: Mapped[bool] = bool_col(True)
    pool_member_id: Mapped[uuid.UUID | None] = fk("pool_member.id")


class Appraisal(Synced):
    """One evaluator's level on one criterion; evaluator NULL means the consolidated appraisal."""

    __tablename__ = "appraisal"

    evaluation_id: Mapped[uuid.UUID | None] = fk("evaluation.id")
    criterion_id: Mapped[uuid.UUID | None] = fk("criterion.id")
    evaluator_id: Mapped[uuid.UUID | None] = fk("evaluator.id")
    level: Mapped[AppraisalLevel] = enum_col(AppraisalLevel, AppraisalLevel.NOT_ASSESSABLE)
    justification: Mapped[str] = text_col()
    evidence: Mapped[str] = text_col()
    consolidated: Mapped[bool] = bool_col(False)


class Recommendation(Synced):
    __tablename__ = "recommendation"

    evaluation_id: Mapped[uuid.UUID | None] = fk("evaluation.id")
    text: Mapped[str] = text_col()
    priority: Mapped[Priority] = enum_col(Priority, Priority.MEDIUM)
    addressee: Mapped[str] = text_col()
    due_on: Mapped[date | None] = mapped_column(nullable=True)
    status: Mapped[RecommendationStatus] = enum_col(RecommendationStatus, RecommendationStatus.OPEN)
    follow_up: Mapped[str] = text_col()  # suite donnée
