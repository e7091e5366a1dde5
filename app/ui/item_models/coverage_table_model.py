"""Needs (rows) × projects (columns) of a CoverageMatrix: a dot where a project answers a need (issue 5)."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.programme import CoverageMatrix

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
GAP = QColor("#fde2e0")  # a need no active project answers, a project answering no need
GAP_TEXT = QColor("#b03a2e")
LINK = "●"


class CoverageTableModel(QAbstractTableModel):
    """Read-only; `ID_ROLE` on headers gives the need's or the project's id."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix = CoverageMatrix((), (), frozenset(), (), ())
        self._uncovered: set[Any] = set()
        self._idle: set[Any] = set()

    def set_matrix(self, matrix: CoverageMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self._uncovered = {need.id for need in matrix.uncovered_needs}
        self._idle = {project.id for project in matrix.projects_without_need}
        self.endResetModel()

    @override
    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.matrix.needs)

    @override
    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.matrix.projects)

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        linked = (index.row(), index.column()) in self.matrix.cells
        if role == Qt.ItemDataRole.DisplayRole:
            return LINK if linked else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and linked:
            need, project = self.matrix.needs[index.row()], self.matrix.projects[index.column()]
            return f"{project.code} répond au besoin {need.code}"
        if role == Qt.ItemDataRole.BackgroundRole and self.is_gap_row(index.row()):
            return QBrush(GAP)
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        vertical = orientation == Qt.Orientation.Vertical
        items = self.matrix.needs if vertical else self.matrix.projects
        if not 0 <= section < len(items):
            return None
        item = items[section]
        gap = item.id in (self._uncovered if vertical else self._idle)
        if role == Qt.ItemDataRole.DisplayRole:
            title = item.title if len(item.title) <= 48 else item.title[:47].rstrip() + "…"
            return f"{item.code}  {title}" if vertical else item.code
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = " — aucun projet actif n'y répond" if vertical else " — ne répond à aucun besoin"
            hint = hint if gap else ""
            return f"{item.code} : {item.title}{hint}"
        if role == Qt.ItemDataRole.ForegroundRole and gap:
            return QBrush(GAP_TEXT)
        if role == self.ID_ROLE:
            return item.id
        return None

    def is_gap_row(self, row: int) -> bool:
        return self.matrix.needs[row].id in self._uncovered

    def is_gap_column(self, column: int) -> bool:
        return self.matrix.projects[column].id in self._idle

    def column_of(self, project_id: object) -> int:
        return next((i for i, p in enumerate(self.matrix.projects) if p.id == project_id), -1)
