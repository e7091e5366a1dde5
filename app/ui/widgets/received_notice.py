"""« Modifiée sur un autre poste depuis l'ouverture du formulaire » above an editing form (issue 3).

A form shows its object as loaded. When a sync round brings a colleague's change to it while the form
stays open, its save keeps that change (it writes only what was changed in the form: app.domain.rebase),
but the form still shows the old value. This notice says so, naming the fields when the form can, after
each round (the window's SyncController, as the conflict badges)::

    self.received = ReceivedNotice(self, runner)
    layout.addWidget(self.received)
    …                                                       # once loaded:
    self.received.watch(job(load_x, x_id), lambda fresh: changed_fields(loaded, fresh))

`compare(fresh)` returns None when the object is as the form loaded it, else the French names of what
changed (empty when it cannot name them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.progress import Progress
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import follow_sync

Compare = Callable[[Any], Sequence[str] | None]


class ReceivedNotice(QLabel):
    def __init__(self, form: QWidget, runner: TaskRunner) -> None:
        super().__init__(form)
        self._form, self._runner = form, runner
        self._load: Callable[[Progress], Any] | None = None
        self._compare: Compare = lambda _fresh: None
        self.setObjectName("received_notice")
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.hide()
        follow_sync(form, self.check)

    def watch(self, load: Callable[[Progress], Any], compare: Compare) -> None:
        """What to read again after each round, and how to tell what changed from what the form shows."""
        self._load, self._compare = load, compare

    @Slot()
    def check(self, *_args: object) -> None:
        if self._load is not None:
            self._runner.submit(self._load, owner=self._form, on_success=self._on_read)

    def _on_read(self, fresh: Any) -> None:
        names = self._compare(fresh)
        if names is None:
            self.hide()
            return
        which = f" ({', '.join(names)})" if names else ""
        self.setText(self.tr(
            "Modifié sur un autre poste depuis l'ouverture de ce formulaire%1. « Enregistrer » n'écrit que "
            "ce que vous avez changé ici : les modifications reçues restent. Rouvrez le formulaire pour les "
            "voir.").replace("%1", which))
        self.show()
