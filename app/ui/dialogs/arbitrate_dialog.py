"""« Arbitrer les conflits » of one object, opened from its badge (a detail pane, the séance en direct, an
editing form): the same list and actions as the Synchronisation page, limited to what the badge names,
so that a coordinator in front of a committee settles a count entered differently on two laptops
without leaving the séance. Each choice is a local edit, saved in the worker and sent to the other
workstations with the next round; the dialog closes itself once nothing is left."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.db import db_path
from app.domain.progress import Progress
from app.domain.sync import ConflictInfo, SyncStatus
from app.sync.service import resolve_field
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import ConflictBadge
from app.ui.widgets.conflict_list import ConflictList
from app.ui.widgets.screen_fit import fit_to_screen


def _resolve_job(conflict: ConflictInfo, value: object) -> Callable[[Progress], SyncStatus]:
    def run(_progress: Progress) -> SyncStatus:
        return resolve_field(db_path(), conflict.table, conflict.row_id, conflict.column, value)

    return run


class ArbitrateDialog(QDialog):
    """`resolved` after each value kept (the status read after it, for the window's sync indicator)."""

    resolved = Signal(object)  # SyncStatus

    def __init__(self, runner: TaskRunner, conflicts: tuple[ConflictInfo, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Arbitrer les conflits"))
        fit_to_screen(self, 960, 420)
        self._runner = runner
        self.conflicts = conflicts
        intro = QLabel(self.tr(
            "Deux postes ont modifié ces valeurs chacun de son côté. Choisissez celle à garder, ou "
            "saisissez une valeur fusionnée pour un texte : le choix est enregistré sur ce poste et transmis "
            "aux autres à la prochaine synchronisation."), self)
        intro.setWordWrap(True)
        self.list = ConflictList(self, hint=self.tr("Plus rien à arbitrer ici."))
        self.list.show_button.hide()  # the object is the one already shown
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.resolve_requested.connect(self._on_list_resolve_requested)
        self.list.show_conflicts(conflicts)
        if conflicts:
            self.list.table.selectRow(0)
        self.list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object, object)
    def _on_list_resolve_requested(self, conflict: ConflictInfo, value: object) -> None:
        self.list.setEnabled(False)  # one choice at a time: the next waits for this one to be saved
        self._runner.submit(_resolve_job(conflict, value), owner=self,
                            on_success=partial(self._on_resolved, conflict), on_error=self._on_refused)

    def _on_resolved(self, conflict: ConflictInfo, status: SyncStatus) -> None:
        self.conflicts = tuple(c for c in self.conflicts if c.id != conflict.id)
        self.list.setEnabled(True)
        self.list.show_conflicts(self.conflicts)
        self.resolved.emit(status)
        if not self.conflicts:
            self.accept()
            return
        self.list.table.selectRow(0)

    def _on_refused(self, exc: Exception) -> None:
        self.list.setEnabled(True)
        show_error(self, exc)


def arbitrate_on_click(badge: ConflictBadge, runner: TaskRunner, reload: Callable[[], None]) -> None:
    """A click on `badge` opens its conflicts to arbitrate; after each choice, `reload` (the owner's marks)
    and the window's sync indicator (its SyncController, when there is one) are brought up to date."""
    badge.arbitrable = True
    badge.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    badge.setCursor(Qt.CursorShape.PointingHandCursor)
    badge.clicked.connect(partial(_open, badge, runner, reload))


def _open(badge: ConflictBadge, runner: TaskRunner, reload: Callable[[], None], *_args: object) -> None:
    if not badge.conflicts:
        return
    window = badge.window()  # the séance en direct, or the main window for a detail pane
    dialog = ArbitrateDialog(runner, badge.conflicts, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    opener = window.parentWidget()
    dialog.resolved.connect(partial(_after, opener.window() if opener is not None else window, reload))
    dialog.open()


def _after(main: QWidget, reload: Callable[[], None], status: SyncStatus) -> None:
    """The badge's owner, the main window's sync indicator and the page in front, as they now stand."""
    reload()
    note = getattr(getattr(main, "sync", None), "note_status", None)  # MainWindow.sync: SyncController
    if note is not None:
        note(status)  # the count of conflicts; the open forms' marks follow it
    refresh = getattr(main, "refresh_current_page", None)
    if refresh is not None:
        refresh()  # the value kept, where the page shows it (a fiche's amount in the list)
