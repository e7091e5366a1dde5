"""The portfolio's commands: new / edit / duplicate a fiche, undo and redo saved changes (edits, new
fiches, status changes: see portfolio_undo), change the status, export, issue the fiche action PDF
(issue 5). Every command is a keyboard-reachable QAction."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from app.db import job
from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DecisionKind, DecisionStatus
from app.domain.lifecycle import StatusChangeEntry, TransitionOption
from app.domain.project_form import ProjectDraft, SavedProject
from app.services.exports import export
from app.services.governance import list_decisions
from app.services.lifecycle import change_status, transition_options
from app.services.project_form import load_project_draft
from app.services.project_sheet import issue_project_sheet_file
from app.ui.dialogs.project_form_dialog import ProjectFormDialog
from app.ui.tasks import ProgressDialog, TaskRunner
from app.ui.widgets.portfolio_undo import CreateCommand, EditCommand, PortfolioUndo, StatusCommand
from app.ui.widgets.save_path import ask_save_path

if TYPE_CHECKING:
    from app.ui.pages.portfolio_page import PortfolioPage

EXPORT_FILTER = "Classeur Excel (*.xlsx);;Fichier CSV (*.csv)"


class PortfolioActions(QObject):
    """Owns the page's QActions and runs them through the runner; `changed(project id)` after a write."""

    changed = Signal(object)
    message = Signal(str)

    def __init__(self, page: PortfolioPage, runner: TaskRunner) -> None:
        super().__init__(page)
        self._page, self._runner = page, runner
        self.history = PortfolioUndo(runner, page)
        self.history.changed.connect(self._on_history_changed)
        self.last_preview: QWidget | None = None
        self.new = self._action(self.tr("Nouvelle fiche"), QKeySequence.StandardKey.New,
                                self._on_new_triggered)
        self.edit = self._action(self.tr("Modifier"), "F2", self._on_edit_triggered)
        self.duplicate = self._action(self.tr("Dupliquer"), "Ctrl+D", self._on_duplicate_triggered)
        self.undo = self._action(self.tr("Annuler"), "Ctrl+Z", self.history.undo)
        self.redo = self._action(self.tr("Rétablir"), "Ctrl+Shift+Z", self.history.redo)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.status_menu = QMenu(self.tr("Changer le statut"), page)
        self.status_menu.setToolTipsVisible(True)
        self.status = self._action(self.tr("Changer le statut"), "Ctrl+T", self._on_status_triggered)
        self.status.setMenu(self.status_menu)
        self.export_portfolio = self._action(self.tr("Exporter le portefeuille…"), "Ctrl+E",
                                             self._on_export_portfolio_triggered)
        self.export_financing = self._action(self.tr("Exporter les plans de financement…"), "Ctrl+Shift+E",
                                             self._on_export_financing_triggered)
        self.sheet = self._action(self.tr("Fiche action PDF"), "Ctrl+P", self._on_sheet_triggered)
        self.history.stack.indexChanged.connect(self._on_stack_index_changed)
        self._on_stack_index_changed()
        self.update_enabled(None)

    def make(self, text: str, keys: Any, slot: Any) -> QAction:
        """A page action with its shortcut in the tooltip (for the page's own commands too)."""
        return self._action(text, keys, slot)

    def _action(self, text: str, keys: Any, slot: Any) -> QAction:
        action = QAction(text, self._page)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self._page.addAction(action)
        return action

    def update_enabled(self, project_id: uuid.UUID | None) -> None:
        for action in (self.edit, self.duplicate, self.status, self.sheet):
            action.setEnabled(project_id is not None)
        self.status_menu.clear()
        if project_id is not None:
            self._runner.submit(job(transition_options, project_id), owner=self._page,
                                on_success=self._on_options_loaded)

    # -- the form ----------------------------------------------------------------------------------
    def open_form(self, project_id: uuid.UUID | None, *, duplicate: bool = False) -> ProjectFormDialog:
        dialog = ProjectFormDialog(self._runner, project_id=project_id, duplicate=duplicate,
                                   parent=self._page)
        dialog.saved.connect(self._on_dialog_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def _on_new_triggered(self) -> None:
        self.open_form(None)

    @Slot()
    def _on_edit_triggered(self) -> None:
        if (project_id := self._page.selected_id()) is not None:
            self.open_form(project_id)

    @Slot()
    def _on_duplicate_triggered(self) -> None:
        if (project_id := self._page.selected_id()) is not None:
            self.open_form(project_id, duplicate=True)

    @Slot(object)
    def _on_dialog_saved(self, saved: SavedProject) -> None:
        if saved.created:
            self.history.push(CreateCommand(saved.id, saved.code))
        elif saved.previous is not None:  # the draft as saved (new milestones now have ids), for redo
            self._runner.submit(job(load_project_draft, saved.id), owner=self._page,
                                on_success=partial(self._on_saved_draft_loaded, saved.previous))
        self.message.emit(self.tr("Fiche %1 enregistrée.").replace("%1", saved.code))
        self.changed.emit(saved.id)

    def _on_saved_draft_loaded(self, previous: ProjectDraft, after: ProjectDraft) -> None:
        self.history.push(EditCommand(previous, after))

    @Slot()
    def _on_stack_index_changed(self, *_args: object) -> None:
        """Ctrl+Z / Ctrl+Maj+Z say what they would undo or redo (and are greyed out when nothing)."""
        stack = self.history.stack
        for action, can, text, keys in ((self.undo, stack.canUndo(), stack.undoText(), "Ctrl+Z"),
                                        (self.redo, stack.canRedo(), stack.redoText(), "Ctrl+Maj+Z")):
            action.setEnabled(can)
            verb = self.tr("Annuler") if action is self.undo else self.tr("Rétablir")
            action.setToolTip(f"{verb} : {text} ({keys})" if can else self.tr("%1 (rien à %2)").replace(
                "%1", verb).replace("%2", verb.lower()))

    @Slot(object, str)
    def _on_history_changed(self, project_id: uuid.UUID, text: str) -> None:
        self.message.emit(text)
        self.changed.emit(project_id)

    # -- status ------------------------------------------------------------------------------------
    def _on_options_loaded(self, options: tuple[TransitionOption, ...]) -> None:
        self.status_menu.clear()
        for option in options:
            entry = self.status_menu.addAction(option.target.label)
            entry.setEnabled(option.allowed)
            entry.setToolTip(option.refusal or self.tr("Passer le projet « %1 »").replace(
                "%1", option.target.label.lower()))
            entry.setData(option)
            entry.triggered.connect(self._on_status_entry_triggered)
        if not options:
            self.status_menu.addAction(self.tr("Ce statut est définitif")).setEnabled(False)

    @Slot()
    def _on_status_triggered(self) -> None:
        """Ctrl+T: the menu under the table (the toolbar button opens it by itself)."""
        table = self._page.table
        self.status_menu.popup(table.mapToGlobal(table.visualRect(table.currentIndex()).bottomLeft()))

    @Slot()
    def _on_status_entry_triggered(self) -> None:
        entry = self.sender()
        if isinstance(entry, QAction):
            self.apply_transition(entry.data())

    def apply_transition(self, option: TransitionOption) -> None:
        """Ask what the move needs (a motif, the validating decision), then run it in the worker."""
        project_id = self._page.selected_id()
        if project_id is None or not option.allowed:
            return
        comment = ""
        if option.needs_reason:
            prompt = self.tr("Motif du passage « %1 » (il figurera dans l'historique) :")
            comment, ok = QInputDialog.getText(self._page, self.tr("Motif"),
                                               prompt.replace("%1", option.target.label))
            if not ok or not comment.strip():
                return
        if option.needs_decision:
            self._runner.submit(job(list_decisions), owner=self._page,
                                on_success=partial(self._ask_decision, project_id, option))
            return
        self._change(project_id, option, comment, None)

    def _ask_decision(self, project_id: uuid.UUID, option: TransitionOption, rows: Any) -> None:
        adopted = [row for row in rows if row.status is DecisionStatus.ADOPTED
                   and row.kind is not DecisionKind.OPINION]
        labels = [f"{row.number} – {row.title}"[:90] for row in adopted]
        if not labels:
            QMessageBox.information(self._page, self.tr("Validation"), self.tr(
                "Aucune délibération adoptée : un projet n'est « validé » que par une décision "
                "d'une instance."))
            return
        label, ok = QInputDialog.getItem(self._page, self.tr("Décision de validation"),
                                         self.tr("Délibération qui valide le projet :"), labels, 0, False)
        if ok:
            self._change(project_id, option, "", adopted[labels.index(label)].id)

    def _change(self, project_id: uuid.UUID, option: TransitionOption, comment: str,
                decision_id: uuid.UUID | None) -> None:
        self._runner.submit(job(change_status, project_id, option.target, comment=comment,
                                decision_id=decision_id), owner=self._page,
                            on_success=partial(self._on_status_changed, project_id, comment, decision_id))

    def _on_status_changed(self, project_id: uuid.UUID, comment: str, decision_id: uuid.UUID | None,
                           entry: StatusChangeEntry) -> None:
        self.history.push(StatusCommand(project_id, entry, comment=comment, decision_id=decision_id))
        self.message.emit(self.tr("Statut changé : %1.").replace("%1", entry.to_status.label.lower()))
        self.changed.emit(project_id)

    # -- exports and the fiche PDF -----------------------------------------------------------------
    @Slot()
    def _on_export_portfolio_triggered(self) -> None:
        self._ask_export("portfolio", self.tr("portefeuille.xlsx"))

    @Slot()
    def _on_export_financing_triggered(self) -> None:
        self._ask_export("financing", self.tr("plans-de-financement.xlsx"))

    def _ask_export(self, kind: str, name: str) -> None:
        path = ask_save_path(self._page, self.tr("Exporter"), name, self.tr(EXPORT_FILTER))
        if path is not None:
            self.export_to(kind, path)

    def export_to(self, kind: str, path: Path) -> None:
        task = self._runner.submit(job(export, kind, path), owner=self._page, on_success=self._on_exported)
        ProgressDialog(task, self.tr("Export en cours…"), self._page)

    def _on_exported(self, result: Any) -> None:
        self.message.emit(self.tr("%1 lignes exportées dans %2").replace("%1", str(result.rows))
                          .replace("%2", str(result.path)))

    @Slot()
    def _on_sheet_triggered(self) -> None:
        if (project_id := self._page.selected_id()) is not None:
            task = self._runner.submit(job(issue_project_sheet_file, project_id), owner=self._page,
                                       on_success=self._on_sheet_issued)
            ProgressDialog(task, self.tr("Génération de la fiche action…"), self._page)

    def _on_sheet_issued(self, issued: tuple[DocumentInfo, Path]) -> None:
        document, path = issued
        self.message.emit(self.tr("Fiche action %1 enregistrée au registre des documents.").replace(
            "%1", document.reference))
        from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog  # the Documents page's viewer

        preview = PdfPreviewDialog(path, document.title, self._page)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_preview = preview
        preview.open()
