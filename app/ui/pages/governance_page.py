"""« Instances »: the séances of every organe, with tabs for the décisions and the organes themselves."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.tasks import TaskRunner
from app.ui.widgets.governance_lists import BodiesList, DecisionsList, MeetingsList
from app.ui.widgets.page_header import PageHeader


class GovernancePage(QWidget):
    """Séances (agenda, présences, pouvoirs, votes), décisions numérotées, organes et leurs règles."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = PageHeader(
            self.tr("Instances"),
            self.tr("Les séances des organes du GIP avec leur ordre du jour, les présences, pouvoirs et "
                    "votes ; le registre des décisions ; les organes et les règles de la convention "
                    "constitutive."),
            self,
        )
        self.meetings = MeetingsList(runner, self)
        self.decisions = DecisionsList(runner, self)
        self.bodies = BodiesList(runner, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.meetings, self.tr("Séances"))
        self.tabs.addTab(self.decisions, self.tr("Décisions"))
        self.tabs.addTab(self.bodies, self.tr("Organes"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    @Slot()
    def refresh(self) -> None:
        """Reload the three lists (each keeps its selection when the row still exists)."""
        for tab in (self.meetings, self.decisions, self.bodies):
            tab.refresh()
