"""A read-only table over frozen DTOs, declared by columns. No I/O here.

Built for 10,000 rows: display texts are computed once per load, sort keys once per column on the first
sort by that column, and sorting reorders plain Python lists (the proxy forwards `sort()` here instead of
calling `data()` across the binding for each of the n·log n comparisons).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.ui.i18n import collation_ranks, fold

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
SortKey = str | int | float

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """How one column shows a row: its title, text, sort key (str keys sort in French order), extras."""

    title: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], SortKey] | None = None
    alignment: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Any], str] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    max_width: int = 360  # pixels, when the page fits columns to their contents
    stretch: bool = False  # takes the width the other columns leave (one long text column per table)


class SummaryTableModel(QAbstractTableModel):
    """Shows a list of frozen DTOs (each with an `id`)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # returns int/float/str only: safe for the proxy
    ID_ROLE = Qt.ItemDataRole.UserRole + 2
    FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole row, folded: "evry" matches "Évry"

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[Any] = []
        self._texts: list[list[str]] = []
        self._filter_texts: list[str] = []
        self._sort_keys: dict[int, list[SortKey]] = {}  # column → key per row, computed on demand
        self.version = 0  # bumped whenever rows change place: caches by row position check it

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [[column.display(row) for column in self._columns] for row in self._rows]
        self._filter_texts = [fold("\x1f".join(texts)) for texts in self._texts]  # words never span cells
        self._sort_keys = {}
        self.version += 1
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, row_id: object) -> int:
        """The source row holding the DTO with this id, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.id == row_id), -1)

    def rows_matching(self, words: Sequence[str]) -> set[int]:
        """Rows whose folded text contains every (folded) word: the first word scans every row, each next
        word only the rows left (no generator per row: about 3× faster on 10,000 rows, issue 5 bench)."""
        texts = self._filter_texts
        if not words:
            return set(range(len(texts)))
        first, *others = words
        rows = [i for i, text in enumerate(texts) if first in text]
        for word in others:
            rows = [i for i in rows if word in texts[i]]
        return set(rows)

    def sort_keys(self, column: int) -> list[SortKey]:
        if column not in self._sort_keys:
            self._sort_keys[column] = self._compute_sort_keys(column)
        return self._sort_keys[column]

    def _compute_sort_keys(self, index: int) -> list[SortKey]:
        column = self._columns[index]
        if column.sort_key is None:
            keys: list[SortKey] = [texts[index] for texts in self._texts]
        else:
            keys = [column.sort_key(row) for row in self._rows]
        if keys and all(isinstance(key, str) for key in keys):
            ranks = collation_ranks(str(key) for key in keys)
            keys = [ranks[str(key)] for key in keys]
        return keys

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A stable sort of the rows by the column's key; persistent indexes follow their rows."""
        if not 0 <= column < len(self._columns) or not self._rows:
            return
        keys = self.sort_keys(column)
        order_ = sorted(range(len(self._rows)), key=keys.__getitem__,
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        new_position = {old: new for new, old in enumerate(order_)}
        pick = itemgetter(*order_) if len(order_) > 1 else lambda values: (values[0],)
        # itemgetter reorders in C: about 3× faster than list comprehensions on 10,000 rows (issue 5 bench)
        self._rows = list(pick(self._rows))
        self._texts = list(pick(self._texts))
        self._filter_texts = list(pick(self._filter_texts))
        self._sort_keys = {c: list(pick(k)) for c, k in self._sort_keys.items()}
        old = self.persistentIndexList()
        new = [self.index(new_position[i.row()], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.version += 1
        self.layoutChanged.emit()

    @override
    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][col]
        if role == self.SORT_ROLE:
            return self.sort_keys(col)[row]
        if role == self.FILTER_ROLE:
            return self._filter_texts[row]
        if role == self.ID_ROLE:
            return self._rows[row].id
        return self._extra(self._rows[row], self._columns[col], role)

    def _extra(self, row: Any, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment if column.alignment is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            return column.foreground(row)
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].alignment is not None:
            return self._columns[section].alignment
        return None
