"""The two lists of the Évaluation page: evaluations and référentiels (ListPage subclasses, no header)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from app.db import job
from app.domain.enums import EvaluationStatus, GridStatus
from app.domain.evaluation import EvaluationDetail, EvaluationSummary, GridSummary
from app.formatting import number
from app.services.evaluation import get_evaluation, list_evaluations, list_grids
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.widgets.evaluation_html import evaluation_html, grid_html, period, progress_text
from app.ui.widgets.list_helpers import (
    QUIET,
    WARN,
    TabList,
    enum_options,
    enum_rank,
    moment_key,
    text_options,
    tone,
)
from app.ui.widgets.list_page import FilterSpec, Job


class EvaluationsList(TabList):
    EMPTY_HINT = ("Aucune évaluation enregistrée.\nUne évaluation applique une version d'un référentiel "
                  "(onglet « Référentiels ») à un projet, un axe ou un programme sur une période.")
    STATE_KEY = "evaluation_evaluations"
    SORT = (4, Qt.SortOrder.DescendingOrder)  # most recent period first

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Évaluation"), lambda e: e.title, tooltip=lambda e: e.title),
            Column(self.tr("Statut"), lambda e: e.status.label, lambda e: enum_rank(e.status),
                   foreground=lambda e: tone(e.status, good=(EvaluationStatus.DONE,))),
            Column(self.tr("Avancement"), progress_text, lambda e: e.progress, RIGHT),
            Column(self.tr("NE"), lambda e: number(e.ne_count), lambda e: e.ne_count, RIGHT,
                   tooltip=lambda e: "Appréciations « non évaluable » : à justifier",
                   foreground=lambda e: WARN if e.ne_count else QUIET),
            Column(self.tr("Période"), period, lambda e: moment_key(e.period_start)),
            Column(self.tr("Évaluateurs"), lambda e: number(len(e.evaluators)), lambda e: len(e.evaluators),
                   RIGHT, tooltip=lambda e: ", ".join(e.evaluators)),
            Column(self.tr("Référentiel"), lambda e: e.grid_label),
            Column(self.tr("Objet évalué"), lambda e: e.object_label, tooltip=lambda e: e.object_label),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("status", "Tous les statuts", lambda rows: enum_options(rows, lambda r: r.status),
                       lambda row, value: row.status == value),
            FilterSpec("grid", "Tous les référentiels", lambda rows: text_options(r.grid_label for r in rows),
                       lambda row, value: row.grid_label == value),
        )

    def load_job(self) -> Job:
        return job(list_evaluations)

    def detail_job(self, row: Any) -> Job | None:
        assert isinstance(row, EvaluationSummary)
        return job(get_evaluation, row.id)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, EvaluationDetail)
        return evaluation_html(detail)


class GridsList(TabList):
    EMPTY_HINT = ("Aucun référentiel d'évaluation.\nUn référentiel liste les critères (pertinence, "
                  "cohérence, efficacité…), leurs questions évaluatives et l'échelle à quatre niveaux.")
    STATE_KEY = "evaluation_grids"

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Code"), lambda g: g.code),
            Column(self.tr("Intitulé"), lambda g: g.title, tooltip=lambda g: g.title),
            Column(self.tr("Version"), lambda g: f"v{g.version}", lambda g: g.version, RIGHT),
            Column(self.tr("Objet"), lambda g: g.object_type.label),
            Column(self.tr("Temporalité"), lambda g: g.timing.label, lambda g: enum_rank(g.timing)),
            Column(self.tr("Statut"), lambda g: g.status.label, lambda g: enum_rank(g.status),
                   foreground=lambda g: tone(g.status, good=(GridStatus.PUBLISHED,),
                                             warn=(GridStatus.DRAFT,)) or QUIET),
            Column(self.tr("Critères"), lambda g: number(g.criteria_count), lambda g: g.criteria_count,
                   RIGHT),
        )

    def load_job(self) -> Job:
        return job(list_grids)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, GridSummary)
        return grid_html(detail)
