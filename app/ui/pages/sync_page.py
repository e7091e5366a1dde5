"""« Synchronisation »: set-up, last round, workstations, then tabs « Conflits à arbitrer », « Points à
vérifier » (rules merging cannot keep) and « Quarantaine » (SYNC.md "In the app")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
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
from app.ui.widgets.form_fields import error_label
from app.ui.widgets.hint_table import HintTableView
from app.ui.widgets.page_header import PageHeader
from app.ui.widgets.sync_format import round_text, values_text, when, who_when


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets side by side, the first one stretched (an explanation, then its buttons)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 else 0)
    return row


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
        layout.addWidget(header)
        layout.addWidget(self._build_setup())
        self.last_round_label = QLabel(self.tr("Aucune synchronisation pour l'instant."), self)
        self.last_round_label.setWordWrap(True)
        layout.addWidget(self.last_round_label)
        self.peers_model = SummaryTableModel(self._peer_columns(), self)
        self.quarantine_model = SummaryTableModel(self._quarantine_columns(), self)
        self.conflicts_model = SummaryTableModel(self._conflict_columns(), self)
        self.review_model = SummaryTableModel(self._review_columns(), self)
        self.peers_table = self._table(self.peers_model, self.tr(
            "Aucun autre poste vu pour l'instant : les postes apparaissent ici après leur premier tour."))
        self.quarantine_table = self._table(self.quarantine_model, self.tr(
            "Aucun fichier en quarantaine : tout ce qui a été reçu était authentique et lisible."))
        self.conflicts_table = self._table(self.conflicts_model, self.tr(
            "Aucun conflit à arbitrer : quand deux postes modifient le même champ, il apparaît ici."))
        self.review_table = self._table(self.review_model, self.tr(
            "Rien à vérifier : les règles que la fusion ne peut pas garantir (un seul pilote par projet, "
            "des numéros de délibération uniques…) sont respectées."))
        peers_box = QGroupBox(self.tr("Postes"), self)
        QVBoxLayout(peers_box).addWidget(self.peers_table)
        layout.addWidget(peers_box)
        self.sections = QTabWidget(self)
        self.sections.addTab(self._build_conflicts(), "")
        review_note = QLabel(self.tr(
            "Deux postes ont pu, chacun hors ligne, respecter une règle et la rompre ensemble. Les données "
            "reçues sont gardées : corrigez l'objet dans sa page (« Afficher l'objet » ou double-clic)."),
            self)
        review_note.setWordWrap(True)
        self.show_review_button = QPushButton(self.tr("Afficher l'objet"), self)
        self.show_review_button.setEnabled(False)
        review_actions = _row(self, review_note, self.show_review_button)
        self.sections.addTab(self._section(self.review_table, review_actions), "")
        self.retry_button = QPushButton(self.tr("Réessayer au prochain tour"), self)
        self.retry_button.setEnabled(False)
        self.sections.addTab(self._section(self.quarantine_table, self.retry_button), "")
        self._set_section_titles(None)
        layout.addWidget(self.sections, 1)
        self.conflicts_table.selectionModel().selectionChanged.connect(self._on_conflicts_selection_changed)
        self.quarantine_table.selectionModel().selectionChanged.connect(self._on_quarantine_selection_changed)
        self.review_table.selectionModel().selectionChanged.connect(self._on_review_selection_changed)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        for table, button in ((self.conflicts_table, self.show_conflict_button),
                              (self.review_table, self.show_review_button)):
            table.activated.connect(self._on_object_table_activated)  # Entrée or a double-click
            button.clicked.connect(partial(self._request_object, table))
        self._controller: SyncController | None = None

    def attach_controller(self, controller: SyncController) -> None:
        """Rounds belong to the main window's controller: this page starts them and follows them."""
        self._controller = controller
        controller.round_started.connect(self._on_controller_round_started)
        controller.round_progressed.connect(self._on_controller_round_progressed)
        controller.round_finished.connect(self._on_controller_round_finished)
        controller.round_failed.connect(self._on_controller_round_failed)

    def _build_setup(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rejoindre un dossier de synchronisation"), self)
        self.share_edit = QLineEdit(box)
        self.browse_button = QPushButton(self.tr("Parcourir…"), box)
        self.passphrase_edit = QLineEdit(box)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("phrase secrète du département"))
        self.join_button = QPushButton(self.tr("Rejoindre"), box)
        self.sync_button = QPushButton(self.tr("Synchroniser maintenant"), box)
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
        form.addRow(self.tr("Dossier partagé"), row)
        form.addRow(self.tr("Phrase secrète"), self.passphrase_edit)
        form.addRow(self.setup_error)
        form.addRow(buttons)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.join_button.clicked.connect(self._on_join_button_clicked)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        return box

    def _build_conflicts(self) -> QWidget:
        actions = QWidget(self)
        self.value_combo = QComboBox(actions)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.keep_button = QPushButton(self.tr("Garder cette valeur"), actions)
        self.merged_edit = QLineEdit(actions)
        self.merged_edit.setPlaceholderText(self.tr("ou saisir une valeur fusionnée"))
        self.merge_button = QPushButton(self.tr("Enregistrer la valeur fusionnée"), actions)
        self.show_conflict_button = QPushButton(self.tr("Afficher l'objet"), actions)
        row = QHBoxLayout(actions)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.value_combo, self.keep_button, self.merged_edit, self.merge_button,
                       self.show_conflict_button):
            row.addWidget(widget)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self._set_conflict_actions(None)
        return self._section(self.conflicts_table, actions)

    def _section(self, table: QTableView, below: QWidget) -> QWidget:
        """A tab: its table, then its actions or explanation."""
        section = QWidget(self)
        column = QVBoxLayout(section)
        column.addWidget(table, 1)
        column.addWidget(below)
        return section

    def _set_section_titles(self, status: SyncStatus | None) -> None:
        lists = (status.conflicts, status.to_review, status.quarantine) if status else ((), (), ())
        counts = [len(items) for items in lists]
        titles = (self.tr("Conflits à arbitrer"), self.tr("Points à vérifier"), self.tr("Quarantaine"))
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.sections.setTabText(index, f"{title} ({count})" if count else title)

    def _table(self, model: SummaryTableModel, hint: str) -> QTableView:
        table = HintTableView(hint, self)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.fit_columns()
        table.verticalHeader().hide()
        return table

    def _peer_columns(self) -> list[Column]:
        return [Column(self.tr("Poste"), lambda p: p.label or p.replica_id[:8]),
                Column(self.tr("Vu le"), lambda p: when(p.last_seen)),
                Column(self.tr("Version"), lambda p: p.app_version),
                Column(self.tr("Échanges"), lambda p: p.exchanges, tooltip=lambda p: self.tr(
                    "D'après son dernier passage sur le partage ; un enregistrement est une sauvegarde, "
                    "avec toutes les modifications qu'elle contient.")),
                Column(self.tr("Horloge"), lambda p: p.clock_warning or "correcte")]

    def _quarantine_columns(self) -> list[Column]:
        return [Column(self.tr("Fichier"), lambda q: q.name), Column(self.tr("Depuis"), lambda q: when(q.at)),
                Column(self.tr("Motif"), lambda q: q.reason, tooltip=lambda q: q.reason)]

    def _review_columns(self) -> list[Column]:
        return [Column(self.tr("Règle à vérifier"), lambda r: r.rule),
                Column(self.tr("Objet"), lambda r: r.label)]

    def _conflict_columns(self) -> list[Column]:
        return [Column(self.tr("Objet"), lambda c: c.label),
                Column(self.tr("Champ"), lambda c: c.field),
                Column(self.tr("Valeurs (qui, quand)"), values_text)]

    @Slot()
    def refresh(self) -> None:
        self._runner.submit(_job(local_status), owner=self, on_success=self._show)

    def _show(self, status: SyncStatus) -> None:
        if status.share and not self.share_edit.text():
            self.share_edit.setText(status.share)
        self.last_round_label.setText(round_text(status))
        self.peers_model.set_rows(status.peers)
        self.quarantine_model.set_rows(status.quarantine)
        self.retry_button.setEnabled(False)
        self.show_review_button.setEnabled(False)
        self.conflicts_model.set_rows(status.conflicts)
        self.review_model.set_rows(status.to_review)
        for table in (self.peers_table, self.quarantine_table, self.conflicts_table, self.review_table):
            table.resizeColumnsToContents()
        self._set_section_titles(status)
        self._set_conflict_actions(None)

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
        self.progress_bar.hide()
        self.sync_button.setEnabled(True)
        self._show(status)
        self.synced.emit()

    @Slot(object)
    def _on_controller_round_failed(self, exc: object) -> None:
        self.progress_bar.hide()
        self.sync_button.setEnabled(True)
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

    @Slot()
    def _on_quarantine_selection_changed(self) -> None:
        self.retry_button.setEnabled(bool(self.quarantine_table.selectionModel().selectedRows()))

    @Slot()
    def _on_review_selection_changed(self) -> None:
        self.show_review_button.setEnabled(bool(self.review_table.selectionModel().selectedRows()))

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        rows = self.quarantine_table.selectionModel().selectedRows()
        if rows:
            entry = self.quarantine_model.row_at(rows[0].row())
            job = _job(retry_quarantined, entry.replica_id, entry.name)
            self._runner.submit(job, owner=self, on_success=self._on_resolved)

    def _on_resolved(self, status: SyncStatus) -> None:
        self._show(status)
        if self._controller is not None:
            self._controller.note_status(status)

    @Slot(QModelIndex)
    def _on_object_table_activated(self, index: QModelIndex) -> None:
        view = self.conflicts_table if index.model() is self.conflicts_model else self.review_table
        self._request_object(view)

    def _request_object(self, view: QTableView, *_args: object) -> None:
        """The object of the selected conflict or point to check, shown in its page (by the window)."""
        rows = view.selectionModel().selectedRows()
        model = view.model()
        if rows and isinstance(model, SummaryTableModel):
            item = model.row_at(rows[0].row())
            self.object_requested.emit(item.table, item.row_id)

    def _selected_conflict(self) -> ConflictInfo | None:
        rows = self.conflicts_table.selectionModel().selectedRows()
        return self.conflicts_model.row_at(rows[0].row()) if rows else None

    @Slot()
    def _on_conflicts_selection_changed(self) -> None:
        self._set_conflict_actions(self._selected_conflict())

    def _set_conflict_actions(self, conflict: ConflictInfo | None) -> None:
        self.value_combo.clear()
        for value in conflict.values if conflict else ():
            self.value_combo.addItem(f"{value.value} ({who_when(value)})", value.raw)
        for widget in (self.value_combo, self.keep_button, self.show_conflict_button):
            widget.setEnabled(conflict is not None)
        mergeable = conflict is not None and not conflict.deletion and conflict.mergeable
        for widget in (self.merged_edit, self.merge_button):  # type: ignore[assignment]
            widget.setEnabled(mergeable)
            widget.setToolTip("" if mergeable or conflict is None else self.tr(
                "Ce champ n'est pas un texte libre : gardez l'une des valeurs, puis corrigez-la dans la "
                "fiche si besoin."))

    @Slot()
    def _on_keep_button_clicked(self) -> None:
        self._resolve(self.value_combo.currentData())

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        self._resolve(self.merged_edit.text())
        self.merged_edit.clear()

    def _resolve(self, value: object) -> None:
        conflict = self._selected_conflict()
        if conflict is None:
            return
        job = _job(resolve_field, conflict.table, conflict.row_id, conflict.column, value)
        self._runner.submit(job, owner=self, on_success=self._on_resolved)
