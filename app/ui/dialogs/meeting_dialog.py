"""« Nouvelle séance… »: organe, date et heure, lieu, lien de visioconférence, urgence (issue 4)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.meeting_desk import Choice
from app.ui.i18n import FRENCH


@dataclass(frozen=True)
class NewMeeting:
    body_id: uuid.UUID
    starts_at: datetime
    place: str
    video_link: str
    urgent: bool


class NewMeetingDialog(QDialog):
    """Collects what `create_meeting` needs; the page runs it in the worker."""

    def __init__(self, bodies: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Créer la séance"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def values(self) -> NewMeeting:
        moment = self.starts_at.dateTime().toPython()
        assert isinstance(moment, datetime)
        return NewMeeting(self.body.currentData(), moment.replace(second=0, microsecond=0) + timedelta(0),
                          self.place.text().strip(), self.video_link.text().strip(), self.urgent.isChecked())
