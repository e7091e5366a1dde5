"""Frameworks and their axis trees (FrameworkTree / AxisNode DTOs) for a QTreeView (issue 5). No I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.programme import AxisNode, FrameworkTree

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


@dataclass(frozen=True)
class _Node:
    """A flattened tree node: what it shows, where it hangs (parent position, -1 for a framework)."""

    item: FrameworkTree | AxisNode
    parent: int
    row: int
    children: tuple[int, ...]


class AxisTreeModel(QAbstractItemModel):
    """Frameworks at the top, their axes below; `ITEM_ROLE` gives the DTO."""

    ITEM_ROLE = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._roots: tuple[int, ...] = ()
        self.frameworks: tuple[FrameworkTree, ...] = ()

    def set_frameworks(self, frameworks: Sequence[FrameworkTree]) -> None:
        self.beginResetModel()
        self.frameworks = tuple(frameworks)
        self._nodes = []
        self._roots = tuple(self._add(f, -1, row, f.axes) for row, f in enumerate(self.frameworks))
        self.endResetModel()

    def _add(self, item: FrameworkTree | AxisNode, parent: int, row: int,
             children: Sequence[AxisNode]) -> int:
        position = len(self._nodes)
        self._nodes.append(_Node(item, parent, row, ()))
        kids = tuple(self._add(child, position, index, child.children)
                     for index, child in enumerate(children))
        self._nodes[position] = _Node(item, parent, row, kids)
        return position

    def _children(self, parent: ModelIndex) -> tuple[int, ...]:
        return self._nodes[parent.internalId()].children if parent.isValid() else self._roots

    @override
    def index(self, row: int, column: int, parent: ModelIndex = ROOT) -> QModelIndex:
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < 2):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    @override
    def parent(self, child: ModelIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        up = self._nodes[child.internalId()].parent
        return QModelIndex() if up < 0 else self.createIndex(self._nodes[up].row, 0, up)

    @override
    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    @override
    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 2

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._nodes[index.internalId()].item
        if role == self.ITEM_ROLE:
            return item
        framework = isinstance(item, FrameworkTree)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:
                return "" if framework else str(sum(n.project_count for n in item.walk()))  # type: ignore[union-attr,misc]
            return f"{item.code} — {item.title}" if framework else item.label  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.FontRole and framework:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Cadre et axes", "Fiches rattachées")[section] if 0 <= section < 2 else None
        return None

    def framework_of(self, index: ModelIndex) -> FrameworkTree | None:
        """The framework an index belongs to (itself, or the one holding the axis)."""
        position = index.internalId() if index.isValid() else -1
        while position >= 0 and self._nodes[position].parent >= 0:
            position = self._nodes[position].parent
        item = self._nodes[position].item if position >= 0 else None
        return item if isinstance(item, FrameworkTree) else None
