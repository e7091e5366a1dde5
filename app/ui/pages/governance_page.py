"""« Instances »: the séances of every organe, with tabs for the décisions, the organes themselves and the
organisations (members, porteurs, financeurs); a toolbar acts on the selected séance (agenda editor, arrêt
de l'ODJ, convocation, séance en direct, documents)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.tasks import TaskRunner
from app.ui.widgets.governance_lists import BodiesList, DecisionsList, MeetingsList
from app.ui.widgets.governance_tabs import BodyActions, DecisionActions, with_toolbar
from app.ui.widgets.list_helpers import TabList
from app.ui.widgets.meeting_actions import MeetingActions
from app.ui.widgets.organisations_tab import OrganisationActions, OrganisationsList
from app.ui.widgets.page_header import PageHeader


class GovernancePage(QWidget):
    """Séances (agenda, présences, pouvoirs, votes), décisions numérotées, organes et leurs règles."""

    document_issued = Signal(object)  # IssuedDocument: the Documents page reloads

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = PageHeader(
            self.tr("Instances"),
            self.tr("Les séances des organes (ordre du jour, présences, pouvoirs, votes), le registre des "
                    "décisions, les organes et leurs règles, les organisations membres, porteuses et "
                    "financeuses."),
            self,
        )
        self.actions_bar = MeetingActions(runner, self)
        self.meetings = MeetingsList(runner, self)
        self.actions_bar.attach_to_list(self.meetings.table)
        self.decisions = DecisionsList(runner, self)
        self.bodies = BodiesList(runner, self)
        self.decision_actions = DecisionActions(runner, self)
        self.body_actions = BodyActions(runner, self)
        self.organisations = OrganisationsList(runner, self)
        self.organisation_actions = OrganisationActions(runner, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.meetings, self.tr("Séances"))
        self.tabs.addTab(with_toolbar(self.decision_actions, self.decisions, self), self.tr("Décisions"))
        self.tabs.addTab(with_toolbar(self.body_actions, self.bodies, self), self.tr("Organes"))
        self.tabs.addTab(with_toolbar(self.organisation_actions, self.organisations, self),
                         self.tr("Organisations"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.tabs, 1)
        self.actions_bar.changed.connect(self.refresh)
        self.decision_actions.changed.connect(self.refresh)
        self.body_actions.changed.connect(self.refresh)
        self.organisation_actions.changed.connect(self.refresh)
        self.organisations.table.selectionModel().selectionChanged.connect(
            self._on_organisations_selection_changed)
        self.bodies.table.selectionModel().selectionChanged.connect(self._on_bodies_selection_changed)
        self.actions_bar.document_issued.connect(self.document_issued)
        self.meetings.table.selectionModel().selectionChanged.connect(self._on_meetings_selection_changed)
        self.decisions.table.selectionModel().selectionChanged.connect(self._on_decisions_selection_changed)
        self.meetings.model.modelReset.connect(self._on_meetings_selection_changed)

    @Slot()
    def refresh(self) -> None:
        """Reload the four lists (each keeps its selection when the row still exists)."""
        for tab in self._lists():
            tab.refresh()

    def _lists(self) -> tuple[TabList, ...]:
        return self.meetings, self.decisions, self.bodies, self.organisations

    def reveal(self, table: str, row_id: object) -> bool:
        """The séance, décision, organe or organisation named on the Synchronisation page, in its tab."""
        for index, tab in enumerate(self._lists()):
            if tab.reveal(table, row_id):
                self.tabs.setCurrentIndex(index)
                return True
        return False

    @Slot(QItemSelection, QItemSelection)
    def _on_meetings_selection_changed(self, *_args: object) -> None:
        self.actions_bar.set_meeting(self.meetings.selected_row(), self.meetings.model.rows())

    @Slot(QItemSelection, QItemSelection)
    def _on_decisions_selection_changed(self, *_args: object) -> None:
        self.actions_bar.set_decision(self.decisions.selected_row())
        self.decision_actions.set_decision(self.decisions.selected_row())

    @Slot(QItemSelection, QItemSelection)
    def _on_bodies_selection_changed(self, *_args: object) -> None:
        self.body_actions.set_body(self.bodies.selected_row())

    @Slot(QItemSelection, QItemSelection)
    def _on_organisations_selection_changed(self, *_args: object) -> None:
        self.organisation_actions.set_organisation(self.organisations.selected_row(),
                                                   self.organisations.model.rows())
