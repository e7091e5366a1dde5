"""A dialog's save running in the worker, guarded against a second one.

A save usually answers within milliseconds, but it may wait up to 30 s behind a sync round that writes
received changes (app.db.BUSY_TIMEOUT_MS). A second click on « Enregistrer » (or Ctrl+S) meanwhile used
to save twice: a second fiche, a second funding line. While a save runs, the button is disabled and reads
« Enregistrement… », and further requests are ignored::

    self.saving = SaveInFlight(self.buttons.button(QDialogButtonBox.StandardButton.Save))
    …
    self.saving.submit(self._runner, job(save_x, …), owner=self, on_success=…, on_error=…)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QPushButton

from app.domain.progress import Progress
from app.ui.tasks import TaskRunner


class SaveInFlight:
    def __init__(self, button: QPushButton) -> None:
        self.button = button
        self.running = False
        self._text = ""

    def submit(self, runner: TaskRunner, fn: Callable[[Progress], Any], *, owner: QObject,
               on_success: Callable[[Any], None], on_error: Callable[[Exception], None]) -> bool:
        """Run the save unless one is running already (then False: nothing submitted)."""
        if self.running:
            return False
        self.running, self._text = True, self.button.text()
        self.button.setEnabled(False)
        self.button.setText(QCoreApplication.translate("SaveInFlight", "Enregistrement…"))

        def succeeded(result: Any) -> None:
            self._finish()
            on_success(result)

        def failed(exc: Exception) -> None:
            self._finish()
            on_error(exc)

        runner.submit(fn, owner=owner, on_success=succeeded, on_error=failed)
        return True

    def _finish(self) -> None:
        self.running = False
        self.button.setText(self._text)
        self.button.setEnabled(True)
