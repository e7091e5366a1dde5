"""Small helpers shared by the Instances, Évaluation and Documents lists: sort keys, filter options, tones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from app.domain.enums import LabelledEnum
from app.ui.i18n import collation_ranks
from app.ui.tasks import TaskRunner
from app.ui.widgets.list_page import ListPage

# Sober status tones: dark enough to read on white and on the alternate row colour.
GOOD = QColor("#1b5e20")
WARN = QColor("#8a5a00")
BAD = QColor("#b3261e")
QUIET = QColor("#5f6368")


def moment_key(moment: datetime | date | None) -> int:
    """An int that sorts dates and datetimes chronologically; missing ones first."""
    if moment is None:
        return 0
    if isinstance(moment, datetime):
        return int(moment.strftime("%Y%m%d%H%M"))
    return int(moment.strftime("%Y%m%d")) * 10_000


def enum_rank(member: Enum) -> int:
    """Position in the declaration order (a lifecycle reads in order, not alphabetically); a newer
    version's code (LabelledEnum._missing_) after all the members."""
    names = type(member)._member_names_
    return len(names) if getattr(member, "unknown", False) else names.index(member.name)


def enum_options(rows: Sequence[Any], get: Callable[[Any], LabelledEnum]) -> list[tuple[str, object]]:
    """The enum values present in `rows`, in declaration order, as (label, value) combo items."""
    present = {get(row) for row in rows}
    return [(member.label, member) for member in sorted(present, key=enum_rank)]


def text_options(values: Iterable[str]) -> list[tuple[str, object]]:
    """Distinct non-empty texts in French order, as (label, value) combo items."""
    distinct = {value for value in values if value}
    ranks = collation_ranks(distinct)
    return [(value, value) for value in sorted(distinct, key=ranks.__getitem__)]


def tone(member: LabelledEnum, good: Iterable[LabelledEnum] = (), bad: Iterable[LabelledEnum] = (),
         warn: Iterable[LabelledEnum] = ()) -> QColor | None:
    if member in set(good):
        return GOOD
    if member in set(bad):
        return BAD
    return WARN if member in set(warn) else None


MAX_TEXT_COLUMN = 300  # px: long titles are elided (full text in the tooltip), key columns stay visible


def settle_after_load(page: ListPage) -> None:
    """After rows arrive: narrower long-text columns, and the first row selected so the detail is never
    blank."""
    for column in range(page.model.columnCount() - 1):
        page.table.setColumnWidth(column, min(page.table.columnWidth(column), MAX_TEXT_COLUMN))
    if page.selected_row() is None and page.proxy.rowCount():
        page.table.selectRow(0)


class TabList(ListPage):
    """A ListPage shown inside a tab: the enclosing page carries the title and explanation."""

    SORT: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)  # initial sort column and order

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.header.hide()
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(0, 8, 0, 0)
        self.table.sortByColumn(*self.SORT)

    def _on_rows_loaded(self, rows: Sequence[Any]) -> None:
        super()._on_rows_loaded(rows)
        settle_after_load(self)
