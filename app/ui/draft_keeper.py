"""An open form's unsaved edits, kept every few seconds against a crash or a power cut (app.drafts),
and offered back when the same form opens again after Maillage stopped without saving it or closing it
on purpose. Closing the form, saved or not, forgets them. The writes go through the io thread, in order:
the window never waits on the disk, and a forget always follows the last write."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import datetime
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QDialog, QMessageBox

from app.config import drafts_dir
from app.db import db_path
from app.domain.progress import Progress
from app.drafts import SUFFIX, Draft, changed, forget, found, keep
from app.formatting import date_time
from app.ui.tasks import io_runner

KEEP_EVERY_MS = 5000


class DraftKeeper(QObject):
    """`read()` gives (base, mine) while the form holds unsaved edits, else None; ValueError while a
    value is half-typed (a date, a number): the state kept before stays."""

    def __init__(self, dialog: QDialog, name: str, read: Callable[[], tuple[Any, Any] | None]) -> None:
        super().__init__(dialog)
        self._dialog, self._read = dialog, read
        self.path = drafts_dir(db_path()) / f"{name}{SUFFIX}"
        self._kept: bytes | None = None  # the (base, mine) last written, pickled
        self._timer = QTimer(self)
        self._timer.setInterval(KEEP_EVERY_MS)
        self._timer.timeout.connect(self.keep_now)
        self._when_shown: tuple[str, Callable[[dict[str, Any]], None]] | None = None
        dialog.finished.connect(self._on_dialog_finished)

    def start(self) -> None:
        self._timer.start()

    @Slot()
    def keep_now(self) -> None:
        try:
            state = self._read()
        except ValueError:
            return
        if state is None:  # nothing left unsaved (all undone): nothing to offer later
            if self._kept is not None:
                self._kept = None
                self._queue(forget, self.path)
            return
        pickled = pickle.dumps(state)
        if pickled != self._kept:
            self._kept = pickled
            self._queue(keep, self.path, Draft(*state, kept_at=datetime.now()))

    def offer(self, what: str) -> Draft | None:
        """The edits a form on the same object left unsaved when Maillage stopped, if the user takes
        them back (else they are forgotten). `what`: « cette fiche action »…"""
        draft = found(self.path)
        if draft is None:
            return None
        answer = QMessageBox.question(
            self._dialog, self.tr("Modifications non enregistrées"),
            self.tr("Des modifications de %1, faites le %2, n'ont pas été enregistrées : Maillage s'est "
                    "arrêté avant. Les reprendre ?\n\nSi vous refusez, elles sont abandonnées.")
            .replace("%1", what).replace("%2", date_time(draft.kept_at).replace(" h ", "\u00a0h\u00a0")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            forget(self.path)
            return None
        return draft

    def take_back(self, what: str, put_back: Callable[[dict[str, Any]], None]) -> None:
        """Offer the draft (see `offer`); taken back, `put_back` gets the fields the user had changed, to
        show over what the form holds now (a field left alone keeps what was saved meanwhile). Then keep
        what is typed from now on."""
        draft = self.offer(what)
        if draft is not None:
            put_back(changed(draft.base, draft.mine, list(draft.mine)))
        self.start()

    def take_back_when_shown(self, what: str, put_back: Callable[[dict[str, Any]], None]) -> None:
        """`take_back`, for a form filled before it shows: the question comes over it, once it is up."""
        self._when_shown = (what, put_back)
        self._dialog.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: the dialog may still send events (hide, destroy) once this keeper's Python side is gone
        if event.type() == QEvent.Type.Show and getattr(self, "_when_shown", None) is not None \
                and watched is getattr(self, "_dialog", None):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._take_back_now)
        return False

    @Slot()
    def _take_back_now(self) -> None:
        if self._when_shown is not None:
            what, put_back = self._when_shown
            self._when_shown = None
            self.take_back(what, put_back)

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self._when_shown is not None:  # closed before it ever showed: nothing to offer on it any more
            self._when_shown = None
            self._dialog.removeEventFilter(self)
        self._timer.stop()
        self._kept = None
        self._queue(forget, self.path)  # after any write still queued

    def _queue(self, fn: Callable[..., None], *args: Any) -> None:
        """The io thread: one, so writes and forgets happen in the order asked."""

        def run(_progress: Progress) -> None:
            fn(*args)

        io_runner().submit(run, owner=self, on_success=_done)


def _done(_result: None) -> None:
    """Nothing to show: a draft not written was logged (app.drafts)."""
