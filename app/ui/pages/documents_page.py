"""« Documents »: the register of every generated official PDF, and whether its file is still intact; a
toolbar previews, prints, saves, marks sent or signed, and makes a new version of the selected document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QItemSelection, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from app.config import documents_dir
from app.db import db_path, job
from app.domain.documents import DocumentEntry, FileState
from app.formatting import short_date_time
from app.services.documents import list_documents
from app.ui.item_models.summary_table_model import CENTER, RIGHT, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets.document_actions import DocumentActions
from app.ui.widgets.documents_html import document_html
from app.ui.widgets.list_helpers import (
    BAD,
    GOOD,
    WARN,
    enum_options,
    enum_rank,
    moment_key,
    settle_after_load,
)
from app.ui.widgets.list_page import FilterSpec, Job, ListPage

_STATE_TONES = {FileState.INTACT: GOOD, FileState.MODIFIED: WARN, FileState.MISSING: BAD}


class DocumentsPage(ListPage):
    """Convocations, délibérations, procès-verbaux, fiches action… as generated, with their SHA-256."""

    TITLE = "Documents"
    EXPLANATION = ("Le registre des documents officiels générés : nature, référence, version, auteur et "
                   "empreinte SHA-256. Un fichier modifié ou absent depuis sa génération est signalé.")
    EMPTY_HINT = ("Aucun document n'a encore été généré.\nLes convocations, ordres du jour, délibérations, "
                  "procès-verbaux et fiches action apparaissent ici dès qu'ils sont générés depuis les pages "
                  "Instances ou Portefeuille (menu « Générer… »).")
    STATE_KEY = "documents"

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.folder: Path | None = None
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # newest first
        self.detail.setOpenLinks(False)  # "Ouvrir le fichier" goes to the system viewer, not the pane
        self.detail.anchorClicked.connect(self._on_detail_anchor_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.actions_bar.changed.connect(self.refresh)
        self._shown_once = False

    def extra_widgets(self) -> Sequence[QWidget]:
        self.actions_bar = DocumentActions(self._runner, self)
        return (self.actions_bar,)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Reload when shown again: documents generated from other pages appear (the first load is the
        main window's)."""
        if self._shown_once:
            self.refresh()
        self._shown_once = True
        super().showEvent(event)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, *_args: object) -> None:
        self.actions_bar.set_entry(self.selected_row(), self.folder or Path())

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Nature"), lambda d: d.kind.label),
            Column(self.tr("Titre"), lambda d: d.title, tooltip=lambda d: d.title),
            Column(self.tr("Référence"), lambda d: d.reference),
            Column(self.tr("Fichier"), lambda d: d.file_state.label, lambda d: enum_rank(d.file_state),
                   foreground=lambda d: _STATE_TONES[d.file_state]),
            Column(self.tr("Version"), lambda d: f"v{d.version}", lambda d: d.version, RIGHT),
            Column(self.tr("Statut"), lambda d: d.status.label, lambda d: enum_rank(d.status)),
            Column(self.tr("Généré le"), lambda d: short_date_time(d.generated_at),
                   lambda d: moment_key(d.generated_at), CENTER),
            Column(self.tr("Par"), lambda d: d.generated_by),
            Column(self.tr("SHA-256"), lambda d: d.short_hash, tooltip=lambda d: d.sha256),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("kind", "Toutes les natures", lambda rows: enum_options(rows, lambda r: r.kind),
                       lambda row, value: row.kind == value),
            FilterSpec("file", "Tous les fichiers", lambda rows: enum_options(rows, lambda r: r.file_state),
                       lambda row, value: row.file_state == value),
        )

    def _on_rows_loaded(self, rows: Sequence[Any]) -> None:
        super()._on_rows_loaded(rows)
        settle_after_load(self)

    def load_job(self) -> Job:
        self.folder = documents_dir(db_path())  # read on the GUI thread, hashed in the worker
        return job(list_documents, folder=self.folder)

    @Slot(QUrl)
    def _on_detail_anchor_clicked(self, url: QUrl) -> None:
        if url.isLocalFile() and not QDesktopServices.openUrl(url):
            QMessageBox.warning(self, self.tr("Documents"), self.tr(
                "Aucune application n'a pu ouvrir « %1 ».").replace("%1", url.toLocalFile()))

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, DocumentEntry)
        return document_html(detail, self.folder or Path())
