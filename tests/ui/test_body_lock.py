"""« Modifier l'instance… » while a séance of the body is open (issue 4): the dialog says so on opening and
freezes rules and seats, representatives stay editable; long e-mails show in full in a tooltip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtWidgets import QComboBox

from app import db
from app.domain.enums import MeetingStatus
from app.models.meeting import Meeting
from app.services.meeting_operations import open_meeting
from app.ui.pages.governance_page import GovernancePage
from app.ui.tasks import TaskRunner
from tests.ui.test_governance_editing import open_body

LONG_EMAIL = "marie-christine.de-la-fontaine-beaulieu@direction-solidarites.haute-maille.example.fr"


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> GovernancePage:
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_open_meeting_freezes_rules_and_seats_but_not_people(page: GovernancePage, qtbot: QtBot) -> None:
    dialog = open_body(page, qtbot, "COPIL")  # its séance n° 2 of 22 September 2026 is still open

    assert dialog.lock_note.isVisible()
    assert dialog.lock_note.text().startswith("La séance n° 2 du mardi 22 septembre 2026 est ouverte")
    assert dialog.tabs.currentWidget() is dialog.seats
    assert not dialog.tabs.widget(0).isEnabled() and not dialog.max_proxies.isEnabled()
    assert not dialog.tabs.widget(1).isEnabled()
    editor = dialog.seats
    assert not editor.table.cellWidget(0, 0).isEnabled() and not editor.table.cellWidget(0, 1).isEnabled()
    assert not editor.buttons["add"].isEnabled() and not editor.buttons["remove"].isEnabled()
    assert editor.buttons["add_person"].isEnabled()

    editor.add_person()
    row = editor.people.rowCount() - 1
    editor.people.item(row, 0).setText("Marie-Christine de La Fontaine")
    editor.people.item(row, 3).setText(LONG_EMAIL)
    assert editor.people.item(row, 3).toolTip() == LONG_EMAIL
    dialog.save_button.click()

    assert not dialog.isVisible(), dialog.message.text()
    assert "Marie-Christine de La Fontaine" in page.bodies.detail.toPlainText()


def test_loaded_emails_have_their_tooltip(page: GovernancePage, qtbot: QtBot) -> None:
    dialog = open_body(page, qtbot, "CA")
    people = dialog.seats.people
    emails = [people.item(row, 3) for row in range(people.rowCount())]
    assert emails and all(item.toolTip() == item.text() for item in emails)
    assert not dialog.lock_note.isVisible() and dialog.tabs.widget(0).isEnabled()


def test_a_meeting_opened_meanwhile_is_named_in_the_refusal(page: GovernancePage, qtbot: QtBot) -> None:
    dialog = open_body(page, qtbot, "CA")  # not locked: the CA has no open séance yet
    with db.unit_of_work() as session:  # … but another window opens the convened one
        meeting = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CONVENED)).one()
        open_meeting(session, meeting.id, at=datetime(2026, 12, 10, 14, 35))
    combo = dialog.majorities.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("Unanimité"))

    dialog.save_button.click()

    assert dialog.isVisible()
    assert "La séance n° 4 du jeudi 10 décembre 2026 de l'instance CA est ouverte" in dialog.message.text()
