"""Instances editing, issue 4 leftovers: « Modifier la séance… », « Approuver le PV… », the invitation in
« Générer… » (real widgets, real demo database, synchronous worker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate

from app import db
from app.domain.enums import MeetingStatus
from app.services.governance import get_meeting
from app.ui.dialogs import confirm
from app.ui.dialogs.meeting_dialog import ApproveMinutesDialog, EditMeetingDialog
from app.ui.pages.governance_page import GovernancePage
from app.ui.tasks import TaskRunner
from tests.ui.test_meeting_editing import select_meeting


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> GovernancePage:
    monkeypatch.setattr(confirm, "ask", lambda *_args: True)
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def open_edit(page: GovernancePage, status: MeetingStatus) -> EditMeetingDialog:
    select_meeting(page, status=status)
    assert page.actions_bar.edit_action.isEnabled()
    page.actions_bar.edit_action.trigger()
    dialog = page.actions_bar.dialog
    assert isinstance(dialog, EditMeetingDialog) and dialog.loaded
    return dialog


def test_edit_a_convened_meeting_secretary_and_guests(page: GovernancePage) -> None:
    dialog = open_edit(page, MeetingStatus.CONVENED)
    assert dialog.chair_name.text() == "Jean-Marc Delpeuch"
    assert not dialog.urgent.isEnabled() and not dialog.second_convocation.isEnabled()
    assert dialog.place.isEnabled() and dialog.guests.isEnabled()
    assert "se décident avant de convoquer" in dialog.frozen_note.text()

    dialog.secretary_name.setText("Sophie Haddad")
    dialog.guests.setPlainText("Claire Fontanel, directrice du GIP\n\n  Mme Roux, commissaire du "
                               "Gouvernement ")
    dialog.place.setText("Hôtel du Département, salle Corrèze")
    dialog.save_button.click()

    assert dialog.result() == dialog.DialogCode.Accepted
    assert page.actions_bar.notice.text() == "Séance modifiée."
    text = page.meetings.detail.toPlainText()
    assert "Sophie Haddad" in text and "Mme Roux, commissaire du Gouvernement" in text
    assert "salle Corrèze" in text


def test_a_refused_link_keeps_the_dialog_open_with_the_reason(page: GovernancePage) -> None:
    dialog = open_edit(page, MeetingStatus.PREPARING)
    assert dialog.urgent.isEnabled() and dialog.second_convocation.isEnabled()
    dialog.video_link.setText("visio.example.org/ca")
    dialog.urgent.setChecked(True)
    dialog.save_button.click()

    assert dialog.isVisible() and "doit commencer par « https:// »" in dialog.message.text()
    dialog.video_link.setText("https://visio.example.org/ca")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert page.actions_bar.meeting is not None
    with db.SessionFactory() as session:
        detail = get_meeting(session, page.actions_bar.meeting.id)
    assert detail.urgent and detail.video_link == "https://visio.example.org/ca"


def test_a_held_meeting_keeps_its_place(page: GovernancePage) -> None:
    dialog = open_edit(page, MeetingStatus.CLOSED)
    assert not dialog.place.isEnabled() and not dialog.video_link.isEnabled()
    assert dialog.secretary_name.isEnabled()
    assert "ne changent plus une fois la séance tenue" in dialog.frozen_note.text()
    assert "place" not in dialog.values()


def test_approve_the_minutes_of_a_closed_meeting(page: GovernancePage) -> None:
    bar = page.actions_bar
    select_meeting(page, status=MeetingStatus.HELD)
    assert not bar.approve_action.isEnabled()
    select_meeting(page, status=MeetingStatus.CLOSED)  # CA n° 3 of 8 October 2026
    assert bar.approve_action.isEnabled()
    bar.approve_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, ApproveMinutesDialog)

    dialog.approved_on.setDate(QDate(2026, 10, 1))
    dialog.save_button.click()
    assert dialog.isVisible() and "avant la séance qu'il relate" in dialog.message.text()

    dialog.approved_on.setDate(QDate(2026, 12, 10))
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert "PV approuvé" in bar.notice.text()
    assert bar.meeting is not None and bar.meeting.status is MeetingStatus.MINUTES_APPROVED
    assert not bar.approve_action.isEnabled()
    assert "jeudi 10 décembre 2026" in page.meetings.detail.toPlainText()


def test_the_invitation_is_in_the_generate_menu(page: GovernancePage,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bar = page.actions_bar
    action = next(a for a in bar.generate_menu.actions() if a.data() == "invitation")
    assert action.text() == "Invitation (invités sans voix délibérative)"
    select_meeting(page, status=MeetingStatus.PREPARING)
    assert not action.isEnabled()
    select_meeting(page, status=MeetingStatus.CONVENED)
    assert action.isEnabled()
    monkeypatch.setattr(bar.issuer, "show_preview", lambda issued: None)  # no PDF viewer offscreen

    action.trigger()

    issued = bar.issuer.last
    assert issued is not None and issued.info.subject_type == "meeting-invitation"
    assert issued.info.reference.startswith("Invitation · CA 2026-04") and issued.path.is_file()
