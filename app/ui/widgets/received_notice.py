"""An editing form whose object a sync round changed while it was open (issue 3).

A form shows its object as loaded. When a round brings a colleague's change to it, the form reads it
again (after each round and each arbitration: the window's SyncController, as the conflict badges).
A form with nothing changed in it shows the object as it now is. A form being edited keeps the user's
entries and shows what was received in the fields the user left alone (app.domain.rebase.take_received);
a field changed both here and there stays as typed: its save shows the value received before replacing
it. This notice names both kinds of field::

    self.received = ReceivedNotice(self, runner)
    layout.addWidget(self.received)
    …                                                       # once loaded:
    self.received.watch(job(load_x, x_id), take)

`take(fresh)` shows what the form can of `fresh` and returns a `Taken` naming the fields, or None when
there is nothing to say (the object gone or unchanged, or the form, untouched, shown anew whole).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.progress import Progress
from app.domain.rebase import take_received
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import follow_sync


@dataclass(frozen=True)
class Taken:
    """What a form being edited did with a round's change, by French field name: the fields it shows anew
    (left alone here), and those changed both here and there (left as typed)."""

    shown: tuple[str, ...] = ()
    both: tuple[str, ...] = ()

    @classmethod
    def of(cls, shown: Iterable[str], both: Iterable[str], label: Callable[[str], str]) -> Taken:
        """From attribute names (app.domain.rebase.Received), each named by `label`."""
        return cls(tuple(dict.fromkeys(map(label, shown))), tuple(dict.fromkeys(map(label, both))))


Take = Callable[[Any], Taken | None]


def take_into(base: Mapping[str, Any], typed: Mapping[str, Any], theirs: Mapping[str, Any],
              show: Callable[[Mapping[str, Any]], None],
              label: Callable[[str], str]) -> tuple[dict[str, Any], Taken | None]:
    """A form of plain fields (by attribute, as loaded: `base`; as now: `typed`) takes a round's change
    (`theirs`): `show` shows it in the fields left alone. Returns the form's new base and what to say
    (None when nothing was typed in the form: it is simply up to date)."""
    received = take_received(base, typed, theirs)
    show(received.shown)
    return received.base, None if typed == base else Taken.of(received.shown, received.both, label)


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
        self._take: Take = lambda _fresh: None
        self._shown: dict[str, None] = {}  # every field shown anew since the form opened, in order
        self.setObjectName("received_notice")
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a5a00; font-weight: 600;")
        self.hide()
        follow_sync(form, self.check)

    def watch(self, load: Callable[[Progress], Any], take: Take) -> None:
        """What to read again after each round, and how the form takes it (see the module)."""
        self._load, self._take = load, take

    @Slot()
    def check(self, *_args: object) -> None:
        if self._load is not None:
            self._runner.submit(self._load, owner=self._form, on_success=self._on_read)

    def _on_read(self, fresh: Any) -> None:
        self.tell(self._take(fresh))

    def tell(self, taken: Taken | None) -> None:
        """Say what the form took (None: it is simply up to date)."""
        if taken is None:
            self._shown.clear()
            self.hide()
            return
        self._shown.update(dict.fromkeys(taken.shown))
        parts = []
        if self._shown:
            parts.append(self.tr("Reçu d'un autre poste pendant votre saisie, et affiché ici : %1. Vos "
                                 "modifications restent.").replace("%1", ", ".join(self._shown)))
        if taken.both:
            parts.append(self.tr("Modifié aussi sur un autre poste : %1. Votre saisie reste affichée ; "
                                 "« Enregistrer » vous montrera la valeur reçue avant de la remplacer.")
                         .replace("%1", ", ".join(taken.both)))
        self.setText(" ".join(parts))
        self.setVisible(bool(parts))
