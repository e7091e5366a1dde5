"""Fichier › Sauvegardes… : the backups beside the database, and restoring one of them."""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.backups import list_backups
from app.formatting import number, short_date_time


class BackupsDialog(QDialog):
    """Lists the backups (newest first); "Restaurer" sets `chosen` after a confirmation."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sauvegardes"))
        self.resize(560, 380)
        self.chosen: Path | None = None
        intro = QLabel(self.tr(
            "Maillage copie la base chaque jour et avant chaque mise à jour de son schéma. Restaurer une "
            "sauvegarde remplace la base actuelle ; son état présent est d'abord mis de côté."), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        for info in list_backups(db_path):
            text = f"{short_date_time(info.made_at)} — {info.label} ({number(info.size // 1024)} Ko)"
            QListWidgetItem(text, self.list).setData(Qt.ItemDataRole.UserRole, str(info.path))
        if self.list.count() == 0:
            QListWidgetItem(self.tr("Aucune sauvegarde pour le moment."), self.list).setFlags(
                Qt.ItemFlag.NoItemFlags)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = self.buttons.addButton(self.tr("Restaurer…"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.list, self.buttons):
            layout.addWidget(widget)

    @Slot()
    @override
    def accept(self) -> None:
        item = self.list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not path:
            QMessageBox.information(self, self.tr("Sauvegardes"),
                                    self.tr("Choisissez d'abord une sauvegarde."))
            return
        answer = QMessageBox.question(self, self.tr("Restaurer"), self.tr(
            "Remplacer la base actuelle par la sauvegarde « %1 » ?").replace("%1", Path(path).name))
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = Path(path)
            super().accept()
