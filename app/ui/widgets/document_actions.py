"""The Documents page's toolbar (issue 4): preview, print, save a copy, mark sent or signed (then
immutable), and « Nouvelle version » (regenerated as version n+1, linked to the one it corrects)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from app.db import job
from app.domain.documents import DocumentEntry, FileState
from app.domain.enums import DocumentKind, DocumentStatus
from app.services.document_register import set_document_status
from app.services.reporting import REPORTS
from app.ui.dialogs import confirm
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.pdf_output import ask_and_print, ask_and_save_copy
from app.ui.tasks import TaskRunner
from app.ui.widgets.document_issuer import DocumentIssuer

_REGENERABLE = {kind for kind in DocumentKind if kind.value in REPORTS}


class DocumentActions(QToolBar):
    """Acts on the register entry selected in the Documents page."""

    changed = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.entry: DocumentEntry | None = None
        self.folder = Path()
        self.preview: PdfPreviewDialog | None = None
        self.issuer = DocumentIssuer(runner, self)
        self.issuer.issued.connect(self._on_issuer_issued)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.preview_action = self._action(self.tr("Aperçu"), "Ctrl+Shift+A", self.tr(
            "Afficher le PDF (toutes les pages, zoom)"), self._on_preview_triggered)
        self.print_action = self._action(self.tr("Imprimer…"), "Ctrl+P", self.tr(
            "Imprimer le document par la boîte d'impression du système"), self._on_print_triggered)
        self.save_action = self._action(self.tr("Enregistrer sous…"), "Ctrl+Shift+S", self.tr(
            "Enregistrer une copie du PDF ailleurs (le registre garde l'original)"), self._on_save_triggered)
        self.addSeparator()
        self.sent_action = self._action(self.tr("Marquer envoyé"), "Ctrl+Shift+E", self.tr(
            "Le document a été diffusé : il ne pourra plus être modifié"), self._on_sent_triggered)
        self.signed_action = self._action(self.tr("Marquer signé"), "Ctrl+Shift+G", self.tr(
            "Le document est signé : il ne pourra plus être modifié"), self._on_signed_triggered)
        self.version_action = self._action(self.tr("Nouvelle version"), "Ctrl+Shift+V", self.tr(
            "Régénérer le document en version n+1, liée à la version qu'elle corrige"),
            self._on_version_triggered)
        self.notice = QLabel(self)
        self.notice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.notice)
        self.set_entry(None, Path())

    def _action(self, text: str, shortcut: str, tip: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # keep the « … » that announces a dialog (Qt strips it otherwise)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcut.replace('Shift', 'Maj')})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_entry(self, entry: DocumentEntry | None, folder: Path) -> None:
        self.entry, self.folder = entry, folder
        readable = entry is not None and entry.file_state is not FileState.MISSING
        for action in (self.preview_action, self.print_action, self.save_action):
            action.setEnabled(readable)
        status = entry.status if entry else None
        self.sent_action.setEnabled(status is DocumentStatus.DRAFT)
        self.signed_action.setEnabled(status in (DocumentStatus.DRAFT, DocumentStatus.SENT))
        self.version_action.setEnabled(entry is not None and entry.kind in _REGENERABLE)
        self.notice.setText(self._notice(entry))

    def _notice(self, entry: DocumentEntry | None) -> str:
        if entry is None:
            return ""
        if entry.file_state is FileState.MODIFIED:
            return self.tr("⚠ Le fichier ne correspond plus à son empreinte : créez une nouvelle version.")
        if entry.file_state is FileState.MISSING:
            return self.tr("⚠ Fichier absent de ce poste : voir le détail.")
        if entry.status is not DocumentStatus.DRAFT:
            return self.tr("Document %1 : il ne peut plus être modifié.").replace(
                "%1", entry.status.label.lower())
        return ""

    def path(self) -> Path | None:
        return self.folder / self.entry.file_name if self.entry and self.entry.file_name else None

    # -- file actions ----------------------------------------------------------------------------
    @Slot()
    def _on_preview_triggered(self) -> None:
        if (path := self.path()) is not None and self.entry is not None:
            self.preview = PdfPreviewDialog(path, f"{self.entry.title} (v{self.entry.version})", self)
            self.preview.open()

    @Slot()
    def _on_print_triggered(self) -> None:
        if (path := self.path()) is not None and self.entry is not None:
            ask_and_print(path, self.entry.pages, self)

    @Slot()
    def _on_save_triggered(self) -> None:
        if (path := self.path()) is not None:
            ask_and_save_copy(path, self)

    # -- register actions ------------------------------------------------------------------------
    @Slot()
    def _on_sent_triggered(self) -> None:
        self._set_status(DocumentStatus.SENT)

    @Slot()
    def _on_signed_triggered(self) -> None:
        self._set_status(DocumentStatus.SIGNED)

    def _set_status(self, status: DocumentStatus) -> None:
        entry = self.entry
        if entry is None or not confirm.ask(self, self.tr("Documents"), self.tr(
                "Marquer « %1 » comme %2 ?\n\nLe document ne pourra plus être modifié : une correction "
                "sera une nouvelle version.").replace("%1", entry.title).replace("%2", status.label.lower())):
            return
        self._runner.submit(job(set_document_status, entry.id, status), owner=self,
                            on_success=self._on_status_set)

    def _on_status_set(self, _info: object) -> None:
        self.changed.emit()

    @Slot()
    def _on_version_triggered(self) -> None:
        if self.entry is not None:
            self.issuer.new_version(self.entry.id)

    @Slot(object)
    def _on_issuer_issued(self, _issued: object) -> None:
        self.changed.emit()
