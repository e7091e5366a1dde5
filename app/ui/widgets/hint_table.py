"""A table view that says what to do when it has no rows (an empty grid alone tells nothing)."""

from __future__ import annotations

from collections.abc import Sequence

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from app.ui.item_models.summary_table_model import Column
from app.ui.widgets.form_fields import french_spaces

STRETCH_MINIMUM = 220  # pixels: a fiche's title stays readable; below, the table scrolls sideways


def cap_column_widths(table: QTableView, columns: Sequence[Column]) -> None:
    """After `resizeColumnsToContents`: fitted widths capped at each column's `max_width`; a `stretch`
    column (a long title) takes what the others leave, never under STRETCH_MINIMUM, else the last one
    takes what is left."""
    header = table.horizontalHeader()
    stretch = [i for i, column in enumerate(columns) if column.stretch]
    header.setStretchLastSection(not stretch)
    for index, column in enumerate(columns):
        if index not in stretch and (index < len(columns) - 1 or stretch):
            table.setColumnWidth(index, min(table.columnWidth(index) + 12, column.max_width))
    if stretch:
        keeper = table.findChild(MinimumStretch) or MinimumStretch(table, stretch[0])
        keeper.fit()


class MinimumStretch(QObject):
    """Keeps a column as wide as the others leave, never under STRETCH_MINIMUM. Qt's Stretch mode has no
    minimum: at 1024 pixels it gave the fiche's title 35 of them (« A… ») beside a 170-pixel carrier."""

    def __init__(self, table: QTableView, index: int) -> None:
        super().__init__(table)
        self._table, self._index = table, index
        table.horizontalHeader().setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._on_section_resized)

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != self._index and not header.isSectionHidden(i))
        self._table.setColumnWidth(self._index, max(STRETCH_MINIMUM, self._table.viewport().width() - others))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    @Slot(int, int, int)
    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self._index:  # another column dragged wider or narrower: this one takes the rest
            self.fit()


def fit_height_to_rows(table: QTableView, rows: int) -> None:
    """As tall as its header and `rows` rows (the caller bounds them: beyond, it scrolls), so that what
    is around keeps the room."""
    chrome = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    table.setFixedHeight(chrome + rows * table.verticalHeader().defaultSectionSize())


class HintTableView(QTableView):
    """QTableView painting `hint` (grey, centred, wrapped) over its viewport while the model is empty."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint

    def hint(self) -> str:
        return self._hint

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        self.viewport().update()

    def fit_columns(self) -> None:
        """Columns sized to their contents, the last one taking the remaining width."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() > 0 or not self._hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        rect = self.viewport().rect().adjusted(16, 8, -16, -8)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), french_spaces(self._hint))
        painter.end()
