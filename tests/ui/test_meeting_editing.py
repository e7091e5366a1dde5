"""Instances editing (issue 4): a new séance and its agenda through the UI, the arrêt de l'ODJ with its
decision numbers, and the live mode's quorum indicator and vote result."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QComboBox, QMessageBox

from app import db
from app.domain.enums import AgendaItemKind, AgendaItemStatus, AttendanceStatus, BallotChoice, MeetingStatus
from app.domain.ids import new_id
from app.models.body import Body
from app.models.meeting import AgendaItem
from app.services.meeting_operations import freeze_agenda
from app.ui.dialogs import confirm
from app.ui.dialogs.agenda_dialog import AgendaDialog
from app.ui.dialogs.live_meeting_dialog import LiveMeetingDialog
from app.ui.dialogs.meeting_dialog import NewMeetingDialog
from app.ui.pages.governance_page import GovernancePage
from app.ui.tasks import TaskRunner
from app.ui.widgets.vote_panel import VotePanel


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> GovernancePage:
    monkeypatch.setattr(confirm, "ask", lambda *_args: True)
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def select_meeting(page: GovernancePage, *, status: MeetingStatus | None = None,
                   meeting_id: uuid.UUID | None = None) -> None:
    rows = page.meetings
    for row in range(rows.proxy.rowCount()):
        summary = rows.model.row_at(rows.proxy.mapToSource(rows.proxy.index(row, 0)).row())
        if summary.id == meeting_id or (meeting_id is None and summary.status is status):
            rows.table.selectRow(row)
            return
    raise AssertionError("séance introuvable")


def titles(dialog: AgendaDialog) -> list[str]:
    assert dialog.desk is not None
    return [item.title for item in dialog.desk.items]


def create_meeting_through_dialog(page: GovernancePage) -> AgendaDialog:
    bar = page.actions_bar
    bar.new_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, NewMeetingDialog)
    dialog.body.setCurrentIndex(next(i for i in range(dialog.body.count())
                                     if dialog.body.itemText(i).startswith("CA ")))
    dialog.starts_at.setDateTime(QDateTime(QDate(2027, 3, 11), QTime(14, 30)))
    dialog.place.setText("Salle du conseil")
    dialog.buttons.accepted.emit()
    agenda = bar.dialog
    assert isinstance(agenda, AgendaDialog)
    return agenda


def add_point(agenda: AgendaDialog, title: str, *, link_first_project: bool = False) -> None:
    agenda._buttons["add"].click()
    item_dialog = agenda.item_dialog
    assert item_dialog is not None
    item_dialog.kind.setCurrentIndex(item_dialog.kind.findText(AgendaItemKind.DELIBERATION.label))
    item_dialog.title.setText(title)
    item_dialog.rapporteur.setText("Directrice du GIP")
    if link_first_project:
        item_dialog.projects.item(0).setCheckState(Qt.CheckState.Checked)
    item_dialog.save_button.click()


def test_new_meeting_and_agenda_editing(page: GovernancePage) -> None:
    agenda = create_meeting_through_dialog(page)
    assert titles(agenda)[-1] == "Questions diverses"

    add_point(agenda, "Budget primitif 2027", link_first_project=True)
    add_point(agenda, "Programmation 2027")
    assert titles(agenda)[-3:] == ["Budget primitif 2027", "Programmation 2027", "Questions diverses"]
    assert agenda.desk is not None and len(agenda.desk.items[-3].project_ids) == 1

    agenda.points.setCurrentRow(len(titles(agenda)) - 2)  # « Programmation 2027 » up one rank
    agenda._buttons["up"].click()
    assert titles(agenda)[-3:] == ["Programmation 2027", "Budget primitif 2027", "Questions diverses"]

    agenda.points.setCurrentRow(len(titles(agenda)) - 1)  # « Questions diverses » cannot move up
    agenda._buttons["up"].click()
    assert "reste le dernier" in agenda.message.text()
    assert titles(agenda)[-1] == "Questions diverses"


def test_a_refused_point_keeps_its_note_in_its_form(page: GovernancePage, qtbot: QtBot,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The form closes only once the point is saved: a point without an intitulé is refused in the form
    itself, with the note typed still there; Échap asks before losing it."""
    agenda = create_meeting_through_dialog(page)
    agenda._buttons["add"].click()
    point = agenda.item_dialog
    assert point is not None
    note = "Le comité de pilotage propose de reconduire l'action sur les trois bassins de vie."
    point.presentation.setPlainText(note)
    point.save_button.click()
    qtbot.waitUntil(lambda: not point.message.isHidden())
    assert point.isVisible() and point.message.text() == "Donnez un intitulé au point."
    assert point.presentation.toPlainText() == note and agenda.message.text() == ""

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, *_args: asked.append(title)
                        or QMessageBox.StandardButton.Cancel)
    point.activateWindow()  # Échap goes to the active window (another test's window may hold it)
    qtbot.waitUntil(point.isActiveWindow)
    qtbot.keyClick(point, Qt.Key.Key_Escape)
    assert asked == ["Abandonner les modifications ?"] and point.isVisible()

    point.title.setText("Reconduction de l'action « Mobilité »")
    point.save_button.click()
    qtbot.waitUntil(lambda: not point.isVisible())
    assert "Reconduction de l'action « Mobilité »" in titles(agenda)
    assert agenda.desk is not None
    assert next(i for i in agenda.desk.items if i.title.startswith("Reconduction")).presentation == note


def test_freezing_the_agenda_shows_the_decision_numbers(page: GovernancePage) -> None:
    agenda = create_meeting_through_dialog(page)
    add_point(agenda, "Budget primitif 2027")
    add_point(agenda, "Programmation 2027")
    assert agenda.desk is not None
    meeting_id = agenda.desk.id
    agenda.close()
    select_meeting(page, meeting_id=meeting_id)
    assert page.actions_bar.freeze_action.isEnabled()

    page.actions_bar.freeze_action.trigger()

    assert "2027-CA-001, 2027-CA-002" in page.actions_bar.notice.text()
    assert page.actions_bar.convene_action.isEnabled() and not page.actions_bar.freeze_action.isEnabled()
    assert "2027-CA-001" in page.meetings.detail.toPlainText()


def test_withdrawing_a_point_asks_first_and_a_mistake_is_put_back(
        page: GovernancePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Suppr on a frozen agenda withdraws a decision number for ever: it asks, naming the number, and
    « Réinscrire » (Ctrl+R) puts the point back at its place with the same number."""
    agenda = create_meeting_through_dialog(page)
    add_point(agenda, "Budget primitif 2027")
    add_point(agenda, "Programmation 2027")
    assert agenda.desk is not None
    freeze_agenda_of(agenda.desk.id)
    agenda.reload()
    row = titles(agenda).index("Budget primitif 2027")
    agenda.points.setCurrentRow(row)
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or next(answers))
    assert not agenda._buttons["reinstate"].isEnabled()

    agenda._buttons["withdraw"].click()  # « Non »: nothing withdrawn
    assert "2027-CA-001" in asked[0] and "Réinscrire" in asked[0]
    assert agenda.desk.items[row].status is AgendaItemStatus.PENDING
    agenda._buttons["withdraw"].click()  # « Oui »
    qtbot.waitUntil(lambda: agenda.desk is not None and agenda.desk.items[row].status
                    is AgendaItemStatus.WITHDRAWN)
    assert agenda._buttons["reinstate"].isEnabled() and not agenda._buttons["withdraw"].isEnabled()

    agenda._buttons["reinstate"].click()

    qtbot.waitUntil(lambda: agenda.desk is not None and agenda.desk.items[row].status
                    is AgendaItemStatus.PENDING)
    assert agenda.desk.items[row].title == "Budget primitif 2027"
    assert agenda.desk.items[row].decision_number == "2027-CA-001" and len(asked) == 2


def test_a_seance_created_by_mistake_is_removed_from_the_list_with_suppr(
        page: GovernancePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    agenda = create_meeting_through_dialog(page)  # CA, 11 March 2027, in preparation
    assert agenda.desk is not None
    meeting_id = agenda.desk.id
    agenda.close()
    page.refresh()
    page.show()
    select_meeting(page, meeting_id=meeting_id)
    table = page.meetings.table
    assert page.actions_bar.remove_action in table.actions()  # its context menu, with the toolbar's
    asked: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or True)
    table.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)

    qtbot.keyClick(table, Qt.Key.Key_Delete)

    assert asked and asked[0].startswith("Supprimer la séance « CA – séance n° 1 du jeudi 11 mars 2027")
    assert "ordre du jour (4 points)" in asked[0]
    qtbot.waitUntil(lambda: all(row.id != meeting_id for row in page.meetings.model.rows()))
    assert "mise à la corbeille" in page.actions_bar.notice.text()
    select_meeting(page, status=MeetingStatus.CONVENED)  # a convened séance: nothing to remove
    assert not page.actions_bar.remove_action.isEnabled()


def freeze_agenda_of(meeting_id: uuid.UUID) -> None:
    with db.unit_of_work() as session:
        freeze_agenda(session, meeting_id)


class Clock:
    """« Maintenant » under the test's control."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def live(page: GovernancePage) -> Iterator[tuple[LiveMeetingDialog, Clock]]:
    select_meeting(page, status=MeetingStatus.CONVENED)  # CA, 10 December 2026: quorum ⅔ of the rights
    assert page.actions_bar.live_action.isEnabled()
    clock = Clock(datetime(2026, 12, 10, 14, 30))
    assert page.actions_bar.meeting is not None
    dialog = page.actions_bar.open_live(page.actions_bar.meeting.id, clock=clock)
    dialog.open_button.click()
    for seat in dialog.attendance.seats:
        dialog.attendance.set_status(seat.seat_id, AttendanceStatus.PRESENT)
    clock.advance(5)
    dialog.reload()
    yield dialog, clock
    dialog.close()


def test_opening_the_seance_asks_first_with_the_time_that_goes_into_the_minutes(
        page: GovernancePage, monkeypatch: pytest.MonkeyPatch) -> None:
    select_meeting(page, status=MeetingStatus.CONVENED)
    assert page.actions_bar.meeting is not None
    clock = Clock(datetime(2026, 12, 10, 14, 50))
    dialog = page.actions_bar.open_live(page.actions_bar.meeting.id, clock=clock)
    asked: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or False)

    dialog.open_button.click()  # « Non »: not opened

    assert asked[0].startswith("Ouvrir la séance à 14 h 50 ?") and "procès-verbal" in asked[0]
    dialog.reload()
    assert dialog.desk is not None and dialog.desk.status is MeetingStatus.CONVENED
    dialog.close()


def test_closing_the_seance_asks_first_naming_the_points_it_adjourns_and_the_minutes_it_approves(
        live: tuple[LiveMeetingDialog, Clock], monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, _clock = live
    assert dialog.desk is not None
    unvoted = [i.decision_number for i in dialog.desk.items
               if i.decision_number and i.status is AgendaItemStatus.PENDING]
    asked: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or False)

    dialog.close_button.click()  # « Non »: the séance goes on

    assert unvoted and asked[0].startswith("Clore la séance à 14 h 35 ?")
    assert f"({', '.join(unvoted)}) seront ajournés" in asked[0]
    assert asked[0].endswith("Le procès-verbal de la séance du jeudi 8 octobre 2026 sera marqué "
                             "« approuvé lors de la séance du jeudi 10 décembre 2026 ».")  # its point 3
    dialog.reload()
    assert dialog.desk.status is MeetingStatus.HELD


def test_live_quorum_follows_a_departure(live: tuple[LiveMeetingDialog, Clock]) -> None:
    dialog, clock = live
    assert dialog.quorum.reached is True
    assert "100 % des droits statutaires" in dialog.quorum.detail.text().replace("\u00a0", " ")

    clock.advance(30)
    department = next(s for s in dialog.attendance.seats if s.organisation == "Département")
    dialog.attendance.left.emit(department.seat_id)  # its row's « Départ maintenant »

    assert dialog.quorum.reached is False
    assert dialog.quorum.verdict.text() == "Quorum non atteint"
    assert "60 % des droits statutaires" in dialog.quorum.detail.text().replace("\u00a0", " ")
    row = dialog.attendance.row_of(department.seat_id)
    assert dialog.attendance.table.item(row, 6).text() == "15 h 05"


def test_the_point_on_screen_stays_when_a_round_moves_the_agenda_under_it(
        live: tuple[LiveMeetingDialog, Clock]) -> None:
    """A point added above the one being voted, as a sync round may bring it: after the next reload the
    sheet still shows the point it showed (before, the index stayed and the neighbour came up)."""
    dialog, _clock = live
    dialog.vote.moved.emit(2)
    assert dialog.desk is not None
    shown = dialog.desk.items[dialog.item_index]
    with db.unit_of_work() as session:
        for item in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == dialog.desk.id)):
            item.position += 1
        session.add(AgendaItem(id=new_id(), meeting_id=dialog.desk.id, position=1, title="Installation",
                               kind=AgendaItemKind.INFORMATION))
    dialog.reload()
    assert dialog.desk.items[dialog.item_index].id == shown.id and dialog.item_index == 3


def _to_first_deliberation(dialog: LiveMeetingDialog) -> int:
    """« Point suivant » up to the first point with a decision number; its index."""
    assert dialog.desk is not None
    index = next(i for i, item in enumerate(dialog.desk.items) if item.decision_number)
    for _ in range(index):
        dialog.vote.next_button.click()
    return index


def _ballots(vote: VotePanel, choices: dict[str, BallotChoice] | None = None) -> dict[str, str]:
    """Enter these ballots (by member), then read them back as shown."""
    shown = {}
    for row, seat in enumerate(vote.voters):
        combo = vote.ballots.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        if choices is not None:
            combo.setCurrentIndex(combo.findText(choices[seat.organisation].label))
        shown[seat.organisation] = combo.currentText()
    return shown


def test_live_vote_shows_the_result_before_saving(live: tuple[LiveMeetingDialog, Clock]) -> None:
    dialog, _clock = live
    index = _to_first_deliberation(dialog)
    vote = dialog.vote
    _ballots(vote, {"État": BallotChoice.AGAINST, "Département": BallotChoice.FOR, "CAF": BallotChoice.FOR,
                    "France Travail": BallotChoice.ABSTAIN})

    assert vote.outcome is not None and vote.outcome.adopted
    assert "Adopté à la majorité" in vote.result.text()
    assert vote.save_button.isEnabled()

    vote.save_button.click()

    saved = dialog.desk.items[index]
    assert saved.vote_text == "Adopté à la majorité"
    assert "Vote enregistré" in vote.result.text() and not vote.save_button.isEnabled()


def test_a_vote_entered_wrongly_is_corrected_during_the_seance(
        live: tuple[LiveMeetingDialog, Clock], monkeypatch: pytest.MonkeyPatch) -> None:
    """« Corriger le vote » (asked first) takes the recorded vote back: the point is open to a vote again,
    entered anew and saved with its new result."""
    dialog, _clock = live
    index = _to_first_deliberation(dialog)
    vote = dialog.vote
    assert not vote.correct_button.isVisibleTo(dialog)  # nothing recorded yet
    vote.save_button.click()  # four « Pour » by mistake: France Travail was against
    assert dialog.desk is not None and dialog.desk.items[index].vote_text == "Adopté à l'unanimité"
    assert vote.correct_button.isVisibleTo(dialog)
    asked: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or True)

    vote.correct_button.click()

    assert "Adopté à l'unanimité" in asked[0] and dialog.desk.items[index].decision_number in asked[0]
    assert dialog.desk.items[index].vote_text == "" and vote.voting_open()
    assert not vote.correct_button.isVisibleTo(dialog)
    _ballots(vote, {"État": BallotChoice.FOR, "Département": BallotChoice.FOR, "CAF": BallotChoice.FOR,
                    "France Travail": BallotChoice.AGAINST})
    vote.save_button.click()
    assert dialog.desk.items[index].vote_text == "Adopté à la majorité"


def test_ballots_being_entered_survive_a_presence_noted_meanwhile(
        live: tuple[LiveMeetingDialog, Clock]) -> None:
    """The ballots are being entered when the secretary notes a departure (a save, then the sheet read
    again): the ballots entered stay, for the members who still vote, and the result is computed anew
    (before, the sheet came back with every ballot reset to « Pour »)."""
    dialog, clock = live
    _to_first_deliberation(dialog)
    vote = dialog.vote
    _ballots(vote, {"État": BallotChoice.AGAINST, "Département": BallotChoice.FOR,
                    "CAF": BallotChoice.AGAINST, "France Travail": BallotChoice.ABSTAIN})
    clock.advance(10)
    leaving = next(s for s in dialog.attendance.seats if s.organisation == "France Travail")
    dialog.attendance.left.emit(leaving.seat_id)  # its row's « Départ maintenant »: saved, sheet read again

    assert _ballots(vote) == {"État": "Contre", "Département": "Pour", "CAF": "Contre"}
    assert vote.outcome is not None and not vote.outcome.adopted  # computed on the three kept ballots
    assert "1 voix pour, 2 contre" in vote.result.text()


def test_counts_vote_with_a_named_nppv(live: tuple[LiveMeetingDialog, Clock]) -> None:
    dialog, _clock = live
    assert dialog.desk is not None
    index = next(i for i, item in enumerate(dialog.desk.items) if item.decision_number)
    for _ in range(index):
        dialog.vote.next_button.click()
    vote = dialog.vote
    vote.entry.setCurrentIndex(0)  # head counts: all for but the CAF, which carries the project
    caf = next(row for row, seat in enumerate(vote.voters) if seat.organisation == "CAF")
    vote.nppv.item(caf).setCheckState(Qt.CheckState.Checked)
    vote.counts[0].setValue(len(vote.voters) - 1)

    assert vote.outcome is not None and vote.outcome.adopted
    assert vote.outcome.tally.nppv == 1 and vote.outcome.tally.nppv_names == ("CAF",)
    assert vote.outcome.tally.votes_for == 3

    vote.counts[1].setValue(0)
    vote.counts[0].setValue(2)  # weighted votes: a split count is refused, with the reason
    assert vote.outcome is None and "saisissez un vote nominatif" in vote.result.text()
    assert not vote.save_button.isEnabled()


def pick(combo: QComboBox, value: object) -> None:
    """Select the entry holding `value` (findData compares wrapped Python objects by identity)."""
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == value))


def test_a_proxy_over_the_limit_is_refused_with_its_reason(page: GovernancePage) -> None:
    select_meeting(page, status=MeetingStatus.CONVENED)  # CA: at most 2 proxies per holder
    assert page.actions_bar.meeting is not None
    clock = Clock(datetime(2026, 12, 10, 14, 30))
    dialog = page.actions_bar.open_live(page.actions_bar.meeting.id, clock=clock)
    panel = dialog.attendance
    state = next(s for s in panel.seats if s.organisation == "État")
    panel.set_status(state.seat_id, AttendanceStatus.PRESENT)
    others = [s for s in panel.seats if s.has_vote and s.seat_id != state.seat_id]
    for seat in others:
        panel.set_status(seat.seat_id, AttendanceStatus.EXCUSED)

    for seat in others:
        pick(panel.grantor, seat.seat_id)
        pick(panel.holder, state.seat_id)
        panel.add_proxy.click()

    assert "détient déjà 2 pouvoirs (maximum 2 par mandataire)" in dialog.message.text()
    assert dialog.desk is not None and len(dialog.desk.proxies) == 2
    assert panel.proxies.text().count("→ État") == 2


def test_a_suppleant_picked_before_the_presence_survives_a_reload(page: GovernancePage) -> None:
    """Issue 4: the suppléante chosen in the CAF's « Représentant » cell, then another row saved (the whole
    sheet reloads), then the CAF noted present: the suppléante sits, not the titulaire."""
    select_meeting(page, status=MeetingStatus.CONVENED)
    assert page.actions_bar.meeting is not None
    clock = Clock(datetime(2026, 12, 10, 14, 30))
    dialog = page.actions_bar.open_live(page.actions_bar.meeting.id, clock=clock)
    panel = dialog.attendance
    caf = next(s for s in panel.seats if s.organisation == "CAF")
    substitute = next(p for p in caf.people if "suppléant" in p.label)
    people = panel.table.cellWidget(panel.row_of(caf.seat_id), 1)
    assert isinstance(people, QComboBox) and caf.status is None
    pick(people, substitute.id)
    people.activated.emit(people.currentIndex())

    state = next(s for s in panel.seats if s.organisation == "État")
    panel.set_status(state.seat_id, AttendanceStatus.PRESENT)  # saved at once: the sheet reloads

    people = panel.table.cellWidget(panel.row_of(caf.seat_id), 1)
    assert isinstance(people, QComboBox) and people.currentData() == substitute.id
    panel.set_status(caf.seat_id, AttendanceStatus.PRESENT)
    assert dialog.desk is not None
    saved = next(s for s in dialog.desk.seats if s.seat_id == caf.seat_id)
    assert saved.status is AttendanceStatus.PRESENT and saved.representative_id == substitute.id
    dialog.close()


def test_a_new_seance_is_created_by_its_form_which_says_why_it_cannot(page: GovernancePage,
                                                                      qtbot: QtBot) -> None:
    """The form closes once the séance exists; a body removed meanwhile (on another workstation) is
    refused in the form, as typed; with no body at all, the form says where to declare one."""
    bar = page.actions_bar
    bar.new_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, NewMeetingDialog) and dialog.message.isHidden()
    dialog.place.setText("Salle du conseil")
    with db.unit_of_work() as session:
        session.execute(update(Body).values(deleted=True))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.message.isHidden())
    assert dialog.isVisible() and dialog.place.text() == "Salle du conseil"
    assert dialog.message.text().startswith("L'instance choisie n'existe plus")
    dialog.reject()

    bar.new_action.trigger()
    empty = bar.dialog
    assert isinstance(empty, NewMeetingDialog) and empty is not dialog and empty.body.count() == 0
    assert "déclarez d'abord la vôtre dans l'onglet Organes" in empty.message.text()
    assert not empty.message.isHidden()
    assert not empty.save_button.isEnabled()
