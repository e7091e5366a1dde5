"""« Évaluation »: evaluations under way or done, with a tab for the référentiels (grids)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.tasks import TaskRunner
from app.ui.widgets.evaluation_lists import EvaluationsList, GridsList
from app.ui.widgets.page_header import PageHeader


class EvaluationPage(QWidget):
    """Evaluations (progress, NE, distribution of levels per criterion, recommendations) and grids."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = PageHeader(
            self.tr("Évaluation"),
            self.tr("Les évaluations des projets, axes et programmes : avancement, répartition des "
                    "appréciations par critère, consolidation et recommandations ; les référentiels "
                    "versionnés et leurs échelles."),
            self,
        )
        self.evaluations = EvaluationsList(runner, self)
        self.grids = GridsList(runner, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.evaluations, self.tr("Évaluations"))
        self.tabs.addTab(self.grids, self.tr("Référentiels"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    @Slot()
    def refresh(self) -> None:
        """Reload both lists (each keeps its selection when the row still exists)."""
        self.evaluations.refresh()
        self.grids.refresh()
