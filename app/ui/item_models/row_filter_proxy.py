"""Filter a SummaryTableModel (folded search words across all columns, plus combo predicates); sorting
is forwarded to the source model, which reorders plain lists (fast on 10,000 rows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.ui.i18n import fold
from app.ui.item_models.summary_table_model import SummaryTableModel

RowPredicate = Callable[[Any], bool]


class RowFilterProxy(QSortFilterProxyModel):
    """Every search word appears somewhere in the row (case and accents ignored); every predicate holds."""

    def __init__(self, source: SummaryTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._matching: set[int] | None = None  # source rows matching the words; None: no search
        self._matching_version = -1
        self._predicates: dict[str, RowPredicate] = {}
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        self._sorted_version = -1  # the source's version right after our last sort
        self.setSourceModel(source)
        self.setSortRole(SummaryTableModel.SORT_ROLE)
        self.setDynamicSortFilter(False)

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self._matching_version = -1
        self.endFilterChange()

    def set_predicate(self, name: str, predicate: RowPredicate | None) -> None:
        if predicate is None and name not in self._predicates:
            return  # nothing to undo: spare a pass over every row
        self.beginFilterChange()
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self.endFilterChange()

    def is_filtering(self) -> bool:
        return bool(self._words or self._predicates)

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source rows (the proxy keeps their order): the view's header calls this.

        QTableView.sortByColumn asks twice (through the header's signal, then directly): the second
        request, same column and order on unchanged rows, is skipped (half the cost of a sort, issue 5)."""
        current = (self._sort_column, self._sort_order, self._sorted_version)
        if (column, order, self._source.version) == current:
            return
        self._sort_column, self._sort_order = column, order
        self._source.sort(column, order)
        self._sorted_version = self._source.version

    def sort_column(self) -> int:
        return self._sort_column

    def _matching_rows(self) -> set[int] | None:
        """Source rows matching the search, recomputed once per search or per source reorder."""
        if self._matching_version != self._source.version:
            self._matching = self._source.rows_matching(self._words) if self._words else None
            self._matching_version = self._source.version
        return self._matching

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        # Called once per source row on every keystroke: the cache check is inlined (no method call per row).
        matching = self._matching if self._matching_version == self._source.version else self._matching_rows()
        if matching is not None and source_row not in matching:
            return False
        if self._predicates:
            row = self._source.row_at(source_row)
            return all(predicate(row) for predicate in self._predicates.values())
        return True
