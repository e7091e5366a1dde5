"""« Portefeuille »: every project (fiche action), filtered by status, axis and framework, with its detail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QTabWidget, QToolBar, QToolButton, QWidget

from app.db import job
from app.domain.enums import ProjectStatus
from app.domain.portfolio import ProjectDetail, ProjectRow
from app.formatting import euros, short_date
from app.services.portfolio import get_project, list_projects
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets.colours import project_status_colour
from app.ui.widgets.coverage_view import CoverageView
from app.ui.widgets.form_fields import french_spaces
from app.ui.widgets.frameworks_view import FrameworksView
from app.ui.widgets.funding_view import FundingView
from app.ui.widgets.list_helpers import enum_rank
from app.ui.widgets.list_page import FilterSpec, Job, ListPage
from app.ui.widgets.menu_button import as_menu_button
from app.ui.widgets.portfolio_actions import PortfolioActions
from app.ui.widgets.portfolio_undo import FundingCommand, ReattachCommand
from app.ui.widgets.project_detail import project_html


def _date_key(day: Any) -> int:
    return day.toordinal() if day is not None else 0


def _status_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    present = {row.status for row in rows}
    return [(status.label, status) for status in ProjectStatus if status in present]


def _axis_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    axes = {axis.id: axis for row in rows for axis in row.axes}
    ordered = sorted(
        axes.values(), key=lambda a: (a.framework_code, [int(p) for p in a.number.split(".") if p.isdigit()])
    )
    return [(f"{axis.number} {axis.title}"[:70], axis.id) for axis in ordered]


def _framework_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    codes = sorted({axis.framework_code for row in rows for axis in row.axes if axis.framework_code})
    return [(code, code) for code in codes]


class PortfolioPage(ListPage):
    """The project table stays fluid on 10,000 rows: one load, sorting and filtering in the proxy."""

    TITLE = "Portefeuille"
    EXPLANATION = (
        "Les fiches action du GIP : statut, porteur, pilote, calendrier et financement. "
        "Sélectionnez un projet pour voir ses objectifs, son plan de financement et ses jalons."
    )
    EMPTY_HINT = (
        "Aucun projet pour le moment.\nCréez la première fiche action avec « Nouvelle fiche » (Ctrl+N), "
        "ou ouvrez la base de démonstration (Fichier › Ouvrir une base…)."
    )
    STATE_KEY = "portfolio"
    HISTORY_TABLE = "project"  # who changed a figure, and conflicts to arbitrate (issue 3)
    DETAIL_BELOW = True

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        self.tabs: QTabWidget | None = None
        super().__init__(runner, parent)
        self.actions_bar = PortfolioActions(self, runner)
        self.actions_bar.changed.connect(self._on_actions_changed)
        self.actions_bar.message.connect(self._on_actions_message)
        self.toolbar.addActions([self.actions_bar.new, self.actions_bar.edit, self.actions_bar.duplicate])
        self._add_menu_button(self.actions_bar.status)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.actions_bar.undo, self.actions_bar.redo, self.actions_bar.sheet])
        self.export_menu = QMenu(self.tr("Exporter"), self)
        self.export_menu.addActions([self.actions_bar.export_portfolio, self.actions_bar.export_financing])
        self._add_menu_button(self.export_menu.menuAction())
        self.needs_action = self.actions_bar.make(self.tr("Besoins du projet"), "Ctrl+B",
                                              self._on_needs_action_triggered)
        self.toolbar.addAction(self.needs_action)
        self.coverage_filter = self.actions_bar.make(self.tr("Effacer le filtre par besoin"), "Ctrl+Shift+B",
                                                 self._on_coverage_filter_triggered)
        self.toolbar.addAction(self.coverage_filter)
        self.coverage_filter.setVisible(False)
        self.coverage.need_activated.connect(self._on_coverage_need_activated)
        assert self.tabs is not None  # made by wrap_body, during ListPage.__init__
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)

    def _add_menu_button(self, action: QAction) -> None:
        self.toolbar.addAction(action)
        button = self.toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            as_menu_button(button)

    @override
    def wrap_body(self, body: QWidget) -> QWidget:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.coverage = CoverageView(self._runner, self.tabs)
        self.tabs.addTab(body, self.tr("Fiches action"))
        self.tabs.addTab(self.coverage, self.tr("Couverture des besoins"))
        self.funding = FundingView(self._runner, self.tabs)
        self.funding.changed.connect(self.refresh)
        self.funding.line_changed.connect(self._on_funding_line_changed)
        self._funding_loaded = False
        self.tabs.addTab(self.funding, self.tr("Financements"))
        self.frameworks = FrameworksView(self._runner, self.tabs)
        self.frameworks.changed.connect(self.refresh)
        self.frameworks.message.connect(self._on_actions_message)
        self.frameworks.reattached.connect(self._on_frameworks_reattached)
        self.frameworks.undoable.connect(self._on_undoable)
        self.tabs.addTab(self.frameworks, self.tr("Cadres et axes"))
        return self.tabs

    @override
    def extra_widgets(self) -> Sequence[QWidget]:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("portfolio_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.last_message = ""
        return (self.toolbar,)

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Code"), lambda r: r.code),
            Column(self.tr("Intitulé"), lambda r: r.title, tooltip=lambda r: r.title, stretch=True),
            Column(
                self.tr("Axes"),
                lambda r: r.axes_label,
                tooltip=lambda r: "\n".join(axis.label for axis in r.axes),
            ),
            Column(self.tr("Porteur"), lambda r: r.carrier, tooltip=lambda r: r.carrier, max_width=170),
            Column(
                self.tr("Statut"),
                lambda r: r.status.label,
                lambda r: enum_rank(r.status),
                foreground=lambda r: project_status_colour(r.status),
            ),
            Column(self.tr("Pilote"), lambda r: r.pilot or "—", max_width=130),
            Column(self.tr("Début"), lambda r: short_date(r.starts_on), lambda r: _date_key(r.starts_on)),
            Column(self.tr("Fin"), lambda r: short_date(r.ends_on), lambda r: _date_key(r.ends_on)),
            Column(
                self.tr("Financement"),
                lambda r: euros(r.total_cents),
                lambda r: r.total_cents,
                alignment=RIGHT,
            ),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("status", "Tous les statuts", _status_options, lambda row, value: row.status == value),
            FilterSpec(
                "axis",
                "Tous les axes",
                _axis_options,
                lambda row, value: any(axis.id == value for axis in row.axes),
            ),
            FilterSpec(
                "framework",
                "Tous les cadres",
                _framework_options,
                lambda row, value: value in row.framework_codes,
            ),
        )

    def load_job(self) -> Job:
        return job(list_projects)

    def detail_job(self, row: ProjectRow) -> Job | None:
        return job(get_project, row.id)

    def detail_html(self, detail: ProjectDetail) -> str:
        return project_html(detail)

    # -- commands --------------------------------------------------------------------------------
    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return row.id if row is not None else None

    @override
    def show_detail(self, proxy_index: QModelIndex) -> None:
        super().show_detail(proxy_index)
        self.actions_bar.update_enabled(self.selected_id())
        if self.tabs is not None and self.tabs.currentWidget() is self.funding:
            self._show_funding()

    @Slot(QModelIndex)
    @override
    def _on_table_activated(self, index: QModelIndex) -> None:
        """Entrée or a double click: open the fiche in the form."""
        self.table.selectRow(index.row())
        self.actions_bar.open_form(self.selected_id())

    @Slot(object)
    def _on_undoable(self, command: Any) -> None:
        self.actions_bar.history.push(command)

    @Slot(object)
    def _on_actions_changed(self, project_id: uuid.UUID | None) -> None:
        if project_id is not None:  # None: an axis or a framework changed, the selection stays
            self._selected_id = project_id
        self.coverage.mark_stale()
        self.refresh()
        if self.frameworks.loaded:  # an undone re-attachment changes the axes' counts
            self.frameworks.load()
        if self._funding_loaded:  # and an undone funding line the totals
            self.funding.load()

    @Slot(object, object)
    def _on_funding_line_changed(self, before: Any, after: Any) -> None:
        self.actions_bar.history.push(FundingCommand(before, after))

    @Slot(object, object)
    def _on_frameworks_reattached(self, result: Any, mapping: Any) -> None:
        """Ctrl+Z undoes a re-attachment like the fiche edits (issue 5)."""
        self.actions_bar.history.push(ReattachCommand(result, mapping))

    @Slot(str)
    def _on_actions_message(self, text: str) -> None:
        self.last_message = text
        self.count_label.setToolTip(text)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    @override
    def _update_counts(self) -> None:
        super()._update_counts()
        text = self.search.text().strip()
        if self.model.rowCount() and not self.proxy.rowCount():
            searched = self.tr("Aucun projet ne correspond à « %1 » — effacez la recherche (Échap)")
            filtered = self.tr("Aucun projet ne correspond aux filtres — choisissez « Tous » dans les listes "
                               "au-dessus du tableau.")
            hint = searched.replace("%1", text) if text else filtered
            self.empty_label.setText(french_spaces(hint))

    # -- coverage ----------------------------------------------------------------------------------
    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs is not None and self.tabs.widget(index) is self.coverage:
            self.coverage.ensure_loaded()
        if self.tabs is not None and self.tabs.widget(index) is self.funding:
            self._show_funding()
        if self.tabs is not None and self.tabs.widget(index) is self.frameworks:
            self.frameworks.load()

    def _show_funding(self) -> None:
        """The plan of the selected fiche, and (once) the portfolio's totals and charts."""
        if not self._funding_loaded:
            self._funding_loaded = True
            self.funding.load()
        row = self.selected_row()
        self.funding.set_project(row.id if row else None, row.code if row else "")

    @Slot(str, object)
    def _on_coverage_need_activated(self, need: str, project_ids: frozenset[uuid.UUID]) -> None:
        """From the matrix: only the projects answering this need."""
        self.proxy.set_predicate("coverage", lambda row: row.id in project_ids)
        self.coverage_filter.setText(self.tr("Besoin %1 ✕").replace("%1", need[:40]))
        self.coverage_filter.setVisible(True)
        self._update_counts()
        if self.tabs is not None:
            self.tabs.setCurrentIndex(0)

    @Slot()
    def _on_coverage_filter_triggered(self) -> None:
        self.proxy.set_predicate("coverage", None)
        self.coverage_filter.setVisible(False)
        self._update_counts()

    @Slot()
    def _on_needs_action_triggered(self) -> None:
        """From the table: the needs the selected project answers, in the matrix."""
        project_id = self.selected_id()
        if project_id is not None and self.tabs is not None:
            self.tabs.setCurrentWidget(self.coverage)
            self.coverage.ensure_loaded()
            self.coverage.focus_project(project_id)
