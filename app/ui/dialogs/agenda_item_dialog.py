"""One point of the ordre du jour: nature, matière, intitulé, rapporteur, note, incidence financière and
the linked projects (their fiche action and plan de financement go to the dossier de séance).

The form saves the point itself and closes only once it is saved (SavingDialog): a refusal (no intitulé,
an agenda frozen meanwhile, a full disk) is shown above its buttons with everything typed still there. Its
base is the point as loaded (app.domain.rebase): a field also changed on another workstation meanwhile is
named in the refusal, and saving again keeps the user's value. What is typed is kept as a draft against a
crash (DraftKeeper) and Échap asks before losing it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
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
from app.domain.progress import Progress
from app.drafts import changed
from app.services.meeting_desk import meeting_desk
from app.services.meeting_operations import ITEM_LABELS, save_agenda_item
from app.ui.dialogs.saving_dialog import SavingDialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.form_fields import select_code
from app.ui.widgets.received_notice import Taken, picked, take_into
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


class AgendaItemDialog(SavingDialog):
    """Add a point to the séance `meeting_id` (`item` None) or edit `item`; `saved` gives its id."""

    def __init__(self, runner: TaskRunner, meeting_id: uuid.UUID, projects: Sequence[Choice],
                 item: DeskItem | None = None, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._meeting_id, self._item_id = meeting_id, item.id if item else None
        self.setWindowTitle(self.tr("Modifier le point") if item else self.tr("Nouveau point"))
        fit_to_screen(self, 640, 620)
        self.kind = _enum_combo(self, [k for k in AgendaItemKind if item or k is not AgendaItemKind.MISC])
        self.matter = _enum_combo(self, list(MatterKind))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Ex. : Budget primitif 2027 et contributions des membres"))
        self.rapporteur = QLineEdit(self)
        self.presentation = QPlainTextEdit(self)
        self.presentation.setPlaceholderText(self.tr("Contexte, enjeux, proposition soumise à l'instance"))
        self.presentation.setTabChangesFocus(True)
        self.financial_impact = QPlainTextEdit(self)
        self.financial_impact.setPlaceholderText(self.tr("Montants, imputation, cofinancements (facultatif)"))
        self.financial_impact.setTabChangesFocus(True)
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
        self.opened_with = self.values()  # what « Annuler » compares with
        self.base = self.opened_with if item is not None else None  # the base of its save
        self._build_layout()
        if item is not None:  # the point's sync conflicts, marked on its fields
            self.form_conflicts = FormConflicts(self, runner, "agenda_item", item.id, {
                "kind": self.kind, "matter": self.matter, "title": self.title, "rapporteur": self.rapporteur,
                "presentation": self.presentation, "financial_impact": self.financial_impact})
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self.form_conflicts.badge)
            self.form_conflicts.reload()
            # « modifié sur un autre poste » after a round that changed it
            self.received.watch(picked(job(meeting_desk, meeting_id), item.id, lambda desk: desk.items),
                                self._take)
        self.project_filter.textChanged.connect(self._on_project_filter_text_changed)
        self.drafts = DraftKeeper(self, f"point-{item.id}" if item else f"point-nouveau-{meeting_id}",
                                  self._draft_state)
        self._draft_offered = False
        self.loaded = True
        self.save_button.setEnabled(True)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Shown, then the edits a crash left unsaved offered back (the question above the form)."""
        super().showEvent(event)
        if not self._draft_offered:
            self._draft_offered = True
            QTimer.singleShot(0, self, self._take_draft)

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.received)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

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
        if fresh is None or self.base is None:
            return Taken()
        base, taken = take_into(_fields(self.base), _fields(self.values()), _fields(_values_of(fresh)),
                                self._show, ITEM_LABELS.__getitem__)
        self.base = self.opened_with = ItemValues(**{**base, "project_ids": tuple(base["project_ids"])})
        return taken

    # -- SavingDialog ------------------------------------------------------------------------------
    @override
    def save_job(self) -> Callable[[Progress], uuid.UUID]:
        return job(save_agenda_item, self._meeting_id, self._item_id, **asdict(self.values()),
                   base=asdict(self.base) if self.base else None)

    @override
    def is_modified(self) -> bool:
        return _fields(self.values()) != _fields(self.opened_with)

    @override
    def rebase_on(self, theirs: dict[str, Any]) -> None:
        """Refused on a clash: the base takes the stored values of the clashing fields (saving again keeps
        the user's)."""
        assert self.base is not None  # only an existing point has a base
        stored: dict[str, Any] = {name: tuple(value) if name == "project_ids" else value
                                  for name, value in theirs.items()}
        self.base = replace(self.base, **stored)

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _take_draft(self) -> None:
        draft = self.drafts.offer(self.tr("ce point de l'ordre du jour"))
        if draft is not None:
            self._show(changed(draft.base, draft.mine, list(_fields(self.opened_with))))
        self.drafts.start()

    def _draft_state(self) -> tuple[Any, Any] | None:
        if not self.is_modified():
            return None
        return _fields(self.opened_with), _fields(self.values())

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
