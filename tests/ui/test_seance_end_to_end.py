"""One séance of the CA from start to finish, as a coordinator does it (issue 4), in the real main window on
the demo: real worker thread, QAction triggers, dialogs found on screen and filled through their widgets,
the « Oui » of every confirmation clicked in its QMessageBox; then the Documents page and the PDFs read back.

Create the séance, compose the agenda (a délibération with its project, an information point), reorder,
arrêt de l'ODJ (decision number {YYYY}-CA-NNN), convoke, convocation and dossier de séance; live: attendance
with a late arrival, a proxy, the quorum banner, a departure that breaks the quorum, votes point by point,
close; délibération, relevé de décisions, procès-verbal; approve the minutes; every PDF in the register with
its SHA-256, its decision number, its accents and « Page 1 / N »."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPushButton

from app.config import documents_dir
from app.domain.enums import AgendaItemKind, AttendanceStatus, BallotChoice, MeetingStatus
from app.formatting import long_date
from app.ui.dialogs.agenda_dialog import AgendaDialog
from app.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from app.ui.dialogs.live_meeting_dialog import LiveMeetingDialog
from app.ui.dialogs.meeting_dialog import ApproveMinutesDialog, EditMeetingDialog, NewMeetingDialog
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.main_window import MainWindow
from app.ui.pages.documents_page import DocumentsPage
from app.ui.pages.governance_page import GovernancePage
from tests.ui.driving import (
    WAIT_MS,
    Clock,
    answer_yes_when_asked,
    idle,
    modal,
    pdf_text,
    pick,
    trigger_confirmed,
)

DAY = date.today() + timedelta(days=30)  # the convocation is dated today and needs 20 clear days
DELIBERATION = "Validation de la fiche action « Mobilité solidaire » et de son plan de financement"
CHAIR = "Jean-Marc Delpeuch, vice-président du Département"
INFORMATION = "Point d'étape sur l'expérimentation « Territoire zéro chômeur » à Égletons"


@pytest.fixture
def window(qtbot: QtBot, demo_db: Path) -> Iterator[MainWindow]:
    window = MainWindow(demo_db, ask_profile=False)  # its own TaskRunner: a real worker thread
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(window.is_database_open, timeout=WAIT_MS)
    window.sync.stop()  # no share configured: no automatic sync round in the middle of the séance
    yield window
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def select_meeting(qtbot: QtBot, page: GovernancePage, meeting_id: uuid.UUID) -> None:
    rows = page.meetings
    qtbot.waitUntil(lambda: any(rows.model.row_at(r).id == meeting_id for r in range(rows.model.rowCount())),
                    timeout=WAIT_MS)
    for row in range(rows.proxy.rowCount()):
        if rows.model.row_at(rows.proxy.mapToSource(rows.proxy.index(row, 0)).row()).id == meeting_id:
            rows.table.selectRow(row)
            return
    raise AssertionError("séance introuvable dans la liste")


def refresh_and_select(qtbot: QtBot, window: MainWindow, page: GovernancePage, meeting_id: uuid.UUID,
                       status: MeetingStatus) -> None:
    idle(qtbot, window)
    select_meeting(qtbot, page, meeting_id)
    bar = page.actions_bar
    qtbot.waitUntil(lambda: bar.meeting is not None and bar.meeting.status is status, timeout=WAIT_MS)


# -- 1. the séance and its agenda ----------------------------------------------------------------------
def create_meeting(qtbot: QtBot, window: MainWindow, page: GovernancePage) -> AgendaDialog:
    page.actions_bar.new_action.trigger()
    dialog = modal(qtbot, NewMeetingDialog)
    dialog.body.setCurrentIndex(dialog.body.findText("CA", Qt.MatchFlag.MatchStartsWith))
    dialog.starts_at.setDateTime(QDateTime(QDate(DAY.year, DAY.month, DAY.day), QTime(14, 30)))
    dialog.place.setText("Salle de l'assemblée, Hôtel du Département")
    dialog.save_button.click()
    agenda = modal(qtbot, AgendaDialog)  # opens by itself on the new séance
    idle(qtbot, window)
    qtbot.waitUntil(lambda: agenda.desk is not None and bool(agenda.projects), timeout=WAIT_MS)
    return agenda


def add_point(qtbot: QtBot, window: MainWindow, agenda: AgendaDialog, kind: AgendaItemKind, title: str,
              *, project: str = "") -> None:
    agenda._buttons["add"].click()
    item = modal(qtbot, AgendaItemDialog)
    item.kind.setCurrentIndex(item.kind.findText(kind.label))
    item.title.setText(title)
    item.rapporteur.setText("Claire Fontanel, directrice du GIP")
    item.presentation.setPlainText("Le bureau a examiné le dossier ; la commission a rendu un avis "
                                   "favorable.")
    if project:
        qtbot.keyClicks(item.project_filter, project)
        shown = [r for r in range(item.projects.count()) if not item.projects.item(r).isHidden()]
        assert shown, f"aucun projet ne correspond à « {project} »"
        item.projects.item(shown[0]).setCheckState(Qt.CheckState.Checked)
    item.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: title in titles(agenda), timeout=WAIT_MS)


def titles(agenda: AgendaDialog) -> list[str]:
    return [item.title for item in agenda.desk.items] if agenda.desk else []


def compose_agenda(qtbot: QtBot, window: MainWindow, agenda: AgendaDialog) -> None:
    add_point(qtbot, window, agenda, AgendaItemKind.DELIBERATION, DELIBERATION, project="mobilit")
    add_point(qtbot, window, agenda, AgendaItemKind.INFORMATION, INFORMATION)
    assert titles(agenda)[-3:] == [DELIBERATION, INFORMATION, "Questions diverses"]
    agenda.points.setCurrentRow(titles(agenda).index(INFORMATION))
    agenda._buttons["up"].click()  # the information first, then the vote
    idle(qtbot, window)
    qtbot.waitUntil(lambda: titles(agenda)[-3:] == [INFORMATION, DELIBERATION, "Questions diverses"],
                    timeout=WAIT_MS)
    assert agenda.desk is not None
    point = next(i for i in agenda.desk.items if i.title == DELIBERATION)
    assert len(point.project_ids) == 1


def name_chair_and_secretary(qtbot: QtBot, window: MainWindow, page: GovernancePage,
                             meeting_id: uuid.UUID) -> None:
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.PREPARING)
    page.actions_bar.edit_action.trigger()
    dialog = modal(qtbot, EditMeetingDialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    assert dialog.chair_name.text() == "Jean-Marc Delpeuch"  # the previous séance's chair, by default
    dialog.chair_name.setText(CHAIR)
    dialog.secretary_name.setText("Julien Farges")
    dialog.save_button.click()
    idle(qtbot, window)
    assert not dialog.isVisible(), dialog.message.text()


# -- 2. arrêt de l'ODJ, convocation, documents -----------------------------------------------------------
def freeze_and_convene(qtbot: QtBot, window: MainWindow, page: GovernancePage, meeting_id: uuid.UUID) -> str:
    bar = page.actions_bar
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.PREPARING)
    question = trigger_confirmed(qtbot, window, bar.freeze_action)
    assert "reçoit son numéro de décision" in question
    numbers = re.findall(rf"{DAY.year}-CA-\d{{3}}", bar.notice.text())
    assert len(numbers) == 1, bar.notice.text()
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.AGENDA_FROZEN)
    assert bar.convene_action.isEnabled() and not bar.freeze_action.isEnabled()
    trigger_confirmed(qtbot, window, bar.convene_action)
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.CONVENED)
    assert numbers[0] in page.meetings.detail.toPlainText()
    return numbers[0]


def generate(qtbot: QtBot, window: MainWindow, page: GovernancePage, kind: str) -> Any:
    """« Générer… » › the document: rendered and registered in the worker, then previewed."""
    bar = page.actions_bar
    before = bar.issuer.last
    action = next(a for a in bar.generate_menu.actions() if a.data() == kind)
    assert action.isEnabled(), f"« {action.text()} » est grisé"
    action.trigger()
    preview = modal(qtbot, PdfPreviewDialog)
    qtbot.waitUntil(lambda: bar.issuer.last is not before, timeout=WAIT_MS)
    issued = bar.issuer.last
    assert issued is not None and preview.path == issued.path and preview.page_count() >= 1
    preview.close()
    idle(qtbot, window)
    return issued


# -- 3. the séance, live ----------------------------------------------------------------------------------
def reloaded(qtbot: QtBot, window: MainWindow, dialog: LiveMeetingDialog) -> None:
    idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.desk is not None and dialog.desk.moment == dialog._clock(),
                    timeout=WAIT_MS)


def seat_id(dialog: LiveMeetingDialog, organisation: str) -> uuid.UUID:
    return next(s.seat_id for s in dialog.attendance.seats if s.organisation == organisation)


def now_button(dialog: LiveMeetingDialog, organisation: str) -> QPushButton:
    panel = dialog.attendance
    button = panel.table.cellWidget(panel.row_of(seat_id(dialog, organisation)), 7)
    assert isinstance(button, QPushButton)
    return button


def record_attendance(qtbot: QtBot, window: MainWindow, dialog: LiveMeetingDialog, clock: Clock) -> None:
    """14 h 30: État and Département present, France Travail excused with a proxy to the Département,
    MSA (no vote) absent; the CAF is not there yet."""
    panel = dialog.attendance
    present, excused, absent = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT
    for organisation, status in (("État", present), ("Département", present), ("France Travail", excused),
                                 ("MSA", absent)):
        panel.set_status(seat_id(dialog, organisation), status)  # its row's « Présence » list
        reloaded(qtbot, window, dialog)
    pick(panel.grantor, seat_id(dialog, "France Travail"))
    pick(panel.holder, seat_id(dialog, "Département"))
    panel.add_proxy.click()
    reloaded(qtbot, window, dialog)
    assert "France Travail → Département" in panel.proxies.text(), dialog.message.text()
    clock.at(14, 35)
    asked: list[str] = []
    answer_yes_when_asked(qtbot, asked)
    dialog.open_button.click()  # its time goes into the PV: asked first
    assert asked and asked[0].startswith("Ouvrir la séance à 14 h 35 ?"), asked
    reloaded(qtbot, window, dialog)
    assert dialog.desk is not None and dialog.desk.status is MeetingStatus.HELD, dialog.message.text()


def quorum_text(dialog: LiveMeetingDialog) -> str:
    return dialog.quorum.detail.text().replace("\u00a0", " ")


def go_to(qtbot: QtBot, dialog: LiveMeetingDialog, title: str) -> None:
    vote = dialog.vote
    while vote.item is not None and vote.item.title != title and vote.previous_button.isEnabled():
        vote.previous_button.click()
    while vote.item is not None and vote.item.title != title and vote.next_button.isEnabled():
        vote.next_button.click()
    assert vote.item is not None and vote.item.title == title


def vote(qtbot: QtBot, window: MainWindow, dialog: LiveMeetingDialog, title: str,
         choices: dict[str, BallotChoice]) -> str:
    """Ballot by ballot (the CA's votes are weighted), the result previewed, then « Enregistrer le vote »."""
    go_to(qtbot, dialog, title)
    panel = dialog.vote
    assert panel.voting_open() and panel.entry.currentIndex() == 1  # nominative ballots
    for row, seat in enumerate(panel.voters):
        combo = panel.ballots.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findText(choices.get(seat.organisation, BallotChoice.FOR).label))
    idle(qtbot, window)
    qtbot.waitUntil(panel.save_button.isEnabled, timeout=WAIT_MS)
    result = panel.result.text()
    panel.save_button.click()
    reloaded(qtbot, window, dialog)
    assert dialog.desk is not None
    assert next(i for i in dialog.desk.items if i.title == title).vote_text, dialog.message.text()
    return result


def hold_meeting(qtbot: QtBot, window: MainWindow, page: GovernancePage, meeting_id: uuid.UUID) -> None:
    """Séance en direct from the opening to the close (« maintenant » is the test's clock)."""
    assert page.actions_bar.live_action.isEnabled()
    clock = Clock(datetime.combine(DAY, time(14, 30)))
    dialog = page.actions_bar.open_live(meeting_id, clock=clock)
    reloaded(qtbot, window, dialog)
    record_attendance(qtbot, window, dialog, clock)
    clock.at(14, 40)
    dialog.reload()
    reloaded(qtbot, window, dialog)
    assert dialog.quorum.reached is True and dialog.quorum.verdict.text() == "Quorum atteint"
    assert "3 membres sur 4 présents ou représentés (2 présents, 1 représenté)" in quorum_text(dialog)
    assert "80 % des droits statutaires" in quorum_text(dialog)
    clock.at(14, 50)
    panel = dialog.attendance
    people = panel.table.cellWidget(panel.row_of(seat_id(dialog, "CAF")), 1)
    assert isinstance(people, QComboBox) and people.currentText() == "Sophie Haddad"
    people.setCurrentIndex(people.findText("Léa Dumas (suppléant)"))  # the suppléante sits for the CAF
    people.activated.emit(people.currentIndex())
    now_button(dialog, "CAF").click()  # arrives late
    reloaded(qtbot, window, dialog)
    assert "100 % des droits statutaires" in quorum_text(dialog)
    assert panel.table.item(panel.row_of(seat_id(dialog, "CAF")), 5).text() == "14 h 50"
    vote_leave_and_close(qtbot, window, dialog, clock)


def vote_leave_and_close(qtbot: QtBot, window: MainWindow, dialog: LiveMeetingDialog, clock: Clock) -> None:
    assert dialog.desk is not None
    minutes = next(i.title for i in dialog.desk.items if i.kind is AgendaItemKind.MINUTES)
    clock.at(14, 55)
    assert "Adopté à l'unanimité" in vote(qtbot, window, dialog, minutes, {})
    clock.at(15, 5)
    result = vote(qtbot, window, dialog, DELIBERATION, {"CAF": BallotChoice.ABSTAIN})
    assert "Adopté" in result, result
    clock.at(15, 20)
    now_button(dialog, "Département").click()  # leaves: its proxy goes with it
    reloaded(qtbot, window, dialog)
    assert dialog.quorum.reached is False and dialog.quorum.verdict.text() == "Quorum non atteint"
    assert "50 % des droits statutaires" in quorum_text(dialog)
    panel = dialog.attendance
    assert panel.table.item(panel.row_of(seat_id(dialog, "Département")), 6).text() == "15 h 20"
    clock.at(15, 30)
    asked: list[str] = []
    answer_yes_when_asked(qtbot, asked)
    dialog.close_button.click()  # final: asked first
    assert asked and asked[0].startswith("Clore la séance à 15 h 30 ?"), asked
    reloaded(qtbot, window, dialog)
    assert dialog.desk is not None and dialog.desk.status is MeetingStatus.CLOSED, dialog.message.text()
    dialog.close()


# -- 4. after the séance -------------------------------------------------------------------------------
def generate_deliberation(qtbot: QtBot, window: MainWindow, page: GovernancePage, number: str) -> Any:
    page.tabs.setCurrentIndex(1)  # « Décisions »
    rows = page.decisions
    qtbot.waitUntil(lambda: any(rows.model.row_at(r).number == number for r in range(rows.model.rowCount())),
                    timeout=WAIT_MS)
    row = next(r for r in range(rows.proxy.rowCount())
               if rows.model.row_at(rows.proxy.mapToSource(rows.proxy.index(r, 0)).row()).number == number)
    rows.table.selectRow(row)
    assert page.actions_bar.deliberation_action.text() == f"Délibération n° {number} (onglet Décisions)"
    issued = generate(qtbot, window, page, "deliberation")
    page.tabs.setCurrentIndex(0)
    return issued


def approve_minutes(qtbot: QtBot, window: MainWindow, page: GovernancePage, meeting_id: uuid.UUID) -> None:
    page.actions_bar.approve_action.trigger()
    dialog = modal(qtbot, ApproveMinutesDialog)
    approved = DAY + timedelta(days=42)  # at the next séance
    dialog.approved_on.setDate(QDate(approved.year, approved.month, approved.day))
    dialog.save_button.click()
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.MINUTES_APPROVED)
    assert not dialog.isVisible(), dialog.message.text()


# -- 5. the register and the PDFs ------------------------------------------------------------------------
def check_register(qtbot: QtBot, window: MainWindow, issued: dict[str, Any]) -> dict[str, Path]:
    window.show_page("documents")
    page = window.page("documents")
    assert isinstance(page, DocumentsPage)
    idle(qtbot, window)
    ids = {doc.info.id: kind for kind, doc in issued.items()}
    qtbot.waitUntil(lambda: len(ids.keys() & {page.model.row_at(r).id for r in range(page.model.rowCount())})
                    == len(ids), timeout=WAIT_MS)
    folder = documents_dir(window.db_path)
    paths = {}
    for row in range(page.model.rowCount()):
        entry = page.model.row_at(row)
        if entry.id not in ids:
            continue
        path = folder / entry.file_name
        assert entry.file_state.label == "Fichier conforme"
        registered = issued[ids[entry.id]].info.sha256
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256 == registered
        assert page.model.index(row, 8).data(Qt.ItemDataRole.ToolTipRole) == entry.sha256
        paths[ids[entry.id]] = path
    return paths


def test_a_seance_from_creation_to_approved_minutes(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("governance")
    page = window.page("governance")
    assert isinstance(page, GovernancePage)
    idle(qtbot, window)
    agenda = create_meeting(qtbot, window, page)
    compose_agenda(qtbot, window, agenda)
    assert agenda.desk is not None
    meeting_id = agenda.desk.id
    agenda.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    name_chair_and_secretary(qtbot, window, page, meeting_id)
    number = freeze_and_convene(qtbot, window, page, meeting_id)
    issued = {kind: generate(qtbot, window, page, kind) for kind in ("convocation", "dossier-seance")}
    hold_meeting(qtbot, window, page, meeting_id)
    refresh_and_select(qtbot, window, page, meeting_id, MeetingStatus.CLOSED)
    issued["deliberation"] = generate_deliberation(qtbot, window, page, number)
    for kind in ("releve-decisions", "proces-verbal"):
        issued[kind] = generate(qtbot, window, page, kind)
    approve_minutes(qtbot, window, page, meeting_id)
    draft = issued["proces-verbal"]
    issued["proces-verbal"] = generate(qtbot, window, page, "proces-verbal")  # now with its approval
    again = issued["proces-verbal"].info  # a draft never sent is rewritten in place, with its new hash
    assert again.id == draft.info.id and again.sha256 != draft.info.sha256

    check_pdfs(check_register(qtbot, window, issued), number)


def check_pdfs(paths: dict[str, Path], number: str) -> None:
    expected = {"convocation": "Convocation", "dossier-seance": "Dossier de séance",
                "deliberation": "après en avoir délibéré", "releve-decisions": "Relevé de décisions",
                "proces-verbal": "Procès-verbal"}
    for kind, words in expected.items():
        text, pages = pdf_text(paths[kind])
        assert words in text, (kind, text[:400])
        assert number in text, kind
        assert f"Page 1 / {pages}" in text, kind
        assert "séance" in text and "Conseil d'administration" in text, kind
    minutes, _pages = pdf_text(paths["proces-verbal"])
    approved = DAY + timedelta(days=42)
    assert f"approuvé lors de la séance du {long_date(approved)}" in minutes, minutes[-800:]
    for mention in ("CAF Léa Dumas 20 % arrivée à 14 h 50", "Jean-Marc Delpeuch 40 % départ à 15 h 20",
                    "France Travail — 10 % pouvoir à Département, jusqu'à 15 h 20",
                    "Secrétaire de séance Julien Farges",
                    "À 15 h 20, départ de Jean-Marc Delpeuch (Département), qui détenait un pouvoir (France "
                    "Travail), devenu caduc ; le quorum n'est plus atteint (50 % des droits statutaires "
                    "présents ou représentés, quorum fixé aux deux tiers)."):
        assert mention in minutes, mention
    deliberation, _pages = pdf_text(paths["deliberation"])
    assert "Délibération n° " + number in deliberation and "(1 abstention)" in deliberation
