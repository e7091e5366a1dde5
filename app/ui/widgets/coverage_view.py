"""« Couverture des besoins »: the needs × projects matrix, navigable both ways (issue 5).

Double-click a need (its row) and the portfolio shows the projects answering it; double-click a project
(its column) or ask from the portfolio, and the matrix keeps only that project's needs.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.db import job
from app.domain.programme import CoverageMatrix
from app.formatting import plural
from app.services.coverage import coverage_matrix
from app.ui.item_models.coverage_table_model import CoverageTableModel
from app.ui.tasks import TaskRunner


class CoverageView(QWidget):
    """`need_activated(need code, project ids)` when the user asks for a need's projects."""

    need_activated = Signal(str, object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.model = CoverageTableModel(self)
        self.summary = QLabel(self.tr("Chargement…"), self)
        self.summary.setWordWrap(True)
        self.focus_label = QLabel(self)
        self.show_all = QPushButton(self.tr("Tous les besoins"), self)
        self.show_all.hide()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setDefaultSectionSize(78)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setToolTip(self.tr("Double-cliquez sur un besoin pour voir les projets qui y répondent, "
                                      "sur un projet (colonne) pour ne garder que ses besoins."))
        bar = QHBoxLayout()
        bar.addWidget(self.focus_label, 1)
        bar.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.table.verticalHeader().sectionDoubleClicked.connect(self._on_need_header_double_clicked)
        self.table.horizontalHeader().sectionDoubleClicked.connect(self._on_project_header_double_clicked)
        self.show_all.clicked.connect(self._on_show_all_clicked)
        self._loaded = False

    def load(self) -> None:
        self._runner.submit(job(coverage_matrix), owner=self, on_success=self._on_matrix_loaded)

    def mark_stale(self) -> None:
        """The next showing reloads (a fiche was saved); reload now if the matrix is on screen."""
        self._loaded = False
        if self.isVisible():
            self.load()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def _on_matrix_loaded(self, matrix: CoverageMatrix) -> None:
        self._loaded = True
        self.model.set_matrix(matrix)
        text = self.tr("%1, dont %2 par au moins un projet actif. En rouge : %3 sans projet actif et %4 "
                       "ne répondant à aucun besoin.")
        for key, value in (("%1", plural(len(matrix.needs), "besoin")),
                           ("%2", plural(matrix.covered_count, "couvert")),
                           ("%3", plural(len(matrix.uncovered_needs), "besoin")),
                           ("%4", plural(len(matrix.projects_without_need), "projet actif",
                                         "projets actifs"))):
            text = text.replace(key, str(value))
        self.summary.setText(text)
        if not matrix.needs:
            self.summary.setText(self.tr("Aucun besoin n'est encore identifié : saisissez le diagnostic "
                                         "(page « Diagnostic ») pour relier les fiches action aux besoins."))
        self.table.verticalHeader().setMaximumWidth(380)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._on_need_header_double_clicked(index.row())

    @Slot(int)
    def _on_need_header_double_clicked(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            need = self.model.matrix.needs[row]
            ids = frozenset(project.id for project in self.model.matrix.projects_of(row))
            self.need_activated.emit(f"{need.code} {need.title}", ids)

    @Slot(int)
    def _on_project_header_double_clicked(self, column: int) -> None:
        if 0 <= column < self.model.columnCount():
            self.focus_project(self.model.matrix.projects[column].id)

    def focus_project(self, project_id: uuid.UUID) -> None:
        """Keep only the rows of the needs this project answers, and scroll to its column."""
        column = self.model.column_of(project_id)
        if column < 0:
            return
        needs = {need.id for need in self.model.matrix.needs_of(column)}
        for row, need in enumerate(self.model.matrix.needs):
            self.table.setRowHidden(row, need.id not in needs)
        project = self.model.matrix.projects[column]
        self.focus_label.setText(self.tr("Besoins auxquels répond %1 : %2").replace("%1", project.code)
                                 .replace("%2", str(len(needs)) if needs else self.tr("aucun")))
        self.show_all.show()
        self.table.scrollTo(self.model.index(0, column))
        self.table.selectColumn(column)

    def visible_needs(self) -> list[str]:
        needs = self.model.matrix.needs
        return [need.code for row, need in enumerate(needs) if not self.table.isRowHidden(row)]

    @Slot()
    def _on_show_all_clicked(self) -> None:
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, False)
        self.focus_label.clear()
        self.show_all.hide()
