"""Sort and filter a SummaryTableModel: folded search words across all columns, plus combo predicates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from app.ui.i18n import fold
from app.ui.item_models.summary_table_model import SummaryTableModel

RowPredicate = Callable[[Any], bool]


class RowFilterProxy(QSortFilterProxyModel):
    """Every search word appears somewhere in the row (case and accents ignored); every predicate holds."""

    def __init__(self, source: SummaryTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._predicates: dict[str, RowPredicate] = {}
        self.setSourceModel(source)
        self.setSortRole(SummaryTableModel.SORT_ROLE)
        self.setDynamicSortFilter(False)  # rows are replaced wholesale; re-sorting happens on reset

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def set_predicate(self, name: str, predicate: RowPredicate | None) -> None:
        self.beginFilterChange()
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self.endFilterChange()

    def is_filtering(self) -> bool:
        return bool(self._words or self._predicates)

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._words:
            haystack = self._source.data(self._source.index(source_row, 0), SummaryTableModel.FILTER_ROLE)
            if not all(word in haystack for word in self._words):
                return False
        if self._predicates:
            row = self._source.row_at(source_row)
            return all(predicate(row) for predicate in self._predicates.values())
        return True
