"""The Instances page's toolbar (issue 4): actions on the selected séance, enabled by its status; the same
actions in the séances list's context menu, with « Supprimer la séance… » (Suppr) for one created by
mistake."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QToolBar, QToolButton, QWidget

from app.db import job
from app.domain.enums import DecisionStatus, MeetingStatus
from app.domain.governance import DecisionSummary, MeetingSummary, minutes_approval_day
from app.domain.meeting_desk import Choice
from app.formatting import date_time, plural
from app.services.meeting_desk import body_choices
from app.services.meeting_operations import convene_meeting, freeze_agenda, remove_meeting
from app.ui.dialogs import confirm
from app.ui.dialogs.agenda_dialog import AgendaDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.live_meeting_dialog import LIVE_STATUSES, LiveMeetingDialog
from app.ui.dialogs.meeting_dialog import ApproveMinutesDialog, EditMeetingDialog, NewMeetingDialog
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.document_issuer import DocumentIssuer
from app.ui.widgets.menu_button import as_menu_button

_PREPARED = (MeetingStatus.AGENDA_FROZEN, MeetingStatus.CONVENED, MeetingStatus.HELD, MeetingStatus.CLOSED,
             MeetingStatus.MINUTES_APPROVED)
_OPENED = (MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)
# (REPORTS key, menu text, statuses where it makes sense)
MEETING_DOCUMENTS = (
    ("convocation", "Convocation (avec formulaire de pouvoir)", _PREPARED),
    ("invitation", "Invitation (invités sans voix délibérative)", _PREPARED),
    ("ordre-du-jour", "Ordre du jour", _PREPARED),
    ("dossier-seance", "Dossier de séance", _PREPARED),
    ("releve-decisions", "Relevé de décisions", _OPENED),
    ("proces-verbal", "Procès-verbal", _OPENED),
)


class MeetingActions(QToolBar):
    """Nouvelle séance, Ordre du jour, Arrêter l'ODJ, Convoquer, Séance en direct, Générer…"""

    changed = Signal()  # the page reloads its lists
    document_issued = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.meeting: MeetingSummary | None = None
        self._meetings: Sequence[MeetingSummary] = ()
        self.decision: DecisionSummary | None = None
        self.dialog: QWidget | None = None  # the last dialog opened (tests reach it here)
        self.issuer = DocumentIssuer(runner, self)
        self.issuer.issued.connect(self.document_issued)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = self._action(self.tr("Nouvelle séance…"), "Ctrl+Shift+N",
                                       self.tr("Créer une séance en préparation"), self._on_new_triggered)
        self.edit_action = self._action(self.tr("Modifier…"), "Ctrl+Shift+E", self.tr(
            "Modifier la séance : présidence, secrétariat, invités, lieu, visioconférence, urgence, seconde "
            "convocation"),
            self._on_edit_triggered)
        self.agenda_action = self._action(self.tr("Ordre du jour…"), "Ctrl+E", self.tr(
            "Composer l'ordre du jour de la séance : points, rapporteurs, projets liés"),
            self._on_agenda_triggered)
        self.freeze_action = self._action(self.tr("Arrêter l'ordre du jour"), "Ctrl+Shift+A", self.tr(
            "Arrêter l'ODJ : les numéros de décision sont attribués"), self._on_freeze_triggered)
        self.convene_action = self._action(self.tr("Convoquer"), "Ctrl+Shift+C", self.tr(
            "Noter la séance convoquée aujourd'hui (délai de convocation vérifié)"),
            self._on_convene_triggered)
        self.live_action = self._action(self.tr("Séance en direct"), "Ctrl+Shift+D", self.tr(
            "Présences, pouvoirs, quorum et votes pendant la séance"), self._on_live_triggered)
        self.approve_action = self._action(self.tr("Approuver le PV…"), "Ctrl+Shift+P", self.tr(
            "Noter l'approbation du procès-verbal de la séance close, à la date de la séance qui l'approuve"),
            self._on_approve_triggered)
        self.follow_ups_action = self._action(self.tr("Actions de suivi…"), "Ctrl+Shift+S", self.tr(
            "Qui fait quoi, pour quand : les suites de chaque point, reprises dans le relevé de décisions"),
            self._on_follow_ups_triggered)
        self.generate_menu = self._generate_menu()
        self.remove_action = QAction(self.tr("Supprimer la séance…"), self)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setToolTip(self.tr("Mettre à la corbeille la séance créée par erreur, avec son "
                                              "ordre du jour, tant qu'elle est en préparation (Suppr)"))
        self.remove_action.triggered.connect(self._on_remove_triggered)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.notice)
        self.update_state()

    def _action(self, text: str, shortcut: str, tip: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # keep the « … » that announces a dialog (Qt strips it otherwise)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcut.replace('Shift', 'Maj')})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def attach_to_list(self, table: QWidget) -> None:
        """The séance's actions in the list's context menu, « Supprimer la séance… » last; Suppr there
        (the toolbar has no room left for it on a 1366-pixel laptop)."""
        separator = QAction(self)
        separator.setSeparator(True)
        table.addActions([self.new_action, self.edit_action, self.agenda_action, self.freeze_action,
                          self.convene_action, self.live_action, self.approve_action, self.follow_ups_action,
                          separator, self.remove_action])
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _generate_menu(self) -> QMenu:
        menu = QMenu(self.tr("Générer"), self)
        for kind, text, _statuses in MEETING_DOCUMENTS:
            action = menu.addAction(self.tr(text))
            action.setData(kind)
        menu.addSeparator()
        self.deliberation_action = menu.addAction(self.tr("Délibération de la décision sélectionnée"))
        self.deliberation_action.setData("deliberation")
        menu.triggered.connect(self._on_generate_menu_triggered)
        button = QToolButton(self)
        button.setText(self.tr("Générer…"))
        button.setToolTip(self.tr("Générer un document de la séance : il est enregistré au registre des "
                                  "documents puis affiché en aperçu"))
        button.setMenu(menu)
        self.generate_button = as_menu_button(button)
        self.addWidget(button)
        return menu

    # -- state -------------------------------------------------------------------------------------
    def set_meeting(self, meeting: MeetingSummary | None, meetings: Sequence[MeetingSummary] = ()) -> None:
        """The séance selected, among the list's (« Approuver le PV… » proposes the next one's day)."""
        self.meeting, self._meetings = meeting, meetings
        self.update_state()

    def set_decision(self, decision: DecisionSummary | None) -> None:
        self.decision = decision
        self.update_state()

    def update_state(self) -> None:
        status = self.meeting.status if self.meeting else None
        self.agenda_action.setEnabled(status is not None)
        self.edit_action.setEnabled(status is not None)
        self.approve_action.setEnabled(status is MeetingStatus.CLOSED)
        self.follow_ups_action.setEnabled(status in _OPENED)
        self.freeze_action.setEnabled(status is MeetingStatus.PREPARING)
        self.remove_action.setEnabled(status is MeetingStatus.PREPARING)
        self.convene_action.setEnabled(status is MeetingStatus.AGENDA_FROZEN)
        self.live_action.setEnabled(status in LIVE_STATUSES)
        for action in self.generate_menu.actions():
            kind = action.data()
            allowed = next((s for k, _t, s in MEETING_DOCUMENTS if k == kind), ())
            action.setEnabled(status in allowed)
        voted = (DecisionStatus.ADOPTED, DecisionStatus.REJECTED)
        self.deliberation_action.setEnabled(self.decision is not None and self.decision.status in voted)
        number = self.decision.number if self.decision else ""
        text = self.tr("Délibération n° %1 (onglet Décisions)").replace("%1", number) if number \
            else self.tr("Délibération (choisir dans l'onglet Décisions)")
        self.deliberation_action.setText(text)

    def _meeting_id(self) -> uuid.UUID | None:
        return self.meeting.id if self.meeting else None

    def _say(self, text: str) -> None:
        self.notice.setText(text)

    # -- slots -------------------------------------------------------------------------------------
    @Slot()
    def _on_new_triggered(self) -> None:
        self._runner.submit(job(body_choices), owner=self, on_success=self._on_bodies_loaded)

    def _on_bodies_loaded(self, bodies: list[Choice]) -> None:
        dialog = NewMeetingDialog(self._runner, bodies, self)
        dialog.saved.connect(self._on_meeting_created)
        self.dialog = dialog
        dialog.open()

    @Slot(object)
    def _on_meeting_created(self, meeting_id: uuid.UUID) -> None:
        self._say(self.tr("Séance créée : composez son ordre du jour."))
        self.changed.emit()
        self.open_agenda(meeting_id)

    @Slot()
    def _on_agenda_triggered(self) -> None:
        if (meeting_id := self._meeting_id()) is not None:
            self.open_agenda(meeting_id)

    def open_agenda(self, meeting_id: uuid.UUID) -> AgendaDialog:
        dialog = AgendaDialog(self._runner, meeting_id, self)
        dialog.agenda_changed.connect(self.changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_freeze_triggered(self) -> None:
        meeting_id = self._meeting_id()
        if meeting_id is None or not confirm.ask(self, self.tr("Arrêter l'ordre du jour"), self.tr(
                "Arrêter l'ordre du jour de cette séance ?\n\nChaque point pour délibération ou pour avis "
                "reçoit son numéro de décision (par exemple 2026-CA-014). Ces numéros sont définitifs : "
                "un point retiré ensuite garde le sien, qui ne sera jamais réattribué.")):
            return
        self._runner.submit(job(freeze_agenda, meeting_id), owner=self, on_success=self._on_frozen)

    def _on_frozen(self, numbers: list[str]) -> None:
        text = ", ".join(numbers) if numbers else self.tr("aucun point à numéroter")
        self._say(self.tr("Ordre du jour arrêté. Numéros attribués : %1").replace("%1", text))
        self.changed.emit()

    @Slot()
    def _on_remove_triggered(self) -> None:
        meeting = self.meeting
        if meeting is None or meeting.status is not MeetingStatus.PREPARING:
            return
        year = meeting.starts_at.year if meeting.starts_at else ""
        question = self.tr(
            "Supprimer la séance « %1 – séance n° %2 du %3 » ?\n\nElle est en préparation : son ordre du "
            "jour (%4) part avec elle à la corbeille. Le numéro %2 sera donné à la prochaine séance du %1 "
            "de %5.").replace("%1", meeting.body_code).replace("%2", str(meeting.number)).replace(
            "%3", date_time(meeting.starts_at)).replace("%4", plural(meeting.items_count, "point")).replace(
            "%5", str(year))
        if confirm.ask(self, self.tr("Supprimer la séance"), question):
            self._runner.submit(job(remove_meeting, meeting.id), owner=self, on_success=self._on_removed,
                                on_error=partial(show_error, self))

    def _on_removed(self, label: str) -> None:
        self._say(self.tr("Séance « %1 » mise à la corbeille.").replace("%1", label))
        self.changed.emit()

    @Slot()
    def _on_convene_triggered(self) -> None:
        meeting_id = self._meeting_id()
        if meeting_id is None or not confirm.ask(self, self.tr("Convoquer"), self.tr(
                "Noter la séance convoquée à la date d'aujourd'hui ?")):
            return
        self._runner.submit(job(convene_meeting, meeting_id, on=date.today()), owner=self,
                            on_success=self._on_convened)

    def _on_convened(self, _result: object) -> None:
        self._say(self.tr("Séance convoquée. Générez la convocation depuis « Générer… »."))
        self.changed.emit()

    @Slot()
    def _on_live_triggered(self) -> None:
        if (meeting_id := self._meeting_id()) is not None:
            self.open_live(meeting_id)

    def open_live(self, meeting_id: uuid.UUID, clock: object = datetime.now) -> LiveMeetingDialog:
        dialog = LiveMeetingDialog(self._runner, meeting_id, clock=clock, parent=self)  # type: ignore[arg-type]
        dialog.meeting_changed.connect(self.changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(QAction)
    def _on_generate_menu_triggered(self, action: QAction) -> None:
        kind = action.data()
        subject = self.decision.id if kind == "deliberation" and self.decision else self._meeting_id()
        if subject is not None:
            self.issuer.generate(kind, subject)

    @Slot()
    def _on_edit_triggered(self) -> None:
        if (meeting_id := self._meeting_id()) is not None:
            self.open_edit(meeting_id)

    def open_edit(self, meeting_id: uuid.UUID) -> EditMeetingDialog:
        dialog = EditMeetingDialog(self._runner, meeting_id, self)
        dialog.saved.connect(self._on_meeting_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_meeting_saved(self, _result: object) -> None:
        self._say(self.tr("Séance modifiée."))
        self.changed.emit()

    @Slot()
    def _on_approve_triggered(self) -> None:
        if self.meeting is None or self.meeting.status is not MeetingStatus.CLOSED:
            return
        day = minutes_approval_day(self.meeting, self._meetings, date.today())
        dialog = ApproveMinutesDialog(self._runner, self.meeting, self, approved_on=day)
        dialog.saved.connect(self._on_minutes_approved)
        self.dialog = dialog
        dialog.open()

    def _on_minutes_approved(self, _result: object) -> None:
        self._say(self.tr("Procès-verbal approuvé : la séance est au statut « PV approuvé »."))
        self.changed.emit()

    @Slot()
    def _on_follow_ups_triggered(self) -> None:
        if (meeting_id := self._meeting_id()) is not None:
            self.open_follow_ups(meeting_id)

    def open_follow_ups(self, meeting_id: uuid.UUID) -> FollowUpsDialog:
        dialog = FollowUpsDialog(self._runner, meeting_id, parent=self)
        dialog.follow_ups_saved.connect(self.changed)
        self.dialog = dialog
        dialog.open()
        return dialog
