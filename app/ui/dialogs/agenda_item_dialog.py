"""One point of the ordre du jour: nature, matière, intitulé, rapporteur, note, incidence financière and
the linked projects (their fiche action and plan de financement go to the dossier de séance).

The agenda saves the point once this form is accepted, with the values it was loaded with as the save's
base (app.domain.rebase). A field also changed on another workstation meanwhile brings the same form back,
the user's entries untouched, with the refusal above its buttons (`edited_elsewhere`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.enums import AgendaItemKind, MatterKind
from app.domain.meeting_desk import Choice, DeskItem
from app.domain.rebase import EditedElsewhereError
from app.services.meeting_desk import meeting_desk
from app.services.meeting_operations import ITEM_LABELS
from app.ui.dialogs.saving_dialog import ERROR_STYLE
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.form_fields import select_code
from app.ui.widgets.received_notice import ReceivedNotice, Taken, picked, take_into
from app.ui.widgets.screen_fit import fit_to_screen


@dataclass(frozen=True)
class ItemValues:
    title: str
    kind: AgendaItemKind
    matter: MatterKind
    rapporteur: str
    presentation: str
    financial_impact: str
    project_ids: tuple[uuid.UUID, ...]


class AgendaItemDialog(QDialog):
    """Add or edit a point; `values()` is what `save_agenda_item` takes."""

    def __init__(self, projects: Sequence[Choice], item: DeskItem | None = None,
                 parent: QWidget | None = None, *, runner: TaskRunner | None = None,
                 meeting_id: uuid.UUID | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Modifier le point") if item else self.tr("Nouveau point"))
        fit_to_screen(self, 640, 620)
        self.kind = _enum_combo(self, [k for k in AgendaItemKind if item or k is not AgendaItemKind.MISC])
        self.matter = _enum_combo(self, list(MatterKind))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Ex. : Budget primitif 2027 et contributions des membres"))
        self.rapporteur = QLineEdit(self)
        self.presentation = QPlainTextEdit(self)
        self.presentation.setPlaceholderText(self.tr("Contexte, enjeux, proposition soumise à l'instance"))
        self.financial_impact = QPlainTextEdit(self)
        self.financial_impact.setPlaceholderText(self.tr("Montants, imputation, cofinancements (facultatif)"))
        self.project_filter = QLineEdit(self)
        self.project_filter.setPlaceholderText(self.tr("Filtrer les projets (code ou intitulé)…"))
        self.project_filter.setClearButtonEnabled(True)
        self.presentation.setMaximumHeight(110)
        self.financial_impact.setMaximumHeight(70)
        self.projects = QListWidget(self)
        self.projects.setMinimumHeight(220)
        self._fill_projects(projects, item.project_ids if item else ())
        if item is not None:
            self._load(item)
        self.loaded = self.values() if item is not None else None  # the base of its save
        self.refusal = QLabel(self)
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.hide()
        self._build_layout()
        if item is not None and runner is not None:  # the point's sync conflicts, marked on its fields
            self.form_conflicts = FormConflicts(self, runner, "agenda_item", item.id, {
                "kind": self.kind, "matter": self.matter, "title": self.title, "rapporteur": self.rapporteur,
                "presentation": self.presentation, "financial_impact": self.financial_impact})
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self.form_conflicts.badge)
            self.form_conflicts.reload()
            if meeting_id is not None:  # « modifié sur un autre poste » after a round that changed it
                self.received = ReceivedNotice(self, runner)
                layout.insertWidget(1, self.received)
                self.received.watch(picked(job(meeting_desk, meeting_id), item.id, lambda desk: desk.items),
                                    self._take)
        self.project_filter.textChanged.connect(self._on_project_filter_text_changed)

    def _fill_projects(self, projects: Sequence[Choice], linked: Sequence[uuid.UUID]) -> None:
        # linked projects first, so the selection is visible without scrolling
        for choice in sorted(projects, key=lambda c: c.id not in linked):
            entry = QListWidgetItem(choice.label, self.projects)
            entry.setData(Qt.ItemDataRole.UserRole, choice.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.id in linked
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _load(self, item: DeskItem) -> None:
        self._show(_fields(_values_of(item)))
        self.title.setCursorPosition(0)  # show the start of a long title

    def _show(self, values: Mapping[str, Any]) -> None:
        """Show these fields' values (by attribute, as `values()` gives them)."""
        for name, value in values.items():
            if name in ("kind", "matter"):
                select_code(getattr(self, name), value)
            elif name in ("title", "rapporteur"):
                getattr(self, name).setText(value)
            elif name == "project_ids":
                for row in range(self.projects.count()):
                    entry = self.projects.item(row)
                    linked = entry.data(Qt.ItemDataRole.UserRole) in value
                    entry.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
            else:
                getattr(self, name).setPlainText(value)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Nature"), self.kind)
        form.addRow(self.tr("Matière"), self.matter)
        form.addRow(self.tr("Intitulé"), self.title)
        form.addRow(self.tr("Rapporteur"), self.rapporteur)
        form.addRow(self.tr("Note de présentation"), self.presentation)
        form.addRow(self.tr("Incidence financière"), self.financial_impact)
        form.addRow(self.tr("Projets liés"), self.project_filter)
        form.addRow("", self.projects)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)

    @Slot(str)
    def _on_project_filter_text_changed(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.projects.count()):
            entry = self.projects.item(row)
            entry.setHidden(bool(needle) and needle not in entry.text().casefold())

    def checked_projects(self) -> tuple[uuid.UUID, ...]:
        return tuple(self.projects.item(row).data(Qt.ItemDataRole.UserRole)
                     for row in range(self.projects.count())
                     if self.projects.item(row).checkState() is Qt.CheckState.Checked)

    def _take(self, fresh: DeskItem | None) -> Taken | None:
        """A round changed the point: shown anew when nothing was changed in the form, else in the fields
        left alone (ReceivedNotice)."""
        if fresh is None or self.loaded is None:
            return Taken()
        base, taken = take_into(_fields(self.loaded), _fields(self.values()), _fields(_values_of(fresh)),
                                self._show, ITEM_LABELS.__getitem__)
        self.loaded = ItemValues(**{**base, "project_ids": tuple(base["project_ids"])})
        return taken

    def edited_elsewhere(self, exc: EditedElsewhereError) -> None:
        """The save was refused on a clash: the form comes back as the user left it, the refusal shown,
        and its base takes the stored values of the clashing fields (saving again keeps the user's)."""
        assert self.loaded is not None  # only an existing point has a base
        theirs: dict[str, Any] = {name: tuple(value) if name == "project_ids" else value
                                  for name, value in exc.theirs.items()}
        self.loaded = replace(self.loaded, **theirs)
        self.refusal.setText(str(exc))
        self.refusal.show()
        self.open()

    def values(self) -> ItemValues:
        # QVariant hands str-based enums back as plain str: rebuild the members
        kind, matter = AgendaItemKind(self.kind.currentData()), MatterKind(self.matter.currentData())
        return ItemValues(self.title.text().strip(), kind, matter,
                          self.rapporteur.text().strip(), self.presentation.toPlainText().strip(),
                          self.financial_impact.toPlainText().strip(), self.checked_projects())


def _values_of(item: DeskItem) -> ItemValues:
    """A point as its form sends it back untouched."""
    return ItemValues(item.title.strip(), item.kind, item.matter, item.rapporteur.strip(),
                      item.presentation.strip(), item.financial_impact.strip(), item.project_ids)


def _fields(values: ItemValues) -> dict[str, Any]:
    """A point's fields by attribute, its linked projects as a set (in any order)."""
    return {name: frozenset(value) if name == "project_ids" else value
            for name, value in vars(values).items()}


def _enum_combo(parent: QWidget, members: Sequence[AgendaItemKind] | Sequence[MatterKind]) -> QComboBox:
    combo = QComboBox(parent)
    for member in members:
        combo.addItem(member.label, member)
    return combo
