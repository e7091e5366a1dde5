"""Fichier › Sauvegardes… : the backups beside the database, and restoring one after confirmation.

The dialog never touches the engine: restoring needs it disposed and the database reopened, which the
main window does. It emits `restore_requested(path)` and also keeps the choice in `chosen` once accepted.
"""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.backups import BackupInfo, list_backups
from app.formatting import date_time, number
from app.ui.widgets.screen_fit import fit_to_screen

_KINDS = (
    ("quotidienne_", "Sauvegarde quotidienne"),
    ("avant-restauration_", "État mis de côté avant une restauration"),
    ("app_v", "Copie avant mise à jour du schéma"),
)


def backup_kind(path: Path) -> str:
    return next((label for prefix, label in _KINDS if path.name.startswith(prefix)), "Sauvegarde")


def file_size(size: int) -> str:
    """French sizes: "850 Ko", "12,4 Mo"."""
    if size < 1024 * 1024:
        return f"{number(max(size // 1024, 1))}\u00a0Ko"
    return f"{number(size / (1024 * 1024), decimals=1)}\u00a0Mo"


class BackupsDialog(QDialog):
    """Lists the backups, newest first; "Restaurer…" asks for confirmation, then emits `restore_requested`."""

    restore_requested = Signal(Path)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sauvegardes"))
        fit_to_screen(self, 900, 420)
        self.chosen: Path | None = None
        self._backups = list_backups(db_path)
        intro = QLabel(self.tr(
            "Maillage copie la base chaque jour et avant chaque mise à jour de son schéma, dans le dossier "
            "« %1 ». Restaurer une sauvegarde remplace la base actuelle ; son état présent est d'abord mis "
            "de côté, si bien qu'une restauration peut elle-même être annulée.").replace(
                "%1", f"{db_path.stem}-sauvegardes"), self)
        intro.setWordWrap(True)
        self.table = self._make_table()
        self.empty_label = QLabel(self.tr(
            "Aucune sauvegarde pour le moment. La première est faite à la prochaine ouverture de la "
            "base."), self)
        self.empty_label.setObjectName("empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not self._backups)
        self.table.setVisible(bool(self._backups))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = self.buttons.addButton(self.tr("Restaurer…"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.empty_label, self.buttons):
            layout.addWidget(widget)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(len(self._backups), 4, self)
        table.setHorizontalHeaderLabels([self.tr("Faite le"), self.tr("Nature"), self.tr("Fichier"),
                                         self.tr("Taille")])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for row, info in enumerate(self._backups):
            self._fill_row(table, row, info)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _fill_row(table: QTableWidget, row: int, info: BackupInfo) -> None:
        size = QTableWidgetItem(file_size(info.size))
        size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cells = (QTableWidgetItem(date_time(info.made_at)), QTableWidgetItem(backup_kind(info.path)),
                 QTableWidgetItem(info.label), size)
        for column, item in enumerate(cells):
            item.setToolTip(str(info.path))
            table.setItem(row, column, item)

    def selected_backup(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()].path if rows else None

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        backup = self.selected_backup()
        if backup is None or not self.confirm_restore(backup):
            return
        self.chosen = backup
        self.restore_requested.emit(backup)
        self.accept()

    def confirm_restore(self, backup: Path) -> bool:
        """Ask before replacing the database (tests replace this method)."""
        answer = QMessageBox.question(
            self, self.tr("Restaurer une sauvegarde"),
            self.tr("Remplacer la base actuelle par la sauvegarde « %1 » ?\n\nL'état actuel de la base est "
                    "d'abord mis de côté dans le dossier des sauvegardes.").replace("%1", backup.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @override
    def reject(self) -> None:
        self.chosen = None
        super().reject()
