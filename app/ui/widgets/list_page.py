"""The common shape of a module page: title, search, filters, a sortable table and the selected row's detail.

A subclass declares `TITLE`, `EXPLANATION`, `EMPTY_HINT`, `STATE_KEY`, its columns, its load job and how a
row's detail is rendered; everything else (search, sorting, empty states, counts, shortcuts) lives here.
The columns' `display` and `sort_key` functions and the filters' `options` run in the worker with the load
(`load_rows`, issue 5): they read the row they are given and nothing else, no widget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.progress import Progress
from app.ui.item_models.row_filter_proxy import RowFilterProxy
from app.ui.item_models.summary_table_model import Column, PreparedRows, SummaryTableModel
from app.ui.tasks import TaskRunner
from app.ui.ui_state import UiState
from app.ui.widgets.form_fields import find_data, french_spaces
from app.ui.widgets.hint_table import cap_column_widths
from app.ui.widgets.history_view import HistoryView
from app.ui.widgets.page_header import PageHeader, count_text

Job = Callable[[Progress], Any]


@dataclass(frozen=True)
class FilterSpec:
    """A combo above the table: its options come from the loaded rows; `test(row, value)` keeps a row."""

    name: str
    all_label: str
    options: Callable[[Sequence[Any]], list[tuple[str, object]]]
    test: Callable[[Any, object], bool]


class LoadedRows(PreparedRows):
    """What a list page's load hands to the GUI thread: its rows prepared, and its combos' options."""

    filter_options: list[list[tuple[str, object]]]


def load_rows(
    load: Job, columns: Sequence[Column], filters: Sequence[FilterSpec], progress: Progress
) -> LoadedRows:
    """The worker's part of `ListPage.refresh()` (issue 5): read the rows, compute their texts, every
    column's sort keys and the combos' options, so that the GUI thread only swaps lists (no widget here)."""
    loaded = LoadedRows.of(columns, load(progress), sorted_by=range(len(columns)))
    loaded.filter_options = [spec.options(loaded) for spec in filters]
    return loaded


class ListPage(QWidget):
    """Base class of list pages. Subclasses implement `columns`, `load_job` and `detail_html`."""

    TITLE = ""
    EXPLANATION = ""
    EMPTY_HINT = ""
    STATE_KEY = ""
    SEARCH_PLACEHOLDER = "Rechercher (Ctrl+F) : mots séparés par des espaces…"
    DETAIL_BELOW = False  # wide tables read better with the detail under them, across the whole width
    HISTORY_TABLE = ""  # the synced table of the rows: adds their history and conflict badge to the detail

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._detail_request = 0
        self._selected_id: object = None
        self._revealing = False  # a reveal() waits for the rows
        self._columns_fitted = False  # fitted to the first rows once; then the user's widths stay
        self._filters = self.filter_specs()
        self.model = SummaryTableModel(self.columns(), self)
        self.proxy = RowFilterProxy(self.model, self)
        self._build_widgets()
        self._build_layout()
        self._connect()

    # -- what subclasses declare -------------------------------------------------------------------
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def load_job(self) -> Job:
        raise NotImplementedError

    def filter_specs(self) -> Sequence[FilterSpec]:
        return ()

    def detail_job(self, row: Any) -> Job | None:
        """A job fetching the row's full detail, or None to render the row itself."""
        return None

    def detail_html(self, detail: Any) -> str:
        raise NotImplementedError

    def extra_widgets(self) -> Sequence[QWidget]:
        """Widgets shown under the header, above the table (tabs, charts...)."""
        return ()

    # -- construction ------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.header = PageHeader(self.tr(self.TITLE), self.tr(self.EXPLANATION), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr(self.SEARCH_PLACEHOLDER))
        self.search.setClearButtonEnabled(True)
        self.filter_combos = [self._make_combo(spec) for spec in self._filters]
        self.count_label = QLabel(self.tr("Chargement…"), self)
        self.count_label.setObjectName("count")
        self.table = self._make_table()
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_label)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("detail")
        self.detail.setOpenExternalLinks(False)
        below = Qt.Orientation.Vertical if self.DETAIL_BELOW else Qt.Orientation.Horizontal
        self.splitter = QSplitter(below, self)
        self.splitter.addWidget(self.table_stack)
        self.detail_side = self._detail_side()
        self.splitter.addWidget(self.detail_side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 440] if self.DETAIL_BELOW else [600, 400])
        self.splitter.setChildrenCollapsible(False)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._show_detail_hint()

    def _detail_side(self) -> QWidget:
        """The detail, with the conflict badge above it and the history under it (issue 3)."""
        self.history: HistoryView | None = None
        if not self.HISTORY_TABLE:
            return self.detail
        panel = QWidget(self)
        # under a wide list, the detail pane is short already: the history takes fewer rows of it
        rows = 4 if self.DETAIL_BELOW else 7
        self.history = HistoryView(self._runner, table=self.HISTORY_TABLE, max_rows=rows, parent=panel)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.history.badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.history)
        return panel

    def _make_combo(self, spec: FilterSpec) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"filter_{spec.name}")
        combo.addItem(self.tr(spec.all_label), None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(320)
        return combo

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # setSortingEnabled alone sorts descending
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        table.horizontalHeader().setResizeContentsPrecision(60)  # fit columns to the first rows, not 10,000
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setHighlightSections(False)
        return table

    def wrap_body(self, body: QWidget) -> QWidget:
        """The widget placed under the header: the list itself, or tabs holding it (see Diagnostic)."""
        return body

    def _build_layout(self) -> None:
        body = QWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for combo in self.filter_combos:
            bar.addWidget(combo, 1)
        bar.addStretch(0)
        bar.addWidget(self.count_label)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(bar)
        body_layout.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.header)
        for widget in self.extra_widgets():
            layout.addWidget(widget)
        layout.addWidget(self.wrap_body(body), 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        for combo in self.filter_combos:
            combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.table.activated.connect(self._on_table_activated)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._on_find_shortcut_activated)
        state = UiState().splitter_state(self.STATE_KEY) if self.STATE_KEY else None
        if state is not None and not state.isEmpty():
            self.splitter.restoreState(state)

    # -- loading -----------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Reload the rows through the runner; the selection is kept when the row still exists."""
        self.count_label.setText(self.tr("Chargement…"))
        load = partial(load_rows, self.load_job(), self.model.columns, self._filters)
        self._runner.submit(load, owner=self, on_success=self._on_rows_loaded)

    def _on_rows_loaded(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self.proxy.sort(
            self.table.horizontalHeader().sortIndicatorSection(),
            self.table.horizontalHeader().sortIndicatorOrder(),
        )
        self._fill_filter_options(rows)
        self._update_counts()
        if self._revealing:
            self._show_revealed()
        else:
            self._reselect()
        self._fit_columns_once()

    def _fit_columns_once(self) -> None:
        """Columns fitted to the first rows loaded, once: a reload (after a save, after every sync round)
        keeps the widths the user dragged, and no longer measures the rows again on the GUI thread
        (40–90 ms a list on the large demo)."""
        if self._columns_fitted or self.model.rowCount() == 0:
            return
        self.table.resizeColumnsToContents()
        cap_column_widths(self.table, self.model.columns)
        self._columns_fitted = True

    def _fill_filter_options(self, rows: Sequence[Any]) -> None:
        if isinstance(rows, LoadedRows):
            options = rows.filter_options
        else:
            options = [spec.options(rows) for spec in self._filters]
        for combo, choices in zip(self.filter_combos, options, strict=True):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in choices:
                combo.addItem(label, value)
            index = find_data(combo, current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._apply_predicates()

    def _reselect(self) -> None:
        proxy_index = self._shown_index_of_selected_id()
        if proxy_index.isValid():
            self._select(proxy_index)
            self.table.scrollTo(proxy_index)
        else:
            self._selected_id = None
            self._show_detail_hint()
            if self.history is not None:
                self.history.clear()

    def reveal(self, table: str, row_id: object) -> bool:
        """Select the row of this object of `table` (from the Synchronisation page), search and filters
        cleared when they hide it. A row not loaded here (still loading, or received since the list was
        read) is selected when the reloaded rows arrive. False: not one of ours."""
        if not self.HISTORY_TABLE or table != self.HISTORY_TABLE:
            return False
        self._selected_id, self._revealing = row_id, True
        if self.model.row_of(row_id) < 0:
            self.refresh()
        else:
            self._show_revealed()
        return True

    def _show_revealed(self) -> None:
        self._revealing = False
        if not self._shown_index_of_selected_id().isValid():
            self.search.clear()
            self._on_search_timer_timeout()
            for combo in self.filter_combos:
                combo.setCurrentIndex(0)
        self._reselect()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _shown_index_of_selected_id(self) -> QModelIndex:
        """Where the last selected row is in the table, or an invalid index (gone, or filtered out)."""
        if self._selected_id is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(self.model.row_of(self._selected_id), 0))

    def _follow_selection(self) -> None:
        """After a sort or a filter (issue 5): the selected row stays in view, and the row a search hid
        is selected again when it shows again (the detail kept showing it meanwhile)."""
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self._shown_index_of_selected_id()
        if index.isValid():
            if not rows:
                self._select(index)
            self.table.scrollTo(index)

    def _select(self, proxy_index: QModelIndex) -> None:
        """Not QTableView.selectRow: it depends on the header's layout and on the keyboard modifiers held."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(proxy_index, flags)

    # -- search and filters ------------------------------------------------------------------------
    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.proxy.set_search_text(self.search.text())
        self._update_counts()
        self._follow_selection()

    @Slot(int)
    def _on_filter_combo_changed(self, _index: int) -> None:
        self._apply_predicates()
        self._update_counts()
        self._follow_selection()

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_indicator_changed(self, _column: int, _order: Qt.SortOrder) -> None:
        self._follow_selection()  # connected after the view's own slot: the rows are sorted by now

    def _apply_predicates(self) -> None:
        for spec, combo in zip(self._filters, self.filter_combos, strict=True):
            value = combo.currentData()
            self.proxy.set_predicate(spec.name, None if value is None else _bind(spec.test, value))

    def _update_counts(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(count_text(shown, total))
        if total == 0:
            self.empty_label.setText(french_spaces(self.tr(self.EMPTY_HINT)))
        elif shown == 0:
            self.empty_label.setText(french_spaces(self.tr(
                "Aucun élément ne correspond à la recherche ou aux filtres.\n"
                "Effacez le champ de recherche ou choisissez « Tous » dans les filtres.")))
        self.table_stack.setCurrentIndex(0 if shown else 1)
        self.detail_side.setVisible(total > 0)  # an empty list: its hint alone, no blank detail

    @Slot()
    def _on_find_shortcut_activated(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- detail ------------------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_detail(rows[0])

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.show_detail(index)

    def show_detail(self, proxy_index: QModelIndex) -> None:
        """Render the detail of the row at `proxy_index`, fetching it in the worker when needed."""
        row = self.model.row_at(self.proxy.mapToSource(proxy_index).row())
        self._selected_id = row.id
        self._detail_request += 1
        if self.history is not None:
            self.history.show_object(row.id)
        fetch = self.detail_job(row)
        if fetch is None:
            self.detail.setHtml(self.detail_html(row))
            return
        request = self._detail_request
        self._runner.submit(fetch, owner=self, on_success=partial(self._on_detail_loaded, request))

    def _on_detail_loaded(self, request: int, detail: Any) -> None:
        if request == self._detail_request:  # a later selection supersedes this answer
            self.detail.setHtml(self.detail_html(detail))

    def _show_detail_hint(self) -> None:
        self.detail.setHtml(
            "<p style='color:#777; margin-top:24px' align='center'>"
            + self.tr("Sélectionnez une ligne du tableau pour afficher son détail ici.")
            + "</p>"
        )

    def selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    @Slot(int, int)
    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        if self.STATE_KEY:
            UiState().set_splitter_state(self.STATE_KEY, self.splitter.saveState())


def _bind(test: Callable[[Any, object], bool], value: object) -> Callable[[Any], bool]:
    return lambda row: test(row, value)
