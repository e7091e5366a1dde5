"""Filter and sort a SummaryTableModel through a Python list of its row numbers (issue 5).

A search or a combo computes the rows it keeps in one Python pass over texts folded once per load; a sort
orders row numbers by keys computed once per column. The view then hears one `layoutChanged`, with the
persistent indexes (selection, current row) moved to their rows' new places. QSortFilterProxyModel called
`filterAcceptsRow` in Python once per row from C++ and rebuilt its mappings on every source reorder: about
60 ms of GUI-thread time per keystroke or sort on 10,000 rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, QObject, Qt, Slot

from app.ui.i18n import fold
from app.ui.item_models.summary_table_model import ROOT, ModelIndex, SummaryTableModel

RowPredicate = Callable[[Any], bool]
LayoutHint = QAbstractItemModel.LayoutChangeHint
LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")  # with the hint
FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class RowFilterProxy(QAbstractProxyModel):
    """Every search word appears somewhere in the row (case and accents ignored); every predicate holds.

    The source changes only by a reset (`set_rows`): the proxy then filters and sorts the new rows the
    same way. Sorting is stable: rows with equal keys keep their previous order."""

    def __init__(self, source: SummaryTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._matching: set[int] | None = None  # source rows holding every word; None: no search
        self._predicates: dict[str, RowPredicate] = {}
        self._kept: dict[str, set[int]] = {}  # predicate name → source rows it keeps
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        self._order: list[int] = []  # every source row, in sort order
        self._shown: list[int] = []  # the rows of _order that pass the filters: proxy row → source row
        self._places: dict[int, int] | None = None  # source row → proxy row, built when first asked
        self.setSourceModel(source)
        source.modelAboutToBeReset.connect(self._on_source_about_to_be_reset)
        source.modelReset.connect(self._on_source_reset)
        source.headerDataChanged.connect(self.headerDataChanged)
        self._rebuild()

    # -- filtering and sorting ---------------------------------------------------------------------
    def set_search_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        self._words = words
        self._matching = self._source.rows_matching(words) if words else None
        self._show(self._filtered(self._order))

    def set_predicate(self, name: str, predicate: RowPredicate | None) -> None:
        if predicate is None and name not in self._predicates:
            return  # nothing to undo: spare a pass over every row
        if predicate is None:
            del self._predicates[name], self._kept[name]
        else:
            self._predicates[name] = predicate
            self._kept[name] = self._source.rows_where(predicate)
        self._show(self._filtered(self._order))

    def is_filtering(self) -> bool:
        return bool(self._words or self._predicates)

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by the column's keys (column -1: the source's order). The rows are kept sorted
        through resets and filters, so asking again for the current order costs nothing (QTableView's
        sortByColumn asks twice)."""
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted(self._order)
        self._show(self._filtered(self._order), LayoutHint.VerticalSortHint)

    def sort_column(self) -> int:
        return self._sort_column

    def _sorted(self, rows: list[int]) -> list[int]:
        if not 0 <= self._sort_column < self._source.columnCount():
            return sorted(rows)
        keys = self._source.sort_keys(self._sort_column)
        return sorted(rows, key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _filtered(self, rows: list[int]) -> list[int]:
        kept = sorted((s for s in (self._matching, *self._kept.values()) if s is not None), key=len)
        if not kept:
            return rows
        keep = kept[0].intersection(*kept[1:])
        return [row for row in rows if row in keep]

    def _show(self, rows: list[int], hint: LayoutHint = LayoutHint.NoLayoutChangeHint) -> None:
        """Show `rows` (source rows, in order) in one layout change; persistent indexes follow their rows,
        those whose row is filtered out become invalid. The same rows in the same order: no change, no
        repaint (the next letter of a word often keeps the same matches)."""
        if rows == self._shown:
            return
        self.layoutAboutToBeChanged[LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]
        before, previous = self.persistentIndexList(), self._shown
        self._shown, self._places = rows, None
        places = self._source_places() if before else {}
        after = [self._moved(index, previous, places) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged[LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]

    def _moved(self, index: QModelIndex, previous: list[int], places: dict[int, int]) -> QModelIndex:
        place = places.get(previous[index.row()], -1) if 0 <= index.row() < len(previous) else -1
        return self.index(place, index.column()) if place >= 0 else QModelIndex()

    def _source_places(self) -> dict[int, int]:
        if self._places is None:
            self._places = {source_row: row for row, source_row in enumerate(self._shown)}
        return self._places

    @Slot()
    def _on_source_about_to_be_reset(self) -> None:
        self.beginResetModel()

    @Slot()
    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        """Filter and sort the source's rows from scratch (they are new)."""
        self._matching = self._source.rows_matching(self._words) if self._words else None
        self._kept = {name: self._source.rows_where(test) for name, test in self._predicates.items()}
        self._order = self._sorted(list(range(self._source.rowCount())))
        self._shown, self._places = self._filtered(self._order), None

    # -- the proxy model ---------------------------------------------------------------------------
    @override
    def mapToSource(self, proxy_index: ModelIndex) -> QModelIndex:
        if not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._shown[proxy_index.row()], proxy_index.column())

    @override
    def mapFromSource(self, source_index: ModelIndex) -> QModelIndex:
        place = self._source_places().get(source_index.row(), -1) if source_index.isValid() else -1
        return self.index(place, source_index.column()) if place >= 0 else QModelIndex()

    @override
    def index(self, row: int, column: int, parent: ModelIndex = ROOT) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self._source.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    @override
    def parent(self, index: ModelIndex | None = None) -> Any:  # type: ignore[override]
        """A flat table: no index has a parent. Without an argument, QObject.parent() (the owner)."""
        return QObject.parent(self) if index is None else QModelIndex()

    @override
    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    @override
    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else self._source.columnCount()

    @override
    def hasChildren(self, parent: ModelIndex = ROOT) -> bool:
        return not parent.isValid() and bool(self._shown)

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every painted cell: straight to the source's lists, no index mapping.
        if not index.isValid():
            return None
        return self._source.cell(self._shown[index.row()], index.column(), role)

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self.sourceModel()  # not self._source: Qt may ask while the wrapper is torn down
        return source.headerData(section, orientation, role) if source is not None else None
