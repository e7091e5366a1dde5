"""Small form widgets shared by the fiche action form: a filterable check list and a row editor (issue 5)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.project_form import Choice
from app.ui.i18n import fold

INVALID_STYLE = "border: 1px solid #c0392b;"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CheckList(QWidget):
    """Checkable choices with a filter field; `changed` is emitted when a box is ticked or cleared."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list.itemChanged.connect(self._on_list_item_changed)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for choice in choices:
            text = f"{choice.label}  ({choice.detail})" if choice.detail else choice.label
            item = QListWidgetItem(text, self.list)
            item.setData(ID_ROLE, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    def checked_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(self.list.item(i).data(ID_ROLE) for i in range(self.list.count())
                     if self.list.item(i).checkState() == Qt.CheckState.Checked)

    def set_checked_ids(self, ids: Iterable[uuid.UUID]) -> None:
        wanted = set(ids)
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(ID_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    @Slot(str)
    def _on_filter_text_changed(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not all(word in fold(item.text()) for word in words))

    @Slot(QListWidgetItem)
    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()


class RowEditor(QWidget):
    """A small editable table (milestones, risks) with « Ajouter » and « Retirer »; cells hold text."""

    changed = Signal()

    def __init__(self, headers: Sequence[str], defaults: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._defaults = tuple(defaults)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton(self.tr("Ajouter une ligne"), self)
        self.remove_button = QPushButton(self.tr("Retirer la ligne"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)

    def rows(self) -> list[tuple[object, list[str]]]:
        """(hidden row id, cell texts) for every row."""
        out = []
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            cells = [(self.table.item(row, c).text() if self.table.item(row, c) else "")
                     for c in range(self.table.columnCount())]
            out.append((first.data(ID_ROLE) if first else None, cells))
        return out

    def set_rows(self, rows: Sequence[tuple[object, Sequence[str]]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row_id, cells in rows:
            self._append(row_id, cells)
        self.table.blockSignals(False)

    def _append(self, row_id: object, cells: Sequence[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(ID_ROLE, row_id)
            self.table.setItem(row, column, item)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.table.blockSignals(True)
        self._append(None, self._defaults)
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.changed.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.changed.emit()


def error_label(parent: QWidget) -> QLabel:
    """The red message shown under an invalid field (hidden while the field is valid)."""
    label = QLabel(parent)
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    label.hide()
    return label
