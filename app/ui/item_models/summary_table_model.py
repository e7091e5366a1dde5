"""A read-only table over frozen DTOs, declared by columns. No I/O here.

Built for 10,000 rows: display texts, folded search texts and sort keys are computed once per load, by
`PreparedRows.of()` in the worker for list pages (otherwise here, sort keys on the first sort by their
column). The rows keep their load order: RowFilterProxy sorts and filters lists of row numbers with these
keys and texts, never calling `data()` once per row (issue 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self

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


class PreparedRows(list[Any]):
    """DTOs with what a model shows and searches of them, computed by `of()` in any thread: list pages
    prepare their rows in the worker, so that the GUI thread only swaps lists (issue 5)."""

    columns: tuple[Column, ...]
    texts: list[list[str]]  # display text per row and column
    filter_texts: list[str]  # the row's texts folded: "evry" matches "Évry"
    sort_keys: dict[int, list[SortKey]]  # column → key per row, for the columns asked

    @classmethod
    def of(cls, columns: Sequence[Column], rows: Iterable[Any], *, sorted_by: Iterable[int] = ()) -> Self:
        """Display and search texts, and the sort keys of the columns `sorted_by`. Pure Python but for a
        QCollator (reentrant): safe off the GUI thread as long as the columns' functions are."""
        prepared = cls(rows)
        prepared.columns = tuple(columns)
        prepared.texts = [[column.display(row) for column in prepared.columns] for row in prepared]
        prepared.filter_texts = [fold("\x1f".join(texts)) for texts in prepared.texts]  # no word spans cells
        prepared.sort_keys = {index: column_sort_keys(prepared, index) for index in sorted_by}
        return prepared


def column_sort_keys(prepared: PreparedRows, index: int) -> list[SortKey]:
    """The column's keys (its display texts when it declares none); texts become their French rank."""
    column = prepared.columns[index]
    if column.sort_key is None:
        keys: list[SortKey] = [texts[index] for texts in prepared.texts]
    else:
        keys = [column.sort_key(row) for row in prepared]
    if keys and all(isinstance(key, str) for key in keys):
        ranks = collation_ranks(str(key) for key in keys)
        keys = [ranks[str(key)] for key in keys]
    return keys


class SummaryTableModel(QAbstractTableModel):
    """Shows a list of frozen DTOs (each with an `id`)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # returns int/float/str only: safe for the proxy
    ID_ROLE = Qt.ItemDataRole.UserRole + 2
    FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole row, folded: "evry" matches "Évry"

    # Qt may still ask a model for its header or its size while Python tears its wrapper down (the
    # instance's attributes already gone, the C++ view not yet): the class answers « empty » then.
    _columns: tuple[Column, ...] = ()
    _rows: Sequence[Any] = ()

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._prepared = PreparedRows.of(self._columns, ())
        self._rows: list[Any] = []
        self._texts: list[list[str]] = []
        self._filter_texts: list[str] = []
        self._sort_keys: dict[int, list[SortKey]] = {}  # column → key per row, computed on demand

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`: PreparedRows of these columns as they come, other rows prepared here."""
        prepared = self._prepared_for(rows)
        self.beginResetModel()
        self._prepared, self._rows = prepared, list(prepared)
        self._texts, self._filter_texts = prepared.texts, prepared.filter_texts
        self._sort_keys = dict(prepared.sort_keys)
        self.endResetModel()

    def _prepared_for(self, rows: Sequence[Any]) -> PreparedRows:
        if isinstance(rows, PreparedRows) and rows.columns == self._columns:
            return rows
        return PreparedRows.of(self._columns, rows)

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
            self._sort_keys[column] = column_sort_keys(self._prepared, column)
        return self._sort_keys[column]

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
