"""Sync conflicts marked in an editing form (SYNC.md "In the app": a badge on conflicted fields).

The séance, décision, instance, point and financement forms mark their object's conflicts like this::

    self.form_conflicts = FormConflicts(self, runner, "meeting", meeting_id, {"place": self.place, …})
    layout.addWidget(self.form_conflicts.badge)   # « ⚠ Lieu en conflit » above the form
    …                                             # the form laid out
    self.form_conflicts.reload()

The label of each conflicted field turns red with the competing values in its tooltip (the field itself
when its row has no label, a check box for instance); the badge above the form names them all, those
of fields the form does not show and of the object's parts included (« ⚠ Siège : Droits statutaires
en conflit »), and a click on it opens them to arbitrate. They are read in the worker when the form
opens, and again after each sync round and each resolution while it stays open (the window's
SyncController). A value kept while the form is open is not undone by its save, which writes only what
was changed in the form (app.domain.rebase); the form shows it at once in a field left alone
(ReceivedNotice). The fiche action's form, with its tabs and lists, has its own
(ProjectFormTabs.mark_conflicts).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.db import db_path
from app.domain.progress import Progress
from app.domain.sync import ConflictInfo
from app.sync.service import object_conflicts
from app.ui.dialogs.arbitrate_dialog import arbitrate_on_click
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import ConflictBadge, mark_label

log = logging.getLogger(__name__)


def follow_sync(form: QWidget, reload: Callable[..., None]) -> None:
    """Call `reload` after each sync round and each resolution while `form` is open: the controller is
    the window's (MainWindow.sync) that the form was opened from; none, nothing to follow."""
    opener = form.parentWidget()
    controller = getattr(opener.window(), "sync", None) if opener is not None else None
    if controller is not None:  # conflicts arrive with a round, leave with a resolution
        controller.round_finished.connect(reload)
        controller.conflicts_changed.connect(reload)


def _conflicts_job(table: str, row_id: str) -> Callable[[Progress], tuple[ConflictInfo, ...]]:
    def run(_progress: Progress) -> tuple[ConflictInfo, ...]:
        return object_conflicts(db_path(), table, row_id, parts=True)

    return run


class FormConflicts(QObject):
    """The conflicts of one row of `table`, marked on the form's fields (column → widget); `loaded` gives
    them all, its parts' included, to what marks them elsewhere (the instance form's seats table)."""

    loaded = Signal(tuple)

    def __init__(self, form: QWidget, runner: TaskRunner, table: str, row_id: uuid.UUID,
                 fields: Mapping[str, QWidget], *, arbitrated: Callable[[], None] | None = None) -> None:
        """`arbitrated`: what to do after each value kept from the badge (default: read the marks again)."""
        super().__init__(form)
        self._form, self._runner, self.fields = form, runner, dict(fields)
        self.table, self.row_id = table, row_id.hex
        self.badge = ConflictBadge(form)
        arbitrate_on_click(self.badge, runner, arbitrated or self.reload)
        self.conflicts: tuple[ConflictInfo, ...] = ()
        follow_sync(form, self.reload)

    @Slot()
    def reload(self, *_args: object) -> None:
        """Read the conflicts in the worker and mark them (once the form is laid out: labels are found
        through its QFormLayouts)."""
        self._runner.submit(_conflicts_job(self.table, self.row_id), owner=self._form,
                            on_success=self._on_loaded, on_error=self._on_failed)

    def marked(self, column: str) -> QWidget:
        """What carries the mark of a field: its row's label, else the field itself."""
        widget = self.fields[column]
        for layout in self._form.findChildren(QFormLayout):
            label = layout.labelForField(widget)
            if isinstance(label, QLabel) and label.text():
                return label
        return widget

    def _on_loaded(self, conflicts: tuple[ConflictInfo, ...]) -> None:
        self.conflicts = conflicts
        by_column = {c.column: c for c in conflicts if c.table == self.table}
        for column in self.fields:
            mark_label(self.marked(column), by_column.get(column))
        self.badge.set_conflicts(conflicts, owner=self.table)
        self.loaded.emit(conflicts)

    def _on_failed(self, exc: Exception) -> None:
        log.warning("Conflicts of %s %s not loaded: %s", self.table, self.row_id, exc)  # the form works
