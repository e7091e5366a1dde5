"""Small form widgets shared by the fiche action form: a filterable check list, a row editor and a
row editor whose first column is picked from a list (partners and their role, services and their
contribution) (issue 5)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from typing_extensions import override

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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


class _TableEditor(QWidget):
    """What the form's row editors share: a table whose edits and removed rows say `changed`."""

    changed = Signal()
    table: QTableWidget

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.changed.emit()


class RowEditor(_TableEditor):
    """A small editable table (milestones, risks) with « Ajouter » and « Retirer »; cells hold text."""

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
        table_over_buttons(self, self.table, self.add_button, self.remove_button)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)

    def rows(self) -> list[tuple[object, list[str]]]:
        """(hidden row id, cell texts) for every row."""
        out = []
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            items = [self.table.item(row, c) for c in range(self.table.columnCount())]
            cells = [item.text() if item is not None else "" for item in items]
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


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell by picking one of `choices` in a combo that completes on any word typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: tuple[Choice, ...] = ()

    @override
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for choice in self.choices:
            combo.addItem(choice_text(choice), choice.id)
        completer = combo.completer()
        if completer is not None:  # any word of the name: « tulle » finds « CCAS de Tulle »
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(find_data(editor, index.data(ID_ROLE)))

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if not isinstance(editor, QComboBox):
            return
        position = editor.findText(editor.currentText())  # what was typed, if it names a choice
        position = position if position >= 0 else editor.currentIndex()
        if position >= 0:
            model.setData(index, editor.itemData(position), ID_ROLE)
            model.setData(index, editor.itemText(position), Qt.ItemDataRole.DisplayRole)


def table_over_buttons(owner: QWidget, table: QWidget, *buttons: QPushButton) -> None:
    """An editable table with its row buttons beneath it, left-aligned (row editors of the forms)."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(table, 1)
    layout.addLayout(row)


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the item holding `value` (compared with ==), or -1.

    QComboBox.findData compares Python objects such as UUIDs by identity: an equal UUID from another
    query is not found, and the form showed « aucun porteur » for a project that has one."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def select_code(combo: QComboBox, value: object) -> None:
    """Select the item of an enum member in a combo of the enum's members. A newer version's code
    (received by sync: LabelledEnum.unknown) gets an item of its own, « code (version plus récente) »,
    so that saving the form keeps it as it came rather than the first choice."""
    index = combo.findData(value)
    if index < 0 and getattr(value, "unknown", False):
        combo.addItem(getattr(value, "label", str(value)), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def show_value(widget: QWidget, value: object) -> None:
    """Put back a value as a form's `typed()` read it: text, choice (by its data), date and time, date
    (None: the date edit's minimum, which shows its « non précisée »), box ticked or not."""
    if isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value))
    elif isinstance(widget, QComboBox) and hasattr(value, "label"):  # an enum member
        select_code(widget, value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(find_data(widget, value), 0))
    elif isinstance(widget, QDateTimeEdit) and isinstance(value, datetime):
        on, at = QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)
        widget.setDateTime(QDateTime(on, at))
    elif isinstance(widget, QDateEdit):
        day = value if isinstance(value, date) else None
        widget.setDate(QDate(day.year, day.month, day.day) if day else widget.minimumDate())
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))


def choice_text(choice: Choice) -> str:
    return f"{choice.label} ({choice.detail})" if choice.detail else choice.label


class ChoiceRowEditor(_TableEditor):
    """Rows of (a choice, a text): partners and their role, services and their contribution.

    The first column is picked from the list (F2 or a letter opens it; type a few letters, Entrée); the
    second is typed. Rows are added with « Ajouter » (or Inser in the table) and removed with « Retirer »
    (or Suppr)."""

    def __init__(self, headers: Sequence[str], add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[uuid.UUID, str] = {}
        self.delegate = ChoiceDelegate(self)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setItemDelegateForColumn(0, self.delegate)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons; arrows move inside
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(190)
        self.add_button = QPushButton(add_text, self)
        self.remove_button = QPushButton(self.tr("Retirer la ligne"), self)
        table_over_buttons(self, self.table, self.add_button, self.remove_button)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        insert = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.table)
        insert.setContext(Qt.ShortcutContext.WidgetShortcut)
        insert.activated.connect(self.add_row)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        """What the first column offers; the rows already there show their choice's label."""
        self.delegate.choices = tuple(choices)
        self._labels = {choice.id: choice_text(choice) for choice in choices}
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE):
                item.setText(self._labels.get(item.data(ID_ROLE), ""))
        self.table.blockSignals(False)

    def rows(self) -> list[tuple[uuid.UUID | None, str]]:
        """(chosen id or None, text) for every row, in order."""
        out = []
        for row in range(self.table.rowCount()):
            first, second = self.table.item(row, 0), self.table.item(row, 1)
            out.append((first.data(ID_ROLE) if first else None, second.text() if second else ""))
        return out

    def set_rows(self, rows: Sequence[tuple[uuid.UUID | None, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for choice_id, text in rows:
            self._append(choice_id, text)
        self.table.blockSignals(False)

    def set_choice(self, row: int, choice_id: uuid.UUID | None) -> None:
        """What picking in the first column's combo does (tests and programmatic edits)."""
        item = self.table.item(row, 0)
        if item is not None:
            item.setData(ID_ROLE, choice_id)
            item.setText(self._labels.get(choice_id, "") if choice_id else "")

    def _append(self, choice_id: uuid.UUID | None, text: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        first = QTableWidgetItem(self._labels.get(choice_id, self.tr("(supprimé)")) if choice_id else "")
        first.setData(ID_ROLE, choice_id)
        first.setToolTip(self.tr("%1\nF2 ou une lettre tapée : choisir dans la liste").replace(
            "%1", first.text() or self.tr("À choisir")))
        self.table.setItem(row, 0, first)
        self.table.setItem(row, 1, QTableWidgetItem(text))

    @Slot()
    def add_row(self) -> None:
        """A new empty row, its first cell open for picking."""
        self.table.blockSignals(True)
        self._append(None, "")
        self.table.blockSignals(False)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)
        self.changed.emit()


    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.table.state() != QAbstractItemView.State.EditingState:
            self._on_remove_button_clicked()
            return
        super().keyPressEvent(event)


_BEFORE = re.compile(r" ([:;?!»])")


def french_spaces(text: str) -> str:
    """No-break spaces inside « » and before : ; ? ! so a wrapped message never starts a line with »."""
    return _BEFORE.sub("\u00a0\\1", text.replace("« ", "«\u00a0"))


class CountSpinBox(QSpinBox):
    """A count followed by its noun, agreed in French (singular up to 1): « 1 jour avant la séance »,
    « 20 jours avant la séance », never « 1 jours » nor « pouvoir(s) »."""

    def __init__(self, one: str, many: str, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._one, self._many = one, many
        self.setRange(0, maximum)
        self.valueChanged.connect(self._on_self_value_changed)
        self._on_self_value_changed(self.value())

    @Slot(int)
    def _on_self_value_changed(self, value: int) -> None:
        self.setSuffix(self._one if value <= 1 else self._many)


def error_label(parent: QWidget) -> QLabel:
    """The red message shown under an invalid field (hidden while the field is valid)."""
    label = QLabel(parent)
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    label.hide()
    return label


def is_typing_in(*tables: QAbstractItemView) -> bool:
    """Whether a cell of one of these tables is being typed in (its editor open, its text not yet in the
    table): a sync round does not redraw such a table then (app.ui.widgets.received_notice)."""
    return any(table.state() == QAbstractItemView.State.EditingState for table in tables)
