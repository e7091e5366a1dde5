"""« Modifier l'organisation… » (Instances › Organisations): name, sigle, SIREN, SIRET, address and
nature, as the documents print them. Only the fields changed here are written
(app.services.organisation_register.update_organisation): a colleague's change of another field,
received while the form was open, stays."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.db import job
from app.domain.enums import OrganisationType
from app.domain.organisations import OrganisationSummary
from app.services.organisation_register import update_organisation
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.tasks import TaskRunner


class OrganisationDialog(FormDialog):
    """`result_`: the organisation as saved (OrganisationSummary), None when nothing was changed."""

    def __init__(self, runner: TaskRunner, organisation: OrganisationSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Organisation « %1 »").replace("%1", organisation.label), parent)
        self._id = organisation.id
        self.name = QLineEdit(organisation.name, self)
        self.short_name = QLineEdit(organisation.short_name, self)
        self.siren, self.siret = QLineEdit(organisation.siren, self), QLineEdit(organisation.siret, self)
        self.siren.setPlaceholderText(self.tr("9 chiffres (facultatif)"))
        self.siret.setPlaceholderText(self.tr("14 chiffres (facultatif)"))
        self.address = QPlainTextEdit(organisation.address, self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4)
        self.address.setPlaceholderText(self.tr("adresse postale, sur deux ou trois lignes"))
        self.kind = QComboBox(self)
        for kind in OrganisationType:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(organisation.kind), 0))
        for name, label, widget in (("name", self.tr("Nom * :"), self.name),
                                    ("short_name", self.tr("Sigle :"), self.short_name),
                                    ("siren", self.tr("SIREN :"), self.siren),
                                    ("siret", self.tr("SIRET :"), self.siret),
                                    ("address", self.tr("Adresse :"), self.address),
                                    ("kind", self.tr("Nature :"), self.kind)):
            self.add_row(name, label, widget)
        self.finish(self.tr("Le nom et le sigle sont imprimés sur les convocations, délibérations et fiches "
                            "action générées désormais ; les documents déjà envoyés ou signés ne changent "
                            "pas."))
        self.keep_drafts(f"organisation-{organisation.id}", self.tr("cette organisation"))

    @override
    def typed(self) -> dict[str, Any]:
        return {"name": self.name.text(), "short_name": self.short_name.text(), "siren": self.siren.text(),
                "siret": self.siret.text(), "address": self.address.toPlainText(),
                "kind": OrganisationType(self.kind.currentData())}

    @Slot()
    def _on_buttons_accepted(self) -> None:
        changes = {name: value for name, value in self.typed().items() if value != self._opened_with[name]}
        if not changes:
            self.accept()
            return
        self.submit(job(update_organisation, self._id, changes))
