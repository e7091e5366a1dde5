"""« Nouvelle organisation… » from the seats of an instance (a member admitted by the assemblée générale,
a partner sitting on a COPIL) or from Instances › Organisations
(app.services.organisations.declare_organisation)."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.db import job
from app.domain.enums import OrganisationType
from app.domain.organisations import InvalidOrganisationError
from app.services.organisations import declare_organisation
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.tasks import TaskRunner


class NewOrganisationDialog(FormDialog):
    """`result_`: the organisation as the seat editor lists it (a Choice), once saved."""

    SEAT_HINT = ("Une organisation déjà connue (même SIREN, ou même nom) n'est pas créée une seconde fois : "
                 "elle est reprise. Un siège lui est donné dans l'instance ; indiquez ensuite ses droits "
                 "statutaires et ses représentants.")

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *, hint: str = SEAT_HINT) -> None:
        super().__init__(runner, "Nouvelle organisation", parent)
        self.name, self.short_name, self.siren = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.name.setPlaceholderText(self.tr("par exemple Mutualité sociale agricole Limousin"))
        self.short_name.setPlaceholderText(self.tr("par exemple MSA (affiché dans les listes)"))
        self.siren.setPlaceholderText(self.tr("9 chiffres (facultatif)"))
        self.kind = QComboBox(self)
        for kind in (OrganisationType.MEMBER, OrganisationType.PARTNER, OrganisationType.FUNDER):
            self.kind.addItem(kind.label, kind)
        for name, label, widget in (("name", self.tr("Nom * :"), self.name),
                                    ("short_name", self.tr("Sigle :"), self.short_name),
                                    ("siren", self.tr("SIREN :"), self.siren),
                                    ("kind", self.tr("Nature :"), self.kind)):
            self.add_row(name, label, widget)
        self.finish(hint)
        self.keep_drafts("organisation-nouvelle", self.tr("cette nouvelle organisation"))

    @override
    def typed(self) -> dict[str, Any]:
        return {"name": self.name.text(), "short_name": self.short_name.text(), "siren": self.siren.text(),
                "kind": OrganisationType(self.kind.currentData())}

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.submit(job(declare_organisation, **self.typed()))

    def problems_of(self, exc: Exception) -> dict[str, str]:
        return exc.problems if isinstance(exc, InvalidOrganisationError) else {}
