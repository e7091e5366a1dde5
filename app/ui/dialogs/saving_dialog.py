"""A dialog that loads what it edits and saves it through the runner (issue 4 editors).

« Enregistrer » runs the save job in the worker; the dialog closes only when the service accepted the
change. A refusal (DomainError, in French) is shown in red above the buttons and the dialog stays open,
so nothing typed is lost. A form that sends the values it loaded as its save's `base` writes only what
the user changed (app.domain.rebase); when a field was also changed on another workstation meanwhile,
the refusal names it and `rebase_on` takes the stored values of those fields into the base, so saving
again keeps the user's values knowingly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QWidget

from app.domain.errors import DomainError
from app.domain.progress import Progress
from app.domain.rebase import EditedElsewhereError
from app.ui.dialogs.save_in_flight import SaveInFlight
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.received_notice import ReceivedNotice, Taken

ERROR_STYLE = "color: #b3261e"


class DiscardGuard(QDialog):
    """A form whose « Annuler » and Échap leave at once when nothing was typed, and otherwise ask before
    losing it (`unsaved`)."""

    def unsaved(self) -> bool:
        raise NotImplementedError

    def discard_question(self) -> str:
        """The question asked then, when the usual one does not fit."""
        return ""

    @override
    def reject(self) -> None:
        if self.unsaved() and not confirm_discard(self, self.discard_question()):
            return
        super().reject()


class SavingDialog(DiscardGuard):
    """Subclasses call `load(job, on_loaded)`, build their form, and implement `save_job()`."""

    saved = Signal(object)  # the service's result
    watch_received = False  # True: read again after each round (is_modified, take_received: ReceivedNotice)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.loaded = False
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Enregistrer"))
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.saving = SaveInFlight(self.save_button)
        self.received = ReceivedNotice(self, runner)  # laid out by the forms that watch_received
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def load(self, fn: Callable[[Progress], Any], on_loaded: Callable[[Any], None]) -> None:
        def loaded(value: Any) -> None:
            on_loaded(value)
            self.loaded = True
            self.save_button.setEnabled(self.can_save())

        def take(fresh: Any) -> Taken | None:
            if not self.loaded:
                return Taken()
            if not self.is_modified():  # nothing typed: shown anew
                loaded(fresh)
                return None
            return self.take_received(fresh)

        self._runner.submit(fn, owner=self, on_success=loaded, on_error=self._on_refused)
        if self.watch_received:  # read again after each round (ReceivedNotice)
            self.received.watch(fn, take)

    def is_modified(self) -> bool:
        """Whether the user changed something in the form (watch_received)."""
        raise NotImplementedError

    def take_received(self, fresh: Any) -> Taken | None:
        """A round changed the object of the form being edited: show it in the fields the user left alone
        and take it into the base (app.domain.rebase.take_received); name them (watch_received)."""
        raise NotImplementedError

    def can_save(self) -> bool:
        return True

    def save_job(self) -> Callable[[Progress], Any] | None:
        """The job saving the form, or None when the form itself refuses (after `show_refusal`)."""
        raise NotImplementedError

    def rebase_on(self, theirs: dict[str, Any]) -> None:
        """The stored values of the fields a save refused with EditedElsewhereError, by attribute: the
        form's base takes them, for the next save."""

    def show_refusal(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.loaded or self.saving.running:
            return
        self.show_refusal("")
        fn = self.save_job()
        if fn is not None:
            self.saving.submit(self._runner, fn, owner=self, on_success=self._on_saved,
                               on_error=self._on_refused)

    def _on_saved(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    @override
    def unsaved(self) -> bool:
        return self.loaded and self.is_modified()

    def _on_refused(self, exc: Exception) -> None:
        if isinstance(exc, EditedElsewhereError):
            self.rebase_on(exc.theirs)
        if isinstance(exc, DomainError):
            self.show_refusal(str(exc))
        else:
            show_error(self, exc)


def confirm_discard(parent: QWidget, question: str = "") -> bool:
    """« Abandonner les modifications ? »: True when the user chose to lose them."""
    return QMessageBox.question(
        parent, parent.tr("Abandonner les modifications ?"),
        question or parent.tr("Vos modifications ne sont pas enregistrées. Fermer sans les enregistrer ?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    ) == QMessageBox.StandardButton.Discard
