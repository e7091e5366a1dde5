"""« Nouvelle séance… » (organe, date et heure, lieu, visioconférence, urgence) and « Modifier la
séance… » (présidence, secrétariat, invités, lieu, visioconférence, urgence, seconde convocation, and the
opening and closing times noted in séance, corrected here until the minutes are approved), issue 4.
Both keep what is typed against a crash (DraftKeeper), as the other editing forms."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.field_labels import field_label
from app.domain.governance import MeetingDetail, MeetingSummary
from app.domain.meeting_desk import Choice
from app.domain.progress import Progress
from app.formatting import date_time, typed_time
from app.services.governance import get_meeting
from app.services.meeting_operations import (
    MEETING_FIELD_RULES,
    approve_minutes,
    create_meeting,
    update_meeting,
)
from app.ui.dialogs.saving_dialog import SavingDialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.i18n import FRENCH
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.form_fields import show_value
from app.ui.widgets.received_notice import Taken, take_into


@dataclass(frozen=True)
class NewMeeting:
    body_id: uuid.UUID
    starts_at: datetime
    place: str
    video_link: str
    urgent: bool


class NewMeetingDialog(SavingDialog):
    """« Nouvelle séance… »: creates it through the runner and closes only once it exists (`saved`: its
    id); a refusal is shown above the buttons, the form as typed."""

    def __init__(self, runner: TaskRunner, bodies: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(self.tr("Nouvelle séance"))
        self.setMinimumWidth(520)
        self.body = QComboBox(self)
        for choice in bodies:
            self.body.addItem(choice.label, choice.id)
        start = QDateTime(QDateTime.currentDateTime().date().addDays(30), QTime(14, 30))
        self.starts_at = QDateTimeEdit(start, self)
        self.starts_at.setCalendarPopup(True)
        self.starts_at.setLocale(FRENCH)
        self.starts_at.setDisplayFormat("dddd d MMMM yyyy 'à' HH 'h' mm")
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(self.tr("Salle du conseil, siège du GIP"))
        self.video_link = QLineEdit(self)
        self.video_link.setPlaceholderText(self.tr("https://… (facultatif)"))
        self.urgent = QCheckBox(self.tr("Séance convoquée en urgence (délai de convocation réduit)"), self)
        hint = QLabel(self.tr("La séance est créée « en préparation » avec les points d'ouverture habituels "
                              "et « Questions diverses » en dernier."), self)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        form = QFormLayout()
        form.addRow(self.tr("Organe"), self.body)
        form.addRow(self.tr("Date et heure"), self.starts_at)
        form.addRow(self.tr("Lieu"), self.place)
        form.addRow(self.tr("Visioconférence"), self.video_link)
        form.addRow("", self.urgent)
        self.save_button.setText(self.tr("Créer la séance"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._opened_with = self.values()
        if not bodies:
            self.show_refusal(self.tr("Aucune instance n'est déclarée : déclarez d'abord la vôtre dans "
                                      "l'onglet Organes (« Nouvelle instance… »)."))
        self.loaded = True
        self.save_button.setEnabled(bool(bodies))
        self.drafts = DraftKeeper(self, "seance-nouvelle", self._draft_state)
        self.drafts.take_back_when_shown(self.tr("cette nouvelle séance"), self._show)

    def _draft_state(self) -> tuple[Any, Any] | None:
        return (asdict(self._opened_with), asdict(self.values())) if self.is_modified() else None

    def _show(self, values: Mapping[str, Any]) -> None:
        widgets = {"body_id": self.body, "starts_at": self.starts_at, "place": self.place,
                   "video_link": self.video_link, "urgent": self.urgent}
        for name, value in values.items():
            show_value(widgets[name], value)

    @override
    def is_modified(self) -> bool:
        return self.values() != self._opened_with

    @override
    def save_job(self) -> Callable[[Progress], uuid.UUID]:
        v = self.values()
        return job(create_meeting, v.body_id, starts_at=v.starts_at, place=v.place, video_link=v.video_link,
                   urgent=v.urgent)

    def values(self) -> NewMeeting:
        moment = self.starts_at.dateTime().toPython()
        assert isinstance(moment, datetime)
        return NewMeeting(self.body.currentData(), moment.replace(second=0, microsecond=0) + timedelta(0),
                          self.place.text().strip(), self.video_link.text().strip(), self.urgent.isChecked())


class EditMeetingDialog(SavingDialog):
    """A séance's « Modifier… »: the fields the séance's status still allows; the others are greyed, with
    the reason written under the form."""

    watch_received = True

    def __init__(self, runner: TaskRunner, meeting_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._meeting_id = meeting_id
        self._base: dict[str, str | bool] = {}
        self.setWindowTitle(self.tr("Modifier la séance"))
        self.setMinimumWidth(680)
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.heading.setWordWrap(True)
        self.chair_name = QLineEdit(self)
        self.chair_name.setPlaceholderText(self.tr("Ex. : Jean-Marc Delpeuch, président du GIP"))
        self.secretary_name = QLineEdit(self)
        self.secretary_name.setPlaceholderText(self.tr("Désigné(e) en début de séance"))
        self.guests = QPlainTextEdit(self)
        self.guests.setPlaceholderText(self.tr("Un invité par ligne, ex. :\nMme Martin, commissaire du "
                                               "Gouvernement\nM. Roux, contrôleur budgétaire"))
        self.guests.setTabChangesFocus(True)
        self.guests.setMaximumHeight(110)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(self.tr("Salle du conseil, siège du GIP"))
        self.video_link = QLineEdit(self)
        self.video_link.setPlaceholderText(self.tr("https://… (facultatif)"))
        self.urgent = QCheckBox(self.tr("Séance convoquée en urgence (délai de convocation réduit)"), self)
        self.second_convocation = QCheckBox(self.tr("Seconde convocation (faute de quorum à la première)"),
                                            self)
        self.opened_at, self.closed_at = QLineEdit(self), QLineEdit(self)
        for edit in (self.opened_at, self.closed_at):
            edit.setPlaceholderText(self.tr("hh:mm, ex. 14:35"))
            edit.setMaxLength(8)
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("hh:mm, ex. 14:35") + 24)
        self.frozen_note = QLabel(self)
        self.frozen_note.setWordWrap(True)
        self.frozen_note.setObjectName("hint")
        self.form_conflicts = FormConflicts(self, runner, "meeting", meeting_id, self._widgets())
        self._build_layout()
        self.form_conflicts.reload()
        self.drafts = DraftKeeper(self, f"seance-{meeting_id}", self._draft_state)
        self._draft_offered = False
        self.load(job(get_meeting, meeting_id), self._on_meeting_loaded)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Présidence"), self.chair_name)
        form.addRow(self.tr("Secrétaire de séance"), self.secretary_name)
        form.addRow(self.tr("Invités"), self.guests)
        form.addRow(self.tr("Lieu"), self.place)
        form.addRow(self.tr("Visioconférence"), self.video_link)
        form.addRow("", self.urgent)
        form.addRow("", self.second_convocation)
        form.addRow(self.tr("Ouverture"), self.opened_at)
        form.addRow(self.tr("Clôture"), self.closed_at)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form_conflicts.badge)
        layout.addLayout(form)
        layout.addWidget(self.frozen_note)
        layout.addWidget(self.received)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _widgets(self) -> dict[str, QWidget]:
        return {"chair_name": self.chair_name, "secretary_name": self.secretary_name, "guests": self.guests,
                "place": self.place, "video_link": self.video_link, "urgent": self.urgent,
                "second_convocation": self.second_convocation, "opened_at": self.opened_at,
                "closed_at": self.closed_at}

    def _on_meeting_loaded(self, detail: MeetingDetail) -> None:
        self._show_status(detail)
        self._fill(_stored(detail))
        self._base = self._texts()  # what a save leaves alone unless the user changed it
        if not self._draft_offered:
            self._take_draft()

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _take_draft(self) -> None:
        """The fields typed and left unsaved when Maillage stopped, over the séance as it is now stored:
        a field the user did not change keeps what was saved meanwhile."""
        self._draft_offered = True
        self.drafts.take_back(self.tr("cette séance"), self._fill)

    def _draft_state(self) -> tuple[Any, Any] | None:
        return (self._base, self._texts()) if self.is_modified() else None

    def _show_status(self, detail: MeetingDetail) -> None:
        """The heading, and the fields the séance's status still allows (the others greyed, with why)."""
        meeting = detail.summary
        self.heading.setText(f"<b>{meeting.body_name} – {meeting.number_label}</b> · {meeting.status.label}")
        reasons = []
        for name, widget in self._widgets().items():
            statuses, why = MEETING_FIELD_RULES[name]
            widget.setEnabled(meeting.status in statuses)
            if meeting.status not in statuses and why not in reasons:
                reasons.append(why)
        everything = self.tr("Tous les champs sont modifiables tant que la séance n'est pas convoquée.")
        frozen = self.tr("Séance « %1 » : ").replace("%1", meeting.status.label) + " ; ".join(reasons) + "."
        self.frozen_note.setText(frozen if reasons else everything)

    def _fill(self, values: Mapping[str, str | bool]) -> None:
        """Show these fields' values (by attribute, as _texts gives them)."""
        widgets = self._widgets()
        for name, value in values.items():
            widget = widgets[name]
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))

    def _texts(self) -> dict[str, str | bool]:
        return {"chair_name": self.chair_name.text(), "secretary_name": self.secretary_name.text(),
                "guests": self.guests.toPlainText(), "place": self.place.text(),
                "video_link": self.video_link.text(), "urgent": self.urgent.isChecked(),
                "second_convocation": self.second_convocation.isChecked(), "opened_at": self.opened_at.text(),
                "closed_at": self.closed_at.text()}

    def values(self) -> dict[str, str | bool]:
        """The enabled fields only: a frozen one is never sent back."""
        widgets = self._widgets()
        return {name: value for name, value in self._texts().items() if widgets[name].isEnabled()}

    def save_job(self) -> Callable[[Progress], None]:
        return job(update_meeting, self._meeting_id, base=self._base, **self.values())

    @override
    def rebase_on(self, theirs: dict[str, Any]) -> None:
        self._base = {**self._base, **theirs}

    @override
    def is_modified(self) -> bool:
        return self._texts() != self._base

    @override
    def take_received(self, fresh: Any) -> Taken | None:
        detail: MeetingDetail = fresh
        self._show_status(detail)
        self._base, taken = take_into(self._base, self._texts(), _stored(detail), self._fill,
                                      lambda name: field_label("meeting", name))
        return taken


def _stored(detail: MeetingDetail) -> dict[str, str | bool]:
    """A séance's editable fields as its form shows them (by attribute, as EditMeetingDialog._texts)."""
    return {"chair_name": detail.chair, "secretary_name": detail.secretary,
            "guests": "\n".join(detail.guests), "place": detail.summary.place,
            "video_link": detail.video_link, "urgent": detail.urgent,
            "second_convocation": detail.second_convocation, "opened_at": typed_time(detail.opened_at),
            "closed_at": typed_time(detail.closed_at)}


class ApproveMinutesDialog(SavingDialog):
    """« Approuver le procès-verbal… »: the date of the séance that approved it (proposed: `approved_on`,
    else today)."""

    def __init__(self, runner: TaskRunner, meeting: MeetingSummary, parent: QWidget | None = None, *,
                 approved_on: date | None = None) -> None:
        super().__init__(runner, parent)
        self._meeting_id = meeting.id
        self.setWindowTitle(self.tr("Approuver le procès-verbal"))
        self.setMinimumWidth(520)
        self.save_button.setText(self.tr("Approuver"))
        self.approved_on = QDateEdit(QDate(approved_on) if approved_on else QDate.currentDate(), self)
        self.approved_on.setCalendarPopup(True)
        self.approved_on.setLocale(FRENCH)
        self.approved_on.setDisplayFormat("dddd d MMMM yyyy")
        intro = QLabel(self.tr("Procès-verbal de la %1 – %2 (%3).\n\nIndiquez la date de la séance qui "
                               "l'a approuvé : elle sera imprimée « approuvé lors de la séance du … » et la "
                               "séance passera au statut « PV approuvé ». Présidence, secrétariat et invités "
                               "ne seront plus modifiables.")
                       .replace("%1", meeting.number_label.lower()).replace("%2", meeting.body_name)
                       .replace("%3", date_time(meeting.starts_at)), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Approuvé le"), self.approved_on)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.loaded = True
        self.save_button.setEnabled(True)

    def is_modified(self) -> bool:
        """Only a date to pick: « Annuler » leaves without a question."""
        return False

    def save_job(self) -> Callable[[Progress], None]:
        day = self.approved_on.date().toPython()
        assert isinstance(day, date)
        return job(approve_minutes, self._meeting_id, on=day)
