"""« Diagnostic »: the prioritised needs with their detail, the indicators by territory, and the AFOM."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QTextBrowser, QWidget

from app.db import job
from app.domain.diagnostic import NeedDetail, NeedRow, SwotView
from app.domain.enums import Priority, Theme
from app.formatting import number
from app.services.diagnostic import get_need, get_swot, list_needs
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets.colours import ALERT
from app.ui.widgets.diagnostic_detail import need_html, swot_html
from app.ui.widgets.indicators_view import IndicatorsView
from app.ui.widgets.list_helpers import enum_rank
from app.ui.widgets.list_page import FilterSpec, Job, ListPage


def _theme_options(rows: Sequence[NeedRow]) -> list[tuple[str, object]]:
    present = {row.theme for row in rows}
    return [(theme.label, theme) for theme in Theme if theme in present]


def _priority_options(rows: Sequence[NeedRow]) -> list[tuple[str, object]]:
    present = {row.priority for row in rows}
    return [(priority.label, priority) for priority in Priority if priority in present]


class DiagnosticPage(ListPage):
    TITLE = "Diagnostic"
    EXPLANATION = (
        "Les besoins prioritaires du territoire, les indicateurs qui les étayent et l'AFOM. "
        "Un besoin sans projet pour y répondre est signalé en rouge."
    )
    EMPTY_HINT = (
        "Aucun besoin enregistré.\nLes besoins du diagnostic territorial apparaîtront ici une fois "
        "saisis, ou ouvrez la base de démonstration (Fichier › Ouvrir une base…)."
    )
    STATE_KEY = "diagnostic"
    DETAIL_BELOW = True
    HISTORY_TABLE = "need"

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        self.indicators: IndicatorsView | None = None
        super().__init__(runner, parent)

    def columns(self) -> Sequence[Column]:
        uncovered = lambda r: ALERT if r.projects == 0 else None  # noqa: E731
        return (
            Column(self.tr("Code"), lambda r: r.code),
            Column(self.tr("Besoin"), lambda r: r.title, tooltip=lambda r: r.title, stretch=True),
            Column(self.tr("Thème"), lambda r: r.theme.label),
            Column(
                self.tr("Priorité"),
                lambda r: r.priority.label,
                lambda r: enum_rank(r.priority) * 1000 + r.rank,
            ),
            Column(
                self.tr("Public visé"),
                lambda r: r.target_public,
                tooltip=lambda r: r.target_public,
                max_width=250,
            ),
            Column(
                self.tr("Projets"),
                lambda r: number(r.projects),
                lambda r: r.projects,
                alignment=RIGHT,
                foreground=uncovered,
            ),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("theme", "Tous les thèmes", _theme_options, lambda r, v: r.theme == v),
            FilterSpec("priority", "Toutes les priorités", _priority_options, lambda r, v: r.priority == v),
        )

    def wrap_body(self, body: QWidget) -> QWidget:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.indicators = IndicatorsView(self._runner, self.tabs)
        self.swot = QTextBrowser(self.tabs)
        self.swot.setObjectName("swot")
        self.tabs.addTab(body, self.tr("Besoins"))
        self.tabs.addTab(self.indicators, self.tr("Indicateurs par territoire"))
        self.tabs.addTab(self.swot, self.tr("AFOM"))
        return self.tabs

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        if self.indicators is not None:
            self.indicators.refresh()
        self._runner.submit(job(get_swot), owner=self, on_success=self._on_swot_loaded)

    def _on_swot_loaded(self, view: SwotView | None) -> None:
        self.swot.setHtml(swot_html(view))

    def load_job(self) -> Job:
        return job(list_needs)

    def detail_job(self, row: NeedRow) -> Job | None:
        return job(get_need, row.id)

    def detail_html(self, detail: NeedDetail) -> str:
        return need_html(detail)
