"""Instances › Organisations: the GIP's members, porteurs, financeurs and partners, where each appears;
« Modifier l'organisation… » corrects what the documents print (its name, sigle, SIREN, address),
« Fusionner… » makes one of an organisation declared twice, and « Annuler la fusion » (Ctrl+Z) undoes the
last one."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from app.db import job
from app.domain.organisations import MergeReceipt, OrganisationSummary
from app.formatting import company_number, number
from app.services.organisation_merge import unmerge_organisations
from app.services.organisation_register import list_organisations, remove_organisation
from app.ui.dialogs import confirm
from app.ui.dialogs.merge_organisation_dialog import MergeOrganisationDialog
from app.ui.dialogs.new_organisation_dialog import NewOrganisationDialog
from app.ui.dialogs.organisation_dialog import OrganisationDialog
from app.ui.errors import show_error
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets.governance_tabs import TabActions
from app.ui.widgets.html import fields, page, paragraph, section
from app.ui.widgets.list_helpers import TabList, enum_options
from app.ui.widgets.list_page import FilterSpec, Job

NEW_HINT = ("Une organisation déjà connue (même SIREN, ou même nom) n'est pas créée une seconde fois : elle "
            "est reprise. Donnez-lui ensuite un siège (onglet Organes), une fiche à porter ou un "
            "financement (Portefeuille).")


class OrganisationsList(TabList):
    EMPTY_HINT = ("Aucune organisation connue.\nLes membres, porteurs et financeurs apparaissent ici dès "
                  "qu'ils sont déclarés : « Nouvelle organisation… » (Ctrl+Maj+N), un siège d'instance, "
                  "le porteur ou un financeur d'une fiche action.")
    STATE_KEY = "governance_organisations"
    HISTORY_TABLE = "organisation"  # who corrected a name, and conflicts (issue 3)

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Organisation"), lambda o: o.name, tooltip=lambda o: o.name),
            Column(self.tr("Sigle"), lambda o: o.short_name),
            Column(self.tr("Nature"), lambda o: o.kind.label),
            Column(self.tr("SIREN"), lambda o: company_number(o.siren), lambda o: o.siren),
            Column(self.tr("Instances"), lambda o: ", ".join(o.seats)),
            Column(self.tr("Fiches portées"), lambda o: number(len(o.carried)), lambda o: len(o.carried),
                   RIGHT),
            Column(self.tr("Fiches financées"), lambda o: number(len(o.funded)), lambda o: len(o.funded),
                   RIGHT),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (FilterSpec("kind", "Toutes les natures", lambda rows: enum_options(rows, lambda r: r.kind),
                           lambda row, value: row.kind == value),)

    def load_job(self) -> Job:
        return job(list_organisations)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, OrganisationSummary)
        return organisation_html(detail)


def organisation_html(org: OrganisationSummary) -> str:
    return page(
        org.name,
        " · ".join(part for part in (org.short_name, org.kind.label) if part),
        section("Tel qu'imprimé sur les documents", fields([
            ("Nom", org.name), ("Sigle", org.short_name or "—"), ("SIREN", company_number(org.siren) or "—"),
            ("SIRET", company_number(org.siret) or "—"), ("Adresse", org.address or "—")])),
        section("Siège dans les instances", paragraph(", ".join(org.seats), empty="Aucun siège.")),
        section("Fiches action portées", paragraph(", ".join(org.carried), empty="Aucune fiche portée.")),
        section("Fiches action financées", paragraph(", ".join(org.funded), empty="Aucun financement.")),
    )


class OrganisationActions(TabActions):
    """« Nouvelle organisation… », then « Modifier l'organisation… », « Fusionner… » and « Supprimer » for
    the selected one; « Annuler la fusion » while the last change made here is a merge."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.organisation: OrganisationSummary | None = None
        self.merged: MergeReceipt | None = None  # the last change made here, while it is a merge
        self.new_action = self.action(self.tr("Nouvelle organisation…"), "Ctrl+Shift+N", self.tr(
            "Déclarer un membre, un porteur, un financeur ou un partenaire"), self._on_new_triggered)
        self.edit_action = self.action(self.tr("Modifier l'organisation…"), "F2", self.tr(
            "Nom, sigle, SIREN, SIRET, adresse et nature de l'organisation sélectionnée, tels que les "
            "documents les impriment (ou Entrée, double-clic)"), self._on_edit_triggered)
        self.open_action = self.edit_action
        self.merge_action = self.action(self.tr("Fusionner…"), "Ctrl+Shift+F", self.tr(
            "L'organisation sélectionnée absorbe son doublon (la même, déclarée deux fois) : ses sièges, "
            "fiches, financements et contributions lui reviennent"), self._on_merge_triggered)
        self.remove_action = self.action(self.tr("Supprimer"), "Del", self.tr(
            "Mettre à la corbeille l'organisation sélectionnée, déclarée par erreur : seulement si rien "
            "ne la nomme (siège, fiche, financement…)"), self._on_remove_triggered)
        self.undo_action = self.action(self.tr("Annuler la fusion"), "Ctrl+Z", self.tr(
            "Rétablir l'organisation absorbée par la dernière fusion, avec ses sièges, fiches, financements "
            "et contributions"), self._on_undo_triggered)
        self.undo_action.setEnabled(False)
        self.finish()
        self.set_organisation(None)

    def set_organisation(self, organisation: OrganisationSummary | None,
                         others: Sequence[OrganisationSummary] = ()) -> None:
        self.organisation, self._others = organisation, tuple(others)
        self.edit_action.setEnabled(organisation is not None)
        self.merge_action.setEnabled(organisation is not None and len(self._others) > 1)
        self.remove_action.setEnabled(organisation is not None)

    @Slot()
    def _on_new_triggered(self) -> None:
        dialog = NewOrganisationDialog(self._runner, self, hint=NEW_HINT)
        dialog.accepted.connect(partial(self._on_created, dialog))
        self.show_dialog(dialog)

    def _on_created(self, dialog: NewOrganisationDialog) -> None:
        self._remember_merge(None)
        self.say(self.tr("Organisation « %1 » enregistrée.").replace("%1", dialog.result_.label))
        self.changed.emit()
        self.created.emit(dialog.result_.id)

    @Slot()
    def _on_edit_triggered(self) -> None:
        if self.organisation is not None:
            dialog = OrganisationDialog(self._runner, self.organisation, self)
            dialog.accepted.connect(partial(self._on_saved, dialog))
            self.show_dialog(dialog)

    @Slot()
    def _on_merge_triggered(self) -> None:
        if self.organisation is not None:
            dialog = MergeOrganisationDialog(self._runner, self.organisation, self._others, self)
            dialog.accepted.connect(partial(self._on_merged, dialog))
            self.show_dialog(dialog)

    def _on_merged(self, dialog: MergeOrganisationDialog) -> None:
        self._remember_merge(dialog.result_.receipt)
        self.say(self.tr("Organisations fusionnées dans « %1 » (Ctrl+Z pour annuler).")
                 .replace("%1", dialog.result_.kept.label))
        self.changed.emit()

    def _remember_merge(self, receipt: MergeReceipt | None) -> None:
        self.merged = receipt
        self.undo_action.setEnabled(receipt is not None)

    @Slot()
    def _on_undo_triggered(self) -> None:
        receipt = self.merged
        if receipt is None:
            return
        self._remember_merge(None)  # once: a refusal is final, a success is done
        self._runner.submit(job(unmerge_organisations, receipt), owner=self, on_success=self._on_unmerged,
                            on_error=partial(show_error, self))

    def _on_unmerged(self, restored: OrganisationSummary) -> None:
        self.say(self.tr("Fusion annulée : « %1 » est rétablie.").replace("%1", restored.label))
        self.changed.emit()
        self.created.emit(restored.id)  # selected in the list

    @Slot()
    def _on_remove_triggered(self) -> None:
        organisation = self.organisation
        if organisation is None:
            return
        question = self.tr("Mettre à la corbeille l'organisation « %1 » ?").replace("%1", organisation.name)
        if confirm.ask(self, self.tr("Supprimer l'organisation"), question):
            self._runner.submit(job(remove_organisation, organisation.id), owner=self,
                                on_success=self._on_removed, on_error=partial(show_error, self))

    def _on_removed(self, label: str) -> None:
        self._remember_merge(None)
        self.say(self.tr("Organisation « %1 » mise à la corbeille.").replace("%1", label))
        self.changed.emit()

    def _on_saved(self, dialog: OrganisationDialog) -> None:
        if dialog.result_ is not None:
            self._remember_merge(None)
            self.say(self.tr("Organisation « %1 » enregistrée.").replace("%1", dialog.result_.label))
            self.changed.emit()
