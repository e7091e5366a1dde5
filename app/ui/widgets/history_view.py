"""« Historique des modifications » of one object, from the sync log: who, when, which field,
before → after, on which workstation; plus the object's conflict badge (issue 3).

Adding it to a detail pane takes three lines::

    self.history = HistoryView(runner, table="project", parent=self)
    layout.addWidget(self.history.badge); layout.addWidget(self.history)  # badge: near the title
    self.history.show_object(project.id)  # whenever the shown object changes (UUID or str)

`show_object` loads history and conflicts through the runner (never on the GUI thread); a later call
supersedes an answer still on its way. `clear()` empties it; `record_loaded` tells who else cares.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from uuid import UUID

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QTableView, QToolButton, QVBoxLayout, QWidget

from app.db import db_path
from app.domain.progress import Progress
from app.domain.sync import HistoryEntry, ObjectRecord
from app.formatting import short_date_time
from app.sync.service import object_record
from app.ui.dialogs.arbitrate_dialog import arbitrate_on_click
from app.ui.item_models.summary_table_model import Column, SummaryTableModel
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import ConflictBadge
from app.ui.widgets.hint_table import cap_column_widths, fit_height_to_rows
from app.ui.widgets.sync_format import hlc_moment, who_on


def row_key(object_id: object) -> str:
    """How the sync log names a row: the UUID's 32 hex digits."""
    return object_id.hex if isinstance(object_id, UUID) else str(object_id).replace("-", "")


def _record_job(table: str, row_id: str) -> Callable[[Progress], ObjectRecord]:
    def run(progress: Progress) -> ObjectRecord:
        return object_record(db_path(), table, row_id)

    return run


class HistoryView(QWidget):
    """A collapsible table of an object's changes, newest first."""

    record_loaded = Signal(object)  # ObjectRecord

    def __init__(
        self, runner: TaskRunner, *, table: str, max_rows: int = 7, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner, self.table_name, self.max_rows = runner, table, max_rows
        self._request = 0
        self.record: ObjectRecord | None = None
        self._natural: list[int] = []  # the record's fitted column widths (set_record)
        self.badge = ConflictBadge(parent)
        self._shown: object = None  # the object whose history is shown (show_object)
        arbitrate_on_click(self.badge, runner, self._reload)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("history_toggle")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setCheckable(True)
        self.toggle.setStyleSheet("QToolButton#history_toggle { font-weight: 600; color: #1f3b57; }")
        self.model = SummaryTableModel(self._columns(), self)
        self.view = self._make_view()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.view)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self._on_toggle_toggled(False)
        self._update_title()

    def _make_view(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setResizeContentsPrecision(60)  # fit to the newest rows, not thousands
        view.viewport().installEventFilter(self)  # a narrower pane: the columns fit again
        return view

    def _columns(self) -> list[Column]:
        """Four columns, the change last (it takes the room left): beside a list, in a pane a third
        of the window wide, « avant → après » stays in view."""
        return [
            Column(self.tr("Quand"), lambda e: short_date_time(hlc_moment(e.hlc)), lambda e: e.hlc),
            Column(self.tr("Qui"), self._who, tooltip=self._who, max_width=160),
            Column(self.tr("Champ"), lambda e: e.field, tooltip=lambda e: e.field, max_width=200),
            Column(self.tr("Modification"), lambda e: e.change, tooltip=lambda e: e.change),
        ]

    def _who(self, entry: HistoryEntry) -> str:
        workstation = self.record.workstation(entry.replica_id) if self.record else entry.replica_id[:8]
        return who_on(entry.author, workstation)

    def show_object(self, object_id: object) -> None:
        """Load the history and conflicts of the object `object_id` of this view's table."""
        self._shown = object_id
        self._request += 1
        request = self._request
        job = _record_job(self.table_name, row_key(object_id))
        self._runner.submit(job, owner=self, on_success=partial(self._on_loaded, request),
                            on_error=self._on_failed)

    def _reload(self) -> None:
        """After a conflict is arbitrated from the badge: its object's history and conflicts again."""
        if self._shown is not None:
            self.show_object(self._shown)

    def _on_loaded(self, request: int, record: ObjectRecord) -> None:
        if request == self._request:  # a later selection supersedes this answer
            self.set_record(record)

    def _on_failed(self, _exc: Exception) -> None:
        self.clear()

    def set_record(self, record: ObjectRecord | None) -> None:
        self.record = record
        self.model.set_rows(record.history if record else ())
        self.view.resizeColumnsToContents()  # once per record: a resize only shares out these widths
        cap_column_widths(self.view, self.model.columns)
        self._natural = [self.view.columnWidth(i) for i in range(self.model.columnCount())]
        self._fit_columns()
        self._fit_height()
        self.badge.set_conflicts(record.conflicts if record else (), owner=self.table_name)
        self._update_title()
        if record is not None:
            self.record_loaded.emit(record)

    def _fit_columns(self) -> None:
        """The record's fitted widths (capped); in a narrow pane « Qui » and « Champ » give up room
        (elided, the whole text in their tooltip) so that « Modification » keeps 40 % of the width."""
        if len(self._natural) < 3:
            return
        header, available = self.view.horizontalHeader(), self.view.viewport().width()
        room = available - self._natural[0] - int(available * 0.4)
        squeezed = self._natural[1] + self._natural[2]
        for index, least in ((1, 60), (2, 90)):
            width = self._natural[index]
            if 0 < room < squeezed:
                width = max(least, width * room // squeezed)
            header.resizeSection(index, width)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        """As tall as its rows, up to `max_rows` (it scrolls beyond): the detail above keeps the room."""
        fit_height_to_rows(self.view, min(max(self.model.rowCount(), 1), self.max_rows))

    def clear(self) -> None:
        self._request += 1
        self.set_record(None)

    def _update_title(self) -> None:
        count = self.model.rowCount()
        self.toggle.setText(self.tr("Historique des modifications (%1)").replace("%1", str(count)))

    @Slot(bool)
    def _on_toggle_toggled(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.view.setVisible(shown)
