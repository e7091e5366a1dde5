"""A read-only table over frozen DTOs, declared by columns. No I/O here.

Built for 10,000 rows: display texts and folded search texts are computed once per load, sort keys once
per column on the first sort by that column. The rows keep their load order: RowFilterProxy sorts and
filters lists of row numbers with these keys and texts, never calling `data()` once per row (issue 5).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [[column.display(row) for column in self._columns] for row in self._rows]
        self._filter_texts = [fold("\x1f".join(texts)) for texts in self._texts]  # words never span cells
        self._sort_keys = {}
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, row_id: object) -> int:
        """The source row holding the DTO with this id, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.id == row_id), -1)

    def rows_where(self, predicate: Callable[[Any], bool]) -> set[int]:
        """Rows whose DTO passes `predicate` (a combo filter): one pass, when the combo changes."""
        return {i for i, row in enumerate(self._rows) if predicate(row)}

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
    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What `data()` gives for a valid (row, column): the proxy calls it straight, per cell and role."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == self.SORT_ROLE:
            return self.sort_keys(column)[row]
        if role == self.FILTER_ROLE:
            return self._filter_texts[row]
        if role == self.ID_ROLE:
            return self._rows[row].id
        return self._extra(self._rows[row], self._columns[column], role)

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
