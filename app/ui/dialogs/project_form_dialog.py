"""The fiche action form: create, edit or duplicate a project; field undo, French validation (issue 5).

Every field edit is a command on a QUndoStack (Ctrl+Z / Ctrl+Maj+Z or Ctrl+Y); consecutive edits of one
field merge into one step. Saving goes through the service, whose per-field problems are shown next to the
fields. A field with an open sync conflict has its label in red, the competing values in its tooltip
(issue 3).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import db_path, job
from app.domain.field_labels import field_label
from app.domain.progress import Progress
from app.domain.project_form import LIST_LABELS, ROW_KEYS, InvalidDraftError, ProjectDraft, SavedProject
from app.domain.rebase import EditedElsewhereError, attributes, merge_rows, take_received
from app.domain.sync import ConflictInfo
from app.drafts import changed
from app.services.organisations import find_duplicates, identifier_problems
from app.services.project_choices import form_choices
from app.services.project_form import (
    load_project_draft,
    save_project,
    save_project_with_carrier,
)
from app.sync.service import object_conflicts
from app.ui.dialogs.arbitrate_dialog import arbitrate_on_click
from app.ui.dialogs.save_in_flight import SaveInFlight
from app.ui.dialogs.saving_dialog import DiscardGuard
from app.ui.draft_keeper import DraftKeeper
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import ConflictBadge
from app.ui.widgets.form_conflicts import follow_sync
from app.ui.widgets.history_view import row_key
from app.ui.widgets.project_form_tabs import ProjectFormTabs
from app.ui.widgets.received_notice import ReceivedNotice, Taken
from app.ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)


def _conflicts_job(project_id: uuid.UUID) -> Callable[[Progress], tuple[ConflictInfo, ...]]:
    """The open conflicts of the fiche and of its parts (partners, services, milestones, risks, links,
    funding lines…), in the bin or not: a link deleted here and edited there is one too."""

    def run(progress: Progress) -> tuple[ConflictInfo, ...]:
        return object_conflicts(db_path(), "project", row_key(project_id), parts=True)

    return run


class FieldEdit(QUndoCommand):
    """One edit of one field: the whole draft before and after (drafts are small frozen values)."""

    def __init__(self, tabs: ProjectFormTabs, field: str, before: ProjectDraft, after: ProjectDraft) -> None:
        super().__init__(f"Modifier « {field} »")
        self._tabs, self.field, self.before, self.after = tabs, field, before, after
        self._first = True

    @override
    def id(self) -> int:
        return 1

    @override
    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or other.field != self.field:
            return False
        self.after = other.after
        return True

    @override
    def redo(self) -> None:
        if self._first:  # the widget already shows the edit
            self._first = False
            return
        self._tabs.set_draft(self.after)

    @override
    def undo(self) -> None:
        self._tabs.set_draft(self.before)


class ProjectFormDialog(DiscardGuard):
    """Nouvelle fiche, Modifier or Dupliquer. `saved(SavedProject)` on success."""

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, *, project_id: uuid.UUID | None = None, duplicate: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._loaded: ProjectDraft | None = None  # the saved draft being edited (None: a new fiche)
        self._current = ProjectDraft(code="", title="")
        self.conflicts: tuple[ConflictInfo, ...] = ()
        self.undo_stack = QUndoStack(self)
        self.tabs = ProjectFormTabs(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("form_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.summary.hide()
        self.conflict_badge = ConflictBadge(self)
        arbitrate_on_click(self.conflict_badge, runner, self.reload_conflicts)
        self.received = ReceivedNotice(self, runner)
        self._project_id = None if duplicate else project_id  # whose sync conflicts are marked
        self._new = project_id is None
        name = "nouvelle" if project_id is None else f"{'copie-' if duplicate else ''}{project_id}"
        self.drafts = DraftKeeper(self, f"fiche-{name}", self._draft_state)
        self._build(project_id, duplicate)
        self._runner.submit(job(form_choices), owner=self, on_success=self._on_choices_loaded)
        if project_id is not None:
            self._runner.submit(job(load_project_draft, project_id), owner=self,
                                on_success=self._duplicated if duplicate else self._on_draft_loaded)
        self.reload_conflicts()
        follow_sync(self, self.reload_conflicts)

    def _build(self, project_id: uuid.UUID | None, duplicate: bool) -> None:
        title = (self.tr("Dupliquer la fiche action") if duplicate else
                 self.tr("Modifier la fiche action") if project_id else self.tr("Nouvelle fiche action"))
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 680)
        self.undo_button = QPushButton(self.tr("Annuler la saisie (Ctrl+Z)"), self)
        self.redo_button = QPushButton(self.tr("Rétablir (Ctrl+Maj+Z)"), self)
        self.undo_button.setAutoDefault(False)
        self.redo_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler (Échap)"))
        self.saving = SaveInFlight(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        bar = QHBoxLayout()
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        bar.addStretch(1)
        bar.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict_badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.received)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)
        self._connect()

    def _connect(self) -> None:
        self.tabs.changed.connect(self._on_tabs_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.tabs.carrier_name.editingFinished.connect(self._on_carrier_editing_finished)
        self.tabs.carrier_siret.editingFinished.connect(self._on_carrier_editing_finished)
        for keys, slot in ((QKeySequence.StandardKey.Save, self._on_buttons_accepted),
                           (QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                           ("Ctrl+Shift+Z", self.undo_stack.redo),  # not StandardKey.Redo: the same keys
                           ("Ctrl+Y", self.undo_stack.redo)):  # twice would make both shortcuts ambiguous
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # -- loading -----------------------------------------------------------------------------------
    def _on_choices_loaded(self, choices: Any) -> None:
        self.tabs.set_choices(choices)
        self.tabs.set_draft(self._current)
        if self._new:
            self._take_draft()

    def _on_draft_loaded(self, draft: ProjectDraft) -> None:
        first = self._loaded is None
        self._loaded = self._current = draft
        self.tabs.set_draft(draft)
        assert draft.id is not None
        self.received.watch(job(load_project_draft, draft.id), self._take)
        if first:
            self._take_draft()

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _take_draft(self) -> None:
        """Edits left unsaved when Maillage stopped, put over the stored fiche if the user wants them."""
        draft = self.drafts.offer(self.tr("cette fiche action"))
        if draft is not None:
            mine, carrier = draft.mine
            restored = replace(self._current, **changed(draft.base, mine, [f.name for f in fields(mine)]))
            self.tabs.set_draft(restored)
            self.undo_stack.push(FieldEdit(self.tabs, self.tr("brouillon repris"), self._current, restored))
            self._current = restored
            for edit, value in zip((self.tabs.carrier_name, self.tabs.carrier_siren, self.tabs.carrier_siret),
                                   carrier, strict=True):
                if value:
                    edit.setText(value)
        self.drafts.start()

    def _draft_state(self) -> tuple[Any, Any] | None:
        if not self.is_modified():
            return None
        return self._loaded, (self.tabs.draft(), self._carrier_fields())  # ValueError: half-typed

    def _take(self, fresh: ProjectDraft) -> Taken | None:
        """A round changed the fiche. Nothing typed in the form: shown anew (its undo steps go: they hold
        the fiche as it was). Else shown in the fields the user left alone, in every undo step too, so
        that no undo puts the old value back over the one received (ReceivedNotice)."""
        if self._loaded is None:
            return Taken()
        typing = {name for name in LIST_LABELS if self.tabs.is_editing(name)}  # redrawn at the next round
        if not self.is_modified() and not typing:
            self.undo_stack.clear()
            self._on_draft_loaded(fresh)
            return None
        try:
            mine = self.tabs.draft()
        except ValueError:  # a half-typed date or number in a table: taken at the next round
            return Taken()
        steps = [step for step in map(self.undo_stack.command, range(self.undo_stack.count()))
                 if isinstance(step, FieldEdit)]
        names = [spec.name for spec in fields(fresh)]
        touched = typing | {name for step in steps for draft in (step.before, step.after) for name in names
                            if getattr(draft, name) != getattr(self._loaded, name)}
        received = take_received(attributes(self._loaded, names), attributes(mine, names),
                                 attributes(fresh, names), touched)
        drafts = [mine, *(draft for step in steps for draft in (step.before, step.after))]
        lists = {name: rows for name in received.both if (rows := self._merged_lists(name, drafts, fresh))}
        self._loaded = replace(fresh, **{**received.base, **{name: getattr(fresh, name) for name in lists}})

        def rebased(draft: ProjectDraft) -> ProjectDraft:
            return replace(draft, **received.shown, **{name: rows[draft] for name, rows in lists.items()})

        for step in steps:
            step.before, step.after = rebased(step.before), rebased(step.after)
        self._current = rebased(mine)
        self.tabs.set_draft(self._current)
        return Taken.of([*received.shown, *lists], [name for name in received.both if name not in lists],
                        lambda name: LIST_LABELS.get(name) or field_label("project", name))

    def _merged_lists(self, name: str, drafts: list[ProjectDraft], fresh: ProjectDraft) -> dict[Any, Any]:
        """A list (partners, milestones…) changed here and on another workstation: each draft shown or
        held by an undo step, merged by row with what was received (app.domain.rebase.merge_rows), or
        nothing when a row clashes in any of them, or while a cell of it is being typed in (the list then
        stays as typed; the next round tries again)."""
        if not isinstance(getattr(fresh, name), tuple) or self.tabs.is_editing(name):
            return {}
        key, merged = ROW_KEYS.get(name, lambda row: row), {}
        for draft in drafts:
            rows, clash = merge_rows(getattr(self._loaded, name), getattr(draft, name), getattr(fresh, name),
                                     key)
            if clash is not None:
                return {}
            merged[draft] = rows
        return merged

    def _duplicated(self, draft: ProjectDraft) -> None:
        copy = replace(draft, id=None, code=f"{draft.code}-copie", title=self.tr("Copie de %1").replace(
            "%1", draft.title), milestones=tuple(replace(m, id=None) for m in draft.milestones),
            risks=tuple(replace(r, id=None) for r in draft.risks))
        self._current = copy
        self.tabs.set_draft(copy)
        self.undo_stack.resetClean()
        self._take_draft()

    # -- sync conflicts (issue 3) -------------------------------------------------------------------
    @Slot()
    def reload_conflicts(self, *_args: object) -> None:
        """Mark the fields with an open sync conflict (again after a round or a resolution)."""
        if self._project_id is not None:
            self._runner.submit(_conflicts_job(self._project_id), owner=self,
                                on_success=self._on_conflicts_loaded, on_error=self._on_conflicts_failed)

    def _on_conflicts_loaded(self, conflicts: tuple[ConflictInfo, ...]) -> None:
        self.conflicts = conflicts
        self.tabs.mark_conflicts(conflicts)
        self.conflict_badge.set_conflicts(conflicts, owner="project")

    def _on_conflicts_failed(self, exc: Exception) -> None:
        log.warning("Conflicts of the fiche not loaded: %s", exc)  # the form works without its badges

    # -- edits and undo ----------------------------------------------------------------------------
    @Slot(str)
    def _on_tabs_changed(self, field: str) -> None:
        try:
            after = self.tabs.draft()
        except ValueError:  # a half-typed date or number in a table: wait for the next edit
            return
        if after != self._current:
            self.undo_stack.push(FieldEdit(self.tabs, field, self._current, after))
            self._current = after

    @Slot(int)
    def _on_undo_stack_index_changed(self, _index: int) -> None:
        try:
            self._current = self.tabs.draft()
        except ValueError:
            return

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean() or bool(self.tabs.carrier_name.text().strip())

    # -- carrier -----------------------------------------------------------------------------------
    @Slot()
    def _on_carrier_editing_finished(self) -> None:
        name, siren, siret = self._carrier_fields()
        problems = identifier_problems(siren, siret)
        self.tabs.show_problems(problems)
        if (name or siren or siret) and not problems:
            self._runner.submit(job(find_duplicates, name=name, siren=siren, siret=siret), owner=self,
                                on_success=self._on_duplicates_found)

    def _on_duplicates_found(self, matches: Any) -> None:
        label = self.tabs.duplicate_label
        label.setVisible(bool(matches))
        label.setText(self.tr("Cette organisation existe peut-être déjà : %1. Choisissez-la dans la liste "
                              "« Porteur » plutôt que d'en créer une nouvelle.").replace("%1", " ; ".join(
            f"{m.organisation.name} ({', '.join(m.reasons)})" for m in matches)))

    def _carrier_fields(self) -> tuple[str, str, str]:
        return (self.tabs.carrier_name.text().strip(), self.tabs.carrier_siren.text().strip(),
                self.tabs.carrier_siret.text().strip())

    # -- saving ------------------------------------------------------------------------------------
    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.saving.running:  # Ctrl+S again while the first save waits
            return
        try:
            draft = self.tabs.draft()
        except ValueError:
            self._show_problems({"milestones": self.tr("Une échéance de jalon n'est pas une date AAAA-MM-JJ, "
                                                       "ou une note de risque n'est pas un nombre.")})
            return
        name, siren, siret = self._carrier_fields()
        local = identifier_problems(siren, siret)
        if local:
            self._show_problems(local)
            return
        call = (job(save_project_with_carrier, draft, name=name, siren=siren, siret=siret, base=self._loaded)
                if name or siren or siret else job(save_project, draft, base=self._loaded))
        self.saving.submit(self._runner, call, owner=self, on_success=self._on_saved,
                           on_error=self._on_save_failed)

    def _on_saved(self, saved: SavedProject) -> None:
        self.undo_stack.setClean()
        self.saved.emit(saved)
        self.accept()

    def _on_save_failed(self, exc: Exception) -> None:
        if isinstance(exc, EditedElsewhereError):  # saving again keeps the user's values knowingly
            self._loaded = replace(self._loaded, **exc.theirs) if self._loaded else None
            self._show_problems(exc.problems, self.tr("La fiche n'est pas enregistrée : elle a été modifiée "
                                                      "sur un autre poste pendant votre saisie."))
        elif isinstance(exc, InvalidDraftError):
            self._show_problems(exc.problems)
        else:
            show_error(self, exc)

    def _show_problems(self, problems: dict[str, str], head: str = "") -> None:
        self.tabs.show_problems(problems)
        count = len(problems)
        head = head or (
            self.tr("La fiche n'est pas enregistrée : un champ à corriger.") if count == 1 else
            self.tr("La fiche n'est pas enregistrée : %1 champs à corriger.").replace("%1", str(count)))
        self.summary.setText(head + "\n" + "\n".join(f"• {message}" for message in problems.values()))
        self.summary.show()

    @override
    def unsaved(self) -> bool:
        return self.is_modified()

    @override
    def discard_question(self) -> str:
        return self.tr("La fiche a été modifiée. Fermer sans enregistrer ?")
