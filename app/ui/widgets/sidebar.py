"""The module sidebar: icon and name on a wide window, the icon alone on a narrow one.

At 1280 pixels (a 1280×800 laptop, most meeting-room projectors) the names' 210 pixels left the
Instances toolbar too short: « Générer… » went behind its « » menu. Below `COMPACT_BELOW` the
sidebar keeps its icons, in 56 pixels, and each name moves to the icon's tooltip and to what a screen
reader says; the keyboard walks it the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

WIDE_WIDTH = 210
COMPACT_WIDTH = 56
COMPACT_BELOW = 1350  # window width: every page's toolbar fits from 1356 with the names shown
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1

STYLE = """
QListWidget#sidebar { background: #1f3b57; color: #e8eef4; border: none; padding-top: 8px; outline: 0; }
QListWidget#sidebar::item { padding: 10px 16px; }
QListWidget#sidebar[compact="true"]::item { padding: 10px 14px; }
QListWidget#sidebar::item:selected { background: #2f6690; color: white; border-left: 4px solid #9ccbf0; }
QListWidget#sidebar::item:hover:!selected { background: #29496a; }
"""


class Sidebar(QListWidget):
    """One row a page: its key in `UserRole`, its name in `TITLE_ROLE` whatever the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setStyleSheet(STYLE)
        self.setIconSize(QSize(20, 20))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self._compact = False
        self.setFixedWidth(WIDE_WIDTH)

    def add_page(self, key: str, title: str, icon: QIcon) -> QListWidgetItem:
        item = QListWidgetItem(icon, "" if self._compact else title, self)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(TITLE_ROLE, title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        item.setToolTip(title if self._compact else "")
        return item

    def title(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(TITLE_ROLE)) if item is not None else ""

    def is_compact(self) -> bool:
        return self._compact

    def fit_window_width(self, width: int) -> None:
        """Icons alone when the window is narrower than `COMPACT_BELOW`, names again when it widens."""
        self.set_compact(width < COMPACT_BELOW)

    def set_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        for row in range(self.count()):
            item = self.item(row)
            title = str(item.data(TITLE_ROLE))
            item.setText("" if compact else title)
            item.setToolTip(title if compact else "")
        self.setProperty("compact", compact)
        self.setStyleSheet(STYLE)  # the property selector applies on a new style sheet
        self.setFixedWidth(COMPACT_WIDTH if compact else WIDE_WIDTH)
