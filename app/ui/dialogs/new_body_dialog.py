"""« Nouvelle instance… »: code, name and kind of a body (app.services.body_creation); its rules and seats
follow in « Modifier l'instance… », which opens once it is created."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.db import job
from app.domain.body_editing import InvalidBodyError
from app.domain.enums import BodyKind
from app.services.body_creation import create_body
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.tasks import TaskRunner


class NewBodyDialog(FormDialog):
    """`result_`: the new body's id once saved."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, "Nouvelle instance", parent)
        self.code, self.name = QLineEdit(self), QLineEdit(self)
        self.code.setPlaceholderText(self.tr("par exemple COPIL ou CP"))
        self.code.setMaxLength(10)
        self.name.setPlaceholderText(self.tr("par exemple Comité de pilotage mobilité"))
        self.kind = QComboBox(self)
        for kind in BodyKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(BodyKind.COPIL))
        for name, label, widget in (("code", self.tr("Code * :"), self.code),
                                    ("name", self.tr("Nom * :"), self.name),
                                    ("kind", self.tr("Nature :"), self.kind)):
            self.add_row(name, label, widget)
        self.finish(self.tr(
            "Le code figure dans les numéros de décision (2027-COPIL-001) et ne change plus. L'instance est "
            "créée avec les règles usuelles de sa nature (quorum de la moitié, majorité simple) : ses règles "
            "exactes, ses sièges et ses représentants se saisissent ensuite dans « Modifier l'instance… », "
            "qui s'ouvre aussitôt."))
        self.keep_drafts("instance-nouvelle", self.tr("cette nouvelle instance"))

    @override
    def typed(self) -> dict[str, Any]:
        return {"code": self.code.text(), "name": self.name.text(), "kind": BodyKind(self.kind.currentData())}

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.submit(job(create_body, **self.typed()))

    def problems_of(self, exc: Exception) -> dict[str, str]:
        return exc.problems if isinstance(exc, InvalidBodyError) else {}
