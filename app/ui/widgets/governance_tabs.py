"""Toolbars of the Instances page's Décisions and Organes tabs (issue 4): each acts on its tab's selected
row; Entrée or a double-click on the row opens the same editor as the first action."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from app.db import job
from app.domain.enums import DecisionStatus
from app.domain.governance import BodySummary, DecisionSummary
from app.services.follow_ups import decision_meeting
from app.ui.dialogs.body_dialog import BodyDialog
from app.ui.dialogs.decision_text_dialog import DecisionTextDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.new_body_dialog import NewBodyDialog
from app.ui.tasks import TaskRunner
from app.ui.widgets.list_helpers import TabList

# décisions of a séance held: voted, or postponed at its close (their follow-up: present them again)
_VOTED_OR_POSTPONED = (DecisionStatus.ADOPTED, DecisionStatus.REJECTED, DecisionStatus.POSTPONED)


class TabActions(QToolBar):
    """A row of actions above a list; `changed` asks the page to reload, `created` names a new row for its
    list to select; `open_action` is what Entrée or a double-click on a row triggers."""

    changed = Signal()
    created = Signal(object)  # the new row's id

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.dialog: QWidget | None = None  # the last dialog opened (tests reach it here)
        self.open_action: QAction | None = None
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._notice_line: QAction | None = None  # added by finish(), after the actions

    def action(self, text: str, shortcut: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcut.replace('Shift', 'Maj')})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def finish(self) -> None:
        self._notice_line = self.addSeparator()  # what was just done, apart from what can be done
        self._notice_line.setVisible(False)
        self.addWidget(self.notice)

    @Slot(QModelIndex)
    def open_row(self, index: QModelIndex) -> None:
        if index.isValid() and self.open_action is not None and self.open_action.isEnabled():
            self.open_action.trigger()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        if self._notice_line is not None:
            self._notice_line.setVisible(bool(text))

    def show_dialog(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]


class DecisionActions(TabActions):
    """« Modifier le texte… » and « Actions de suivi… » for the selected décision."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.decision: DecisionSummary | None = None
        self.text_action = self.action(self.tr("Modifier le texte…"), "F2", self.tr(
            "Objet, visas, considérants, articles et date d'effet de la décision sélectionnée (ou Entrée, "
            "double-clic)"), self._on_text_triggered)
        self.follow_ups_action = self.action(self.tr("Actions de suivi…"), "Ctrl+Shift+S", self.tr(
            "Qui fait quoi, pour quand : les suites de la décision, reprises dans le relevé de décisions"),
            self._on_follow_ups_triggered)
        self.open_action = self.text_action
        self.finish()
        self.set_decision(None)

    def set_decision(self, decision: DecisionSummary | None) -> None:
        self.decision = decision
        self.text_action.setEnabled(decision is not None)
        held = decision is not None and decision.status in _VOTED_OR_POSTPONED
        self.follow_ups_action.setEnabled(held)

    @Slot()
    def _on_text_triggered(self) -> None:
        if self.decision is None:
            return
        dialog = DecisionTextDialog(self._runner, self.decision.id, self)
        dialog.saved.connect(self._on_text_saved)
        self.show_dialog(dialog)

    @Slot()
    def _on_follow_ups_triggered(self) -> None:
        if self.decision is not None:
            self._runner.submit(job(decision_meeting, self.decision.id), owner=self,
                                on_success=self._on_point_found)

    def _on_point_found(self, found: tuple[uuid.UUID, uuid.UUID]) -> None:
        meeting_id, item_id = found
        dialog = FollowUpsDialog(self._runner, meeting_id, focus=item_id, parent=self)
        dialog.follow_ups_saved.connect(self.changed)
        self.show_dialog(dialog)

    def _on_text_saved(self, _result: object) -> None:
        number = self.decision.number if self.decision else ""
        self.say(self.tr("Texte de la décision %1 enregistré.").replace("%1", number))
        self.changed.emit()


class BodyActions(TabActions):
    """« Nouvelle instance… », then « Modifier l'instance… » for the selected organe."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.body: BodySummary | None = None
        self.new_action = self.action(self.tr("Nouvelle instance…"), "Ctrl+Shift+N", self.tr(
            "Déclarer un organe : assemblée générale, conseil d'administration, bureau, COPIL, comité "
            "technique ou de programmation"), self._on_new_triggered)
        self.edit_action = self.action(self.tr("Modifier l'instance…"), "F2", self.tr(
            "Règles de la convention constitutive, majorités, sièges, droits statutaires et représentants "
            "de l'organe sélectionné (ou Entrée, double-clic)"), self._on_edit_triggered)
        self.open_action = self.edit_action
        self.finish()
        self.set_body(None)

    def set_body(self, body: BodySummary | None) -> None:
        self.body = body
        self.edit_action.setEnabled(body is not None)

    @Slot()
    def _on_new_triggered(self) -> None:
        dialog = NewBodyDialog(self._runner, self)
        dialog.accepted.connect(partial(self._on_body_created, dialog))
        self.show_dialog(dialog)

    def _on_body_created(self, dialog: NewBodyDialog) -> None:
        """Selected in the list, and its rules and seats asked for at once."""
        code = dialog.code.text().strip().upper()
        self.say(self.tr("Instance %1 créée : indiquez ses règles et ses sièges.").replace("%1", code))
        self.created.emit(dialog.result_)
        self._edit(dialog.result_, code)

    @Slot()
    def _on_edit_triggered(self) -> None:
        if self.body is not None:
            self._edit(self.body.id, self.body.code)

    def _edit(self, body_id: uuid.UUID, code: str) -> None:
        dialog = BodyDialog(self._runner, body_id, self)
        dialog.saved.connect(partial(self._on_body_saved, code))
        self.show_dialog(dialog)

    def _on_body_saved(self, code: str, _result: object) -> None:
        self.say(self.tr("Instance %1 enregistrée.").replace("%1", code))
        self.changed.emit()


def with_toolbar(actions: TabActions, tab: TabList, parent: QWidget) -> QWidget:
    """The tab's page: its toolbar above the list; Entrée on a row opens it, a row created is selected."""
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(actions)
    layout.addWidget(tab, 1)
    for action in actions.actions():  # the shortcuts (F2…) work from the list too, not only the toolbar
        if not action.shortcut().isEmpty():
            page.addAction(action)
    tab.table.activated.connect(actions.open_row)
    actions.created.connect(partial(tab.reveal, tab.HISTORY_TABLE))
    return page
