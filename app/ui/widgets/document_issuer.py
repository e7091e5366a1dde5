"""Generating a document from the app (issue 4): the PDF is rendered and registered in the worker, behind
the progress dialog; then the preview opens and `issued` tells the Documents page to reload."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.db import job
from app.services.reporting import REPORTS, IssuedDocument, issue_report, reissue_document
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.tasks import ProgressDialog, TaskRunner


class DocumentIssuer(QObject):
    """Runs `issue_report` / `reissue_document` and previews the result over `owner`."""

    issued = Signal(object)  # IssuedDocument

    def __init__(self, runner: TaskRunner, owner: QWidget) -> None:
        super().__init__(owner)
        self._runner, self._owner = runner, owner
        self.preview: PdfPreviewDialog | None = None
        self.last: IssuedDocument | None = None

    def generate(self, kind: str, subject_id: uuid.UUID) -> None:
        label = REPORTS[kind].label
        task = self._runner.submit(job(issue_report, kind, subject_id), owner=self._owner,
                                   on_success=self._on_issued)
        ProgressDialog(task, self.tr("Génération : %1…").replace("%1", label), self._owner)

    def new_version(self, document_id: uuid.UUID) -> None:
        task = self._runner.submit(job(reissue_document, document_id), owner=self._owner,
                                   on_success=self._on_issued)
        ProgressDialog(task, self.tr("Génération de la nouvelle version…"), self._owner)

    def _on_issued(self, issued: IssuedDocument) -> None:
        self.last = issued
        self.issued.emit(issued)
        self.show_preview(issued)

    def show_preview(self, issued: IssuedDocument) -> None:
        title = f"{issued.info.title} (v{issued.info.version})"
        self.preview = PdfPreviewDialog(issued.path, title, self._owner)
        self.preview.open()
