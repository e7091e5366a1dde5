"""A new strategic framework (code, title, kind, period, the framework it replaces) and an axis of one
(number, title): two small forms whose French messages appear under the wrong field (issue 5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QWidget,
)

from app.db import job
from app.domain.enums import FrameworkKind
from app.domain.errors import DomainError
from app.domain.field_labels import field_label
from app.domain.programme import AxisNode, FrameworkTree, InvalidFrameworkError
from app.domain.rebase import EditedElsewhereError, attributes
from app.services.frameworks import create_framework, get_framework, save_axis
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.tasks import TaskRunner
from app.ui.widgets.received_notice import ReceivedNotice, Taken, picked, take_into

NO_DATE = QDate(2000, 1, 1)


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(parent.tr("non précisée"))
    edit.setDate(NO_DATE)
    return edit


def _pydate(day: QDate) -> date | None:
    return None if day == NO_DATE else date(day.year(), day.month(), day.day())


class FrameworkDialog(FormDialog):
    """« Nouveau cadre stratégique »: e.g. the pacte that follows the PDI (then re-attach the fiches)."""

    ROW_OF = {"replaces_id": "replaces"}

    def __init__(self, runner: TaskRunner, frameworks: Sequence[FrameworkTree],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, "Nouveau cadre stratégique", parent)
        self.code, self.title = QLineEdit(self), QLineEdit(self)
        self.code.setPlaceholderText(self.tr("par exemple PLS 2028-2031"))
        self.title.setPlaceholderText(self.tr("par exemple Pacte local des solidarités de la Haute-Maille"))
        self.kind = QComboBox(self)
        for kind in FrameworkKind:
            self.kind.addItem(kind.label, kind)
        self.starts_on, self.ends_on = _date_edit(self), _date_edit(self)
        self.replaces = QComboBox(self)
        self.replaces.addItem(self.tr("— aucun (premier cadre de ce type) —"), None)
        for framework in frameworks:
            self.replaces.addItem(f"{framework.code} — {framework.title}", framework.id)
        for name, label, widget in (("code", self.tr("Code * :"), self.code),
                                    ("title", self.tr("Intitulé * :"), self.title),
                                    ("kind", self.tr("Nature :"), self.kind),
                                    ("starts_on", self.tr("Début :"), self.starts_on),
                                    ("ends_on", self.tr("Fin :"), self.ends_on),
                                    ("replaces", self.tr("Remplace :"), self.replaces)):
            self.add_row(name, label, widget)
        self.finish(self.tr("Le cadre est créé sans axes : ajoutez-les ensuite, puis rattachez-y les fiches "
                            "de l'ancien cadre (« Rattacher à un nouveau cadre… »)."))
        self.keep_drafts("cadre-nouveau", self.tr("ce nouveau cadre stratégique"))

    @override
    def typed(self) -> dict[str, Any]:
        return {"code": self.code.text(), "title": self.title.text(), "kind": self.kind.currentData(),
                "starts_on": _pydate(self.starts_on.date()), "ends_on": _pydate(self.ends_on.date()),
                "replaces_id": self.replaces.currentData()}

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.submit(job(create_framework, **self.typed()))

    def problems_of(self, exc: Exception) -> dict[str, str]:
        return exc.problems if isinstance(exc, InvalidFrameworkError) else {}


class AxisDialog(FormDialog):
    """« Nouvel axe » or « Modifier l'axe »: a dotted number (its parent must exist) and a title."""

    def __init__(self, runner: TaskRunner, framework: FrameworkTree, *, axis: AxisNode | None = None,
                 number: str = "", parent: QWidget | None = None) -> None:
        title = "Modifier l'axe" if axis else "Nouvel axe"
        super().__init__(runner, f"{title} — {framework.code}", parent)
        self.framework, self.axis = framework, axis  # the axis as it was (None: a new one)
        self.number, self.title = QLineEdit(axis.number if axis else number, self), QLineEdit(self)
        self.number.setPlaceholderText(self.tr("par exemple 2.1.3"))
        self.title.setText(axis.title if axis else "")
        self.add_row("number", self.tr("Numéro * :"), self.number)
        self.add_row("title", self.tr("Intitulé * :"), self.title)
        self.received = ReceivedNotice(self, runner)  # a round changed the axis while it is edited
        self.finish(self.tr("« 2.1.3 » se range sous l'axe 2.1, qui doit exister. Pour changer l'ordre, "
                            "utilisez « Monter » et « Descendre »."), self.received)
        self.keep_drafts(f"axe-{axis.id}" if axis else f"axe-nouveau-{framework.id}",
                         self.tr("cet axe") if axis else self.tr("ce nouvel axe"))
        (self.title if axis else self.number).setFocus()
        if axis is not None:
            self.received.watch(picked(job(get_framework, framework.id), axis.id,
                                       lambda tree: tree.all_axes()), self._take)

    @override
    def typed(self) -> dict[str, Any]:
        return {"number": self.number.text(), "title": self.title.text()}

    @override
    def unsaved(self) -> bool:
        """An axis changed by a round meanwhile compares with what it is now (`_take`)."""
        if self.axis is None:
            return super().unsaved()
        return self.typed() != attributes(self.axis, ("number", "title"))

    def _show(self, values: Mapping[str, str]) -> None:
        for name, text in values.items():
            (self.number if name == "number" else self.title).setText(text)

    def _take(self, fresh: AxisNode | None) -> Taken | None:
        """A round changed the axis: shown in the fields left alone (ReceivedNotice)."""
        if fresh is None or self.axis is None:
            return Taken()
        base, taken = take_into(attributes(self.axis, ("number", "title")), self.typed(),
                                attributes(fresh, ("number", "title")), self._show,
                                lambda name: field_label("axis", name))
        self.axis = replace(fresh, **base)
        return taken

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.submit(job(save_axis, self.framework.id, **self.typed(),
                        axis_id=self.axis.id if self.axis else None, base=self.axis))

    def problems_of(self, exc: Exception) -> dict[str, str]:
        """save_axis raises one DomainError: put it under the field it is about (a clash: under each)."""
        if isinstance(exc, EditedElsewhereError) and self.axis is not None:
            self.axis = replace(self.axis, **exc.theirs)  # saving again keeps the user's values knowingly
            return exc.problems
        if not isinstance(exc, DomainError) or type(exc).__name__ == "NotFound":
            return {}
        return {"title" if "intitulé" in str(exc) else "number": str(exc)}

