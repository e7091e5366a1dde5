"""« Fusionner… » (Instances › Organisations): the selected organisation absorbs another one, declared
twice (app.services.organisation_merge). Probable duplicates (same SIREN, same name once normalised) come
first in the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QWidget

from app.db import job
from app.domain.errors import DomainError
from app.domain.organisations import OrganisationSummary, normalised_name
from app.services.organisation_merge import merge_organisations
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.tasks import TaskRunner


def probable_twin(kept: OrganisationSummary, other: OrganisationSummary) -> bool:
    same_siren = bool(kept.siren) and kept.siren == other.siren
    names = {normalised_name(kept.name), normalised_name(kept.short_name)} - {""}
    return same_siren or bool(names & {normalised_name(other.name), normalised_name(other.short_name)})


class MergeOrganisationDialog(FormDialog):
    """`result_`: the kept organisation once merged, and the merge's receipt (MergeResult)."""

    def __init__(self, runner: TaskRunner, kept: OrganisationSummary, others: Sequence[OrganisationSummary],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Fusionner dans « %1 »").replace("%1", kept.label), parent)
        self._kept = kept
        self.absorbed = QComboBox(self)
        # long names would widen the field past the form, which then draws its caption under it
        self.absorbed.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.absorbed.setMinimumContentsLength(40)
        self.setMinimumWidth(680)
        candidates = sorted((o for o in others if o.id != kept.id),
                            key=lambda o: (not probable_twin(kept, o), o.name.casefold()))
        for other in candidates:
            twin = self.tr("Doublon probable : ") if probable_twin(kept, other) else ""
            self.absorbed.addItem(f"{twin}{other.name}{f' ({other.short_name})' if other.short_name else ''}",
                                  other.id)
        self.add_row("absorbed", self.tr("Doublon à absorber :"), self.absorbed)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Fusionner"))
        self.finish(self.tr(
            "« %1 » est gardée. Le doublon lui donne ses sièges, fiches portées, partenariats, financements, "
            "contributions et versements, ainsi que son SIREN, son SIRET, son sigle et son adresse s'ils lui "
            "manquent, puis part à la corbeille. Refusé si les deux siègent dans la même instance ou ont une "
            "contribution la même année.").replace("%1", kept.name))

    @override
    def typed(self) -> dict[str, Any]:
        return {"absorbed": self.absorbed.currentData()}

    @override
    def unsaved(self) -> bool:
        return False  # choosing is the whole form: « Annuler » and Échap close without asking

    @Slot()
    def _on_buttons_accepted(self) -> None:
        absorbed = self.absorbed.currentData()
        if absorbed is None:
            self.show_problems({"absorbed": self.tr("Aucune autre organisation à absorber.")})
            return
        self.submit(job(merge_organisations, self._kept.id, absorbed))

    @override
    def problems_of(self, exc: Exception) -> dict[str, str]:
        return {"absorbed": str(exc)} if isinstance(exc, DomainError) else {}
