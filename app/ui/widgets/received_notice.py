"""An editing form whose object a sync round changed while it was open (issue 3).

A form shows its object as loaded. When a round brings a colleague's change to it, the form is read again
(after each round: the window's SyncController, as the conflict badges). A form with nothing changed in
it shows the object as it now is (`refresh`). A form being edited keeps the user's entries; its save will
keep the change received (it writes only what was changed in the form: app.domain.rebase), and this
notice says so, naming the fields when the form can::

    self.received = ReceivedNotice(self, runner)
    layout.addWidget(self.received)
    …                                                       # once loaded:
    self.received.watch(job(load_x, x_id), lambda fresh: changed_fields(loaded, fresh), refresh=…)

`compare(fresh)` returns None when the object is as the form loaded it, else the French names of what
changed (empty when it cannot name them); `refresh(fresh)` shows it anew and returns True, or returns
False when the user has changed something in the form.
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


def picked(load: Callable[[Progress], Any], key: object,
           rows: Callable[[Any], Sequence[Any]] = lambda read: read) -> Callable[[Progress], Any]:
    """A job reading, in the worker, the object whose `id` is `key` among the `rows` of what `load` reads
    (None when it is gone): a line of its fiche's plan, a point of its séance's agenda."""
    def run(progress: Progress) -> Any:
        return next((row for row in rows(load(progress)) if row.id == key), None)

    return run


class ReceivedNotice(QLabel):
    def __init__(self, form: QWidget, runner: TaskRunner) -> None:
        super().__init__(form)
        self._form, self._runner = form, runner
        self._load: Callable[[Progress], Any] | None = None
        self._compare: Compare = lambda _fresh: None
        self._refresh: Callable[[Any], bool] = lambda _fresh: False
        self.setObjectName("received_notice")
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.hide()
        follow_sync(form, self.check)

    def watch(self, load: Callable[[Progress], Any], compare: Compare,
              refresh: Callable[[Any], bool] | None = None) -> None:
        """What to read again after each round, how to tell what changed from what the form shows, and
        how to show it anew when nothing was changed in the form (none: the notice only)."""
        self._load, self._compare = load, compare
        self._refresh = refresh or (lambda _fresh: False)

    @Slot()
    def check(self, *_args: object) -> None:
        if self._load is not None:
            self._runner.submit(self._load, owner=self._form, on_success=self._on_read)

    def _on_read(self, fresh: Any) -> None:
        names = self._compare(fresh)
        if names is None or self._refresh(fresh):
            self.hide()
            return
        which = f" ({', '.join(names)})" if names else ""
        self.setText(self.tr(
            "Modifié sur un autre poste depuis l'ouverture de ce formulaire%1. « Enregistrer » n'écrit que "
            "ce que vous avez changé ici : les modifications reçues restent. Rouvrez le formulaire pour les "
            "voir.").replace("%1", which))
        self.show()
