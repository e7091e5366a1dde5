"""« Séance en direct » (issue 4): for a laptop in the room, offline. Attendance with arrivals and
departures, proxies, a permanent quorum indicator, then the points one by one with their vote. Every change
is saved at once through the runner; the quorum is recomputed at the current time after each. What two
laptops entered differently is marked, and arbitrated from the badge without leaving the séance."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.enums import AgendaItemStatus, AttendanceMode, AttendanceStatus, MeetingStatus
from app.domain.errors import DomainError
from app.domain.meeting_desk import MeetingDesk
from app.formatting import hour_text, long_date
from app.services.meeting_desk import meeting_desk
from app.services.meeting_live import grant_proxy, record_attendance, record_departure
from app.services.meeting_operations import close_meeting, open_meeting
from app.ui.dialogs import confirm
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.attendance_panel import AttendancePanel
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.quorum_indicator import QuorumIndicator
from app.ui.widgets.screen_fit import fit_to_screen
from app.ui.widgets.vote_panel import VotePanel

LIVE_STATUSES = (MeetingStatus.AGENDA_FROZEN, MeetingStatus.CONVENED, MeetingStatus.HELD)


class LiveMeetingDialog(QDialog):
    """One séance, live. `clock` gives « maintenant » (tests pass a controlled one)."""

    meeting_changed = Signal()

    def __init__(self, runner: TaskRunner, meeting_id: uuid.UUID, *,
                 clock: Callable[[], datetime] = datetime.now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Séance en direct"))
        fit_to_screen(self, 1400, 900)
        self._runner, self._meeting_id = runner, meeting_id
        self._clock = lambda: clock().replace(microsecond=0)
        self.desk: MeetingDesk | None = None
        self.item_index = 0
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.open_button = QPushButton(self.tr("Ouvrir la séance"), self)
        self.open_button.setToolTip(self.tr("Noter l'ouverture de la séance maintenant : les votes "
                                            "deviennent possibles"))
        self.close_button = QPushButton(self.tr("Clore la séance"), self)
        self.close_button.setToolTip(self.tr("Clore la séance maintenant : les points sans vote sont "
                                             "ajournés"))
        self.follow_ups_button = QPushButton(self.tr("Actions de suivi…"), self)
        self.follow_ups_button.setToolTip(self.tr("Qui fait quoi, pour quand : les suites du point en cours, "
                                                  "reprises dans le relevé de décisions"))
        self.follow_ups_dialog: FollowUpsDialog | None = None
        self.quorum = QuorumIndicator(self)
        self.attendance = AttendancePanel(self)
        self.form_conflicts = FormConflicts(self, runner, "meeting", meeting_id, {},  # its parts' too
                                            arbitrated=self._on_arbitrated)
        self.form_conflicts.loaded.connect(self.attendance.mark_conflicts)
        self.vote = VotePanel(runner, self._clock, self)
        self.form_conflicts.loaded.connect(self.vote.mark_conflicts)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self._build_layout()
        self._connect()
        self.reload()
        self.form_conflicts.reload()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.follow_ups_button)
        top.addWidget(self.open_button)
        top.addWidget(self.close_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.attendance)
        splitter.addWidget(self.vote)
        splitter.setSizes([900, 500])  # the sheet: the representatives' names in full, at 1280 too
        splitter.setChildrenCollapsible(False)
        hint = QLabel(self.tr("Notez les présences (Ctrl+M : arrivée ou départ maintenant), ouvrez la "
                              "séance, puis votez point par point. "
                              "Chaque saisie est enregistrée immédiatement, sans connexion au réseau. "
                              "Le quorum est recalculé à l'heure actuelle après chaque arrivée ou "
                              "départ."), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form_conflicts.badge)
        layout.addWidget(self.quorum)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)

    def _connect(self) -> None:
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.follow_ups_button.clicked.connect(self._on_follow_ups_button_clicked)
        self.attendance.status_changed.connect(self._on_attendance_status_changed)
        self.attendance.arrived.connect(self._on_attendance_arrived)
        self.attendance.left.connect(self._on_attendance_left)
        self.attendance.proxy_requested.connect(self._on_attendance_proxy_requested)
        self.attendance.representative_changed.connect(self._on_attendance_representative_changed)
        self.vote.vote_saved.connect(self._on_vote_saved)
        self.vote.moved.connect(self._on_vote_moved)

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.submit(job(meeting_desk, self._meeting_id, at=self._clock()), owner=self,
                            on_success=self._on_desk_loaded)

    def _on_arbitrated(self) -> None:
        """A value kept from the badge: the sheet, the quorum and the marks as they now stand."""
        self.form_conflicts.reload()
        self.reload()

    def _on_desk_loaded(self, desk: MeetingDesk) -> None:
        shown = self.desk.items[self.item_index].id if self.desk and self.item_index < len(self.desk.items) \
            else None  # the point being voted stays on screen, wherever a round put it
        ids = [item.id for item in desk.items]
        self.item_index = ids.index(shown) if shown in ids else self.item_index
        self.desk = desk
        self.heading.setText(f"<h2>{desk.title}</h2>{desk.body_name} · {desk.status.label} · "
                             + self.tr("quorum calculé à %1").replace("%1", desk.moment.strftime("%H h %M")))
        self.open_button.setEnabled(desk.status is MeetingStatus.CONVENED)
        self.close_button.setEnabled(desk.status is MeetingStatus.HELD)
        self.follow_ups_button.setEnabled(desk.status is MeetingStatus.HELD)
        self.quorum.show_quorum(desk.quorum, all_left=any(s.left_at is not None for s in desk.seats))
        self.attendance.show_desk(desk)
        self.attendance.setEnabled(desk.status in LIVE_STATUSES)
        self.item_index = min(self.item_index, max(len(desk.items) - 1, 0))
        self.vote.show_item(desk, self.item_index)

    # -- saving at once --------------------------------------------------------------------------
    def _save(self, fn: object) -> None:
        self.message.clear()
        self._runner.submit(fn, owner=self, on_success=self._on_saved,  # type: ignore[arg-type]
                            on_error=self._on_refused)

    def _on_saved(self, _result: object) -> None:
        self.meeting_changed.emit()
        self.reload()

    def _on_refused(self, exc: Exception) -> None:
        if not isinstance(exc, DomainError):
            show_error(self, exc)
        self.message.setText(str(exc))
        self.reload()

    @Slot(object, object, object)
    def _on_attendance_status_changed(self, seat_id: uuid.UUID, status: AttendanceStatus,
                                      mode: AttendanceMode) -> None:
        seat = next(s for s in self.desk.seats if s.seat_id == seat_id) if self.desk else None
        present = status is AttendanceStatus.PRESENT
        arrived = (seat.arrived_at if seat and seat.arrived_at else self._clock()) if present else None
        left = seat.left_at if seat and present else None
        self._save(job(record_attendance, self._meeting_id, seat_id, status=status, mode=mode,
                       representative_id=self.attendance.representative_of(seat_id), arrived_at=arrived,
                       left_at=left))

    @Slot(object, object)
    def _on_attendance_representative_changed(self, seat_id: uuid.UUID, person: uuid.UUID | None) -> None:
        """A suppléant sits instead of the titulaire: saved at once when the seat is on the sheet (else with
        its présence)."""
        seat = next((s for s in self.desk.seats if s.seat_id == seat_id), None) if self.desk else None
        if seat is None or seat.status is None:
            return
        self._save(job(record_attendance, self._meeting_id, seat_id, status=seat.status, mode=seat.mode,
                       representative_id=person, arrived_at=seat.arrived_at, left_at=seat.left_at))

    @Slot(object)
    def _on_attendance_arrived(self, seat_id: uuid.UUID) -> None:
        seat = next(s for s in self.desk.seats if s.seat_id == seat_id) if self.desk else None
        mode = seat.mode if seat else AttendanceMode.ROOM
        self._save(job(record_attendance, self._meeting_id, seat_id, status=AttendanceStatus.PRESENT,
                       mode=mode, representative_id=self.attendance.representative_of(seat_id),
                       arrived_at=self._clock()))

    @Slot(object)
    def _on_attendance_left(self, seat_id: uuid.UUID) -> None:
        self._save(job(record_departure, self._meeting_id, seat_id, at=self._clock()))

    @Slot(object, object)
    def _on_attendance_proxy_requested(self, grantor: uuid.UUID, holder: uuid.UUID) -> None:
        self._save(job(grant_proxy, self._meeting_id, grantor, holder, received_on=self._clock().date()))

    @Slot()
    def _on_open_button_clicked(self) -> None:
        """The time goes into the procès-verbal: asked first (« Modifier la séance… » corrects it later)."""
        now = self._clock()
        question = self.tr("Ouvrir la séance à %1 ?\n\nL'heure d'ouverture figure au procès-verbal "
                           "(« Modifier la séance… » la corrige) ; les votes deviennent possibles.").replace(
            "%1", hour_text(now))
        if confirm.ask(self, self.tr("Ouvrir la séance"), question):
            self._save(job(open_meeting, self._meeting_id, at=now))

    @Slot()
    def _on_close_button_clicked(self) -> None:
        """Closing is final (no vote after it): asked first, with what it does to the points and minutes."""
        now = self._clock()
        asked = self.tr("Clore la séance à %1 ?").replace("%1", hour_text(now))
        question = f"{asked}\n\n{self._closing_text()}"
        if confirm.ask(self, self.tr("Clore la séance"), question):
            self._save(job(close_meeting, self._meeting_id, at=now))

    def _closing_text(self) -> str:
        """The points closing adjourns, and the previous procès-verbal it approves."""
        desk = self.desk
        unvoted = [item.decision_number for item in (desk.items if desk else ())
                   if item.status is AgendaItemStatus.PENDING and item.decision_number]
        text = self.tr("Les points mis aux voix sans vote (%1) seront ajournés, et plus aucun vote ne "
                       "pourra être saisi.").replace("%1", ", ".join(unvoted)) if unvoted else self.tr(
            "Plus aucune présence ni aucun vote ne pourra être saisi.")
        if desk is not None and desk.approves_minutes_of is not None and desk.starts_at is not None:
            approved = self.tr("Le procès-verbal de la séance du %1 sera marqué « approuvé lors de la "
                               "séance du %2 ».")
            text += " " + approved.replace("%1", long_date(desk.approves_minutes_of)).replace(
                "%2", long_date(desk.starts_at.date()))
        return text

    @Slot()
    def _on_vote_saved(self) -> None:
        self._on_saved(None)

    @Slot(int)
    def _on_vote_moved(self, step: int) -> None:
        if self.desk is not None:
            self.item_index = min(max(self.item_index + step, 0), len(self.desk.items) - 1)
            self.vote.show_item(self.desk, self.item_index)


    @Slot()
    def _on_follow_ups_button_clicked(self) -> None:
        items = self.desk.items if self.desk is not None else ()
        focus = items[self.item_index].id if 0 <= self.item_index < len(items) else None
        self.follow_ups_dialog = FollowUpsDialog(self._runner, self._meeting_id, focus=focus, parent=self)
        self.follow_ups_dialog.open()
