"""« Synchronisation »: set-up, last round, workstations, then the tabs « Conflits à arbitrer », « Points
à vérifier » and « Quarantaine » (app.ui.widgets.sync_sections), whose requests run here, in the worker
(SYNC.md "In the app")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import db_path
from app.domain.progress import Progress
from app.domain.sync import ConflictInfo, SyncStatus
from app.sync.service import (
    local_status,
    resolve_field,
    retry_quarantined,
    save_setup,
    sync_configured,
)
from app.ui.item_models.summary_table_model import Column, SummaryTableModel
from app.ui.sync_controller import RoundOutcome, SyncController
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_list import sync_table
from app.ui.widgets.form_fields import error_label
from app.ui.widgets.hint_table import fit_height_to_rows
from app.ui.widgets.page_header import PageHeader
from app.ui.widgets.sync_format import round_text, when
from app.ui.widgets.sync_sections import SyncSections

PEER_ROWS_SHOWN = 6  # a GIP's workstations: a handful; more scroll


def _job(fn: Callable[..., SyncStatus], *args: Any) -> Callable[[Progress], SyncStatus]:
    def run(progress: Progress) -> SyncStatus:
        return fn(db_path(), *args)

    return run


class SyncPage(QWidget):
    """Every action is a job on the runner: the GUI thread never touches the database or the share."""

    synced = Signal()
    object_requested = Signal(str, str)  # table, row id: « Afficher l'objet » (the window shows its page)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        header = PageHeader(self.tr("Synchronisation"), self.tr(
            "Chaque poste travaille hors ligne et échange ses modifications par un dossier partagé. "
            "Aucune modification n'est perdue : les valeurs concurrentes attendent votre arbitrage."), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)  # as every other page: their titles line up
        layout.addWidget(header)
        layout.addWidget(self._build_setup())
        self.last_round_label = QLabel(self.tr("Aucune synchronisation pour l'instant."), self)
        self.last_round_label.setWordWrap(True)
        layout.addWidget(self.last_round_label)
        self.peers_model = SummaryTableModel(self._peer_columns(), self)
        no_peer = self.tr("Aucun autre poste vu pour l'instant : les postes apparaissent ici après leur "
                          "premier tour.")
        self.peers_table = sync_table(self.peers_model, no_peer, self)
        peers_box = QGroupBox(self.tr("Postes"), self)
        QVBoxLayout(peers_box).addWidget(self.peers_table)
        self._fit_peers_height()
        layout.addWidget(peers_box)
        self.sections = SyncSections(self)
        layout.addWidget(self.sections, 1)
        self.sections.resolve_requested.connect(self._on_sections_resolve_requested)
        self.sections.retry_requested.connect(self._on_sections_retry_requested)
        self.sections.object_requested.connect(self.object_requested)
        self._controller: SyncController | None = None
        self._joined = False  # a share and the passphrase are saved on this workstation
        self._failure = ""  # the last round's failure, shown even when it could not be logged (full disk)

    def attach_controller(self, controller: SyncController) -> None:
        """Rounds belong to the main window's controller: this page starts them and follows them."""
        self._controller = controller
        controller.round_started.connect(self._on_controller_round_started)
        controller.round_progressed.connect(self._on_controller_round_progressed)
        controller.round_finished.connect(self._on_controller_round_finished)
        controller.round_failed.connect(self._on_controller_round_failed)

    def _build_setup(self) -> QGroupBox:
        box = self.setup_box = QGroupBox(self.tr("Rejoindre un dossier de synchronisation"), self)
        self.setup_state = QLabel(box)  # what this workstation syncs with, once it has joined
        self.setup_state.setWordWrap(True)
        self.setup_state.hide()
        self.share_edit = QLineEdit(box)
        self.browse_button = QPushButton(self.tr("Parcourir…"), box)
        self.passphrase_edit = QLineEdit(box)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("phrase secrète du département"))
        self.join_button = QPushButton(self.tr("Rejoindre"), box)
        self.sync_button = QPushButton(self.tr("Synchroniser maintenant"), box)
        self.sync_button.setEnabled(False)  # until the status says this workstation has joined a share
        self.progress_bar = QProgressBar(box)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.hide()
        row = QHBoxLayout()
        for widget in (self.share_edit, self.browse_button):
            row.addWidget(widget)
        buttons = QHBoxLayout()
        for widget in (self.join_button, self.sync_button, self.progress_bar):  # type: ignore[assignment]
            buttons.addWidget(widget)
        self.setup_error = error_label(box)  # what joining lacks or why it was refused; hidden otherwise
        form = QFormLayout(box)
        form.addRow(self.setup_state)
        form.addRow(self.tr("Dossier partagé"), row)
        form.addRow(self.tr("Phrase secrète"), self.passphrase_edit)
        form.addRow(self.setup_error)
        form.addRow(buttons)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.join_button.clicked.connect(self._on_join_button_clicked)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        return box

    def _peer_columns(self) -> list[Column]:
        return [Column(self.tr("Poste"), lambda p: p.label or p.replica_id[:8]),
                Column(self.tr("Vu le"), lambda p: when(p.last_seen)),
                Column(self.tr("Version"), lambda p: p.app_version),
                Column(self.tr("Échanges"), lambda p: p.exchanges, tooltip=lambda p: self.tr(
                    "D'après son dernier passage sur le partage ; un enregistrement est une sauvegarde, "
                    "avec toutes les modifications qu'elle contient.")),
                Column(self.tr("Horloge"), lambda p: p.clock_warning or "correcte")]

    @Slot()
    def refresh(self) -> None:
        self._runner.submit(_job(local_status), owner=self, on_success=self._show)

    def _show(self, status: SyncStatus) -> None:
        if status.share and not self.share_edit.text():
            self.share_edit.setText(status.share)
        self._show_setup(status)
        last = status.last_round
        unlogged = self._failure and (last is None or last.ok)  # the base could not record it
        self.last_round_label.setText(
            f"Synchronisation impossible : {self._failure} En attente d'envoi : {status.pending}."
            if unlogged else round_text(status))
        self.peers_model.set_rows(status.peers)
        self.peers_table.resizeColumnsToContents()
        self._fit_peers_height()
        self.sections.show_status(status)

    def _fit_peers_height(self) -> None:
        """As tall as its rows (two at least, for the hint; six at most, then it scrolls): the lists below,
        where the work is, keep the room on a laptop's screen."""
        fit_height_to_rows(self.peers_table, min(max(self.peers_model.rowCount(), 2), PEER_ROWS_SHOWN))

    def _show_setup(self, status: SyncStatus) -> None:
        """Joined, joined without the passphrase here, or not yet: the box says which, its button does
        what is left to do, and « Synchroniser maintenant » waits for a complete set-up."""
        joined = bool(status.share) and status.passphrase_saved
        share = status.share
        self.setup_box.setTitle(self.tr("Dossier de synchronisation") if share else
                                self.tr("Rejoindre un dossier de synchronisation"))
        if joined:
            state = self.tr("Ce poste se synchronise avec « %1 » ; la phrase secrète du département y est "
                            "enregistrée. Pour changer de dossier, indiquez le nouveau et sa phrase secrète.")
            self.join_button.setText(self.tr("Changer de dossier"))
        elif share:
            state = self.tr("Ce poste se synchronise avec « %1 », mais la phrase secrète du département n'y "
                            "est pas enregistrée : saisissez-la.")
            self.join_button.setText(self.tr("Enregistrer la phrase secrète"))
        else:
            state = self.tr(
                "Cette base est celle du département de démonstration (fictif) : elle peut ouvrir un dossier "
                "de formation vide, pas rejoindre celui où travaillent les postes de votre département. Pour "
                "vos données : Fichier › Nouvelle base…, puis rejoignez le dossier depuis cette base vide."
            ) if status.demo else ""
            self.join_button.setText(self.tr("Rejoindre"))
        self.setup_state.setText(state.replace("%1", share))
        self.setup_state.setStyleSheet("" if joined else "color: #8a5a00")
        self.setup_state.setVisible(bool(state))
        self._joined = joined
        self.sync_button.setEnabled(joined and self.progress_bar.isHidden())
        self.sync_button.setToolTip("" if joined else self.tr(
            "Rejoignez d'abord un dossier partagé, avec la phrase secrète du département."))

    def _start(self, fn: Callable[[Progress], SyncStatus]) -> None:
        self._on_controller_round_started()
        task = self._runner.submit(fn, owner=self, on_success=self._on_round_done,
                                   on_error=self._on_controller_round_failed)
        task.progressed.connect(self._on_controller_round_progressed)

    @Slot()
    def _on_controller_round_started(self) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.sync_button.setEnabled(False)

    @Slot(int, int, str)
    def _on_controller_round_progressed(self, done: int, total: int, message: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(min(done, total) if total > 0 else 0)
        self.progress_bar.setFormat(f"{message} — %p\u00a0%" if total > 0 else message)  # « — 13 % »
        self.progress_bar.setToolTip(message)

    @Slot(object)
    def _on_controller_round_finished(self, outcome: RoundOutcome) -> None:
        self._on_round_done(outcome.status)

    def _on_round_done(self, status: SyncStatus) -> None:
        self._failure = ""
        self.progress_bar.hide()
        self._show(status)
        self.synced.emit()

    @Slot(object)
    def _on_controller_round_failed(self, exc: object) -> None:
        self.progress_bar.hide()
        self.sync_button.setEnabled(self._joined)
        self._failure = str(exc)
        self.last_round_label.setText(f"Synchronisation impossible : {exc}")
        self.refresh()

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier partagé de synchronisation"))
        if folder:
            self.share_edit.setText(folder)

    @Slot()
    def _on_join_button_clicked(self) -> None:
        folder, passphrase = self.share_edit.text().strip(), self.passphrase_edit.text()
        if not folder or not passphrase:
            missing = self.share_edit if not folder else self.passphrase_edit
            self._show_setup_error(
                self.tr("Indiquez le dossier partagé (bouton « Parcourir… »).") if not folder
                else self.tr("Saisissez la phrase secrète du département."))
            missing.setFocus()
            return
        share = Path(folder)
        self.passphrase_edit.clear()
        self.setup_error.hide()

        def join(progress: Progress) -> SyncStatus:
            save_setup(db_path(), share, passphrase)
            return local_status(db_path())

        self._runner.submit(join, owner=self, on_success=self._on_joined, on_error=self._on_join_failed)

    def _show_setup_error(self, message: str) -> None:
        self.setup_error.setText(message)
        self.setup_error.show()

    def _on_join_failed(self, exc: Exception) -> None:
        self._show_setup_error(str(exc))
        self.passphrase_edit.setFocus()

    def _on_joined(self, _status: SyncStatus) -> None:
        self._on_sync_button_clicked()

    @Slot()
    def _on_sync_button_clicked(self) -> None:
        if self._controller is None:
            self._start(_job(sync_configured))
        else:
            self._controller.sync_now()

    @Slot(str, str)
    def _on_sections_retry_requested(self, replica_id: str, name: str) -> None:
        job = _job(retry_quarantined, replica_id, name)
        self._runner.submit(job, owner=self, on_success=self._on_resolved)

    @Slot(object, object)
    def _on_sections_resolve_requested(self, conflict: ConflictInfo, value: object) -> None:
        job = _job(resolve_field, conflict.table, conflict.row_id, conflict.column, value)
        self._runner.submit(job, owner=self, on_success=self._on_resolved)

    def _on_resolved(self, status: SyncStatus) -> None:
        self._show(status)
        if self._controller is not None:
            self._controller.note_status(status)
