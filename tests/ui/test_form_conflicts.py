"""Sync conflicts marked in the governance and funding forms (SYNC.md "In the app": a badge on
conflicted fields): two workstations change the same fields offline; on opening a form, each conflicted
field's label is red with both values in its tooltip, a badge names them above the form, and a
resolution on the Synchronisation page clears them in the open form."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QWidget

from app import db
from app.domain.cofunding import FundingLineInfo
from app.domain.enums import AgendaItemKind, AgendaItemStatus, FundingStatus, MatterKind
from app.domain.ids import ballot_row_id, follow_up_row_id
from app.domain.meeting_desk import DeskItem
from app.sync.sim_world import World
from app.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from app.ui.dialogs.arbitrate_dialog import ArbitrateDialog
from app.ui.dialogs.body_dialog import BodyDialog
from app.ui.dialogs.decision_text_dialog import DecisionTextDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.dialogs.live_meeting_dialog import LiveMeetingDialog
from app.ui.dialogs.meeting_dialog import EditMeetingDialog
from app.ui.pages.sync_page import SyncPage
from app.ui.sync_controller import SyncController
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import RED
from app.ui.widgets.seats_editor import NAME, ORG, RIGHTS, TITLE

BODY, MEETING, DECISION = "0" * 31 + "1", "0" * 31 + "2", "0" * 31 + "3"
PROJECT, FUNDER, LINE, ITEM = "0" * 31 + "4", "0" * 31 + "5", "0" * 31 + "6", "0" * 31 + "7"


@pytest.fixture
def conflicted(template_db: Path, tmp_path: Path) -> World:
    """Workstation a's database once both have changed the same fields offline and synced."""
    world = World(tmp_path, template_db, rng=random.Random(3))
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("INSERT INTO body(id, code, name, max_proxies) VALUES (?, 'CA', 'Conseil', 2)", (BODY,)),
                ("INSERT INTO meeting(id, body_id, number, starts_at, status, place) "
                 "VALUES (?, ?, 12, '2026-03-14 14:00:00.000000', 'preparing', 'Tulle')", (MEETING, BODY)),
                ("INSERT INTO decision(id, body_id, number, title) VALUES (?, ?, '2026-CA-001', 'Budget')",
                 (DECISION, BODY)),
                ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (FUNDER,)),
                ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin')", (PROJECT,)),
                ("INSERT INTO funding_line(id, project_id, funder_id, fiscal_year, amount_cents) "
                 "VALUES (?, ?, ?, 2027, 100000)", (LINE, PROJECT, FUNDER)),
                ("INSERT INTO agenda_item(id, meeting_id, position, title, rapporteur) "
                 "VALUES (?, ?, 1, 'Budget', 'La présidente')", (ITEM, MEETING)))
    world.settle(1)
    for replica, place, proxies, title, cents in ((a, "Brive", 3, "Budget primitif", 120000),
                                                   (b, "Ussel", 4, "Budget 2027", 150000)):
        world.write(replica, ("UPDATE meeting SET place = ?", (place,)),
                    ("UPDATE body SET max_proxies = ?", (proxies,)),
                    ("UPDATE decision SET title = ?", (title,)),
                    ("UPDATE funding_line SET amount_cents = ?", (cents,)),
                    ("UPDATE agenda_item SET rapporteur = ?", (f"Rapporteur {place}",)))
    world.settle(2)
    db.init_engine(a.path)
    yield world
    db.dispose()


def _opened_from(qtbot: QtBot, controller: SyncController) -> QWidget:
    """The widget a form is opened from, in a window holding the sync controller (as MainWindow.sync)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.sync = controller  # type: ignore[attr-defined]
    return window


def test_each_form_marks_its_conflicted_fields(qtbot: QtBot, runner: TaskRunner, conflicted: World,
                                              tmp_path: Path) -> None:
    meeting = EditMeetingDialog(runner, uuid.UUID(MEETING))
    decision = DecisionTextDialog(runner, uuid.UUID(DECISION))
    body = BodyDialog(runner, uuid.UUID(BODY))
    line = FundingLineInfo(uuid.UUID(LINE), uuid.UUID(PROJECT), "CAF", 2027, 120000,
                           FundingStatus.PLANNED, "", funder_id=uuid.UUID(FUNDER))
    funding = FundingLineDialog(runner, uuid.UUID(PROJECT), (), line=line)
    point = AgendaItemDialog(runner, uuid.UUID(MEETING), (), _desk_item())
    for dialog, column, a, b, badge in (
        (meeting, "place", "Brive", "Ussel", "⚠ 2 champs en conflit"),  # and its point's rapporteur
        (decision, "title", "Budget primitif", "Budget 2027", "⚠ Objet en conflit"),
        (body, "max_proxies", "3", "4", "⚠ Pouvoirs par mandataire en conflit"),
        (point, "rapporteur", "Rapporteur Brive", "Rapporteur Ussel", "⚠ Rapporteur en conflit"),
        (funding, "amount_cents", "1\u00a0200,00\u00a0€", "1\u00a0500,00\u00a0€", "⚠ Montant en conflit"),
    ):
        qtbot.addWidget(dialog)
        conflicts = dialog.form_conflicts
        mark = conflicts.marked(column)
        assert RED in mark.styleSheet(), column
        tip = mark.toolTip()
        assert a in tip and b in tip and "à arbitrer dans Synchronisation" in tip
        assert conflicts.badge.text() == badge and not conflicts.badge.isHidden()
        others = [c for c in conflicts.fields if c != column]
        assert others and not any(conflicts.marked(c).styleSheet() for c in others)  # only that field
        dialog.grab().save(str(tmp_path / f"{column}.png"))


def test_a_resolution_clears_the_open_form(qtbot: QtBot, runner: TaskRunner, conflicted: World) -> None:
    controller = SyncController(runner, conflicted.replicas[0].path)
    opener = _opened_from(qtbot, controller)
    dialog = EditMeetingDialog(runner, uuid.UUID(MEETING), opener)  # closed with its opener
    place = dialog.form_conflicts.marked("place")
    assert place.text() == "Lieu" and RED in place.styleSheet()

    sync = SyncPage(runner)
    qtbot.addWidget(sync)
    sync.attach_controller(controller)
    sync.refresh()
    row = next(r for r in range(sync.sections.conflicts_model.rowCount())
               if "Lieu" in str(sync.sections.conflicts_model.index(r, 1).data()))
    sync.sections.conflicts_table.selectRow(row)
    sync.sections.keep_button.click()

    assert not place.styleSheet() and not place.toolTip()
    badge = dialog.form_conflicts.badge  # what is left: the conflict of one of its points
    assert badge.text() == "⚠ Point de l'ordre du jour : Rapporteur en conflit"
    dialog.done(0)



def _desk_item() -> DeskItem:
    return DeskItem(uuid.UUID(ITEM), 1, AgendaItemKind.DELIBERATION, MatterKind.ORDINARY, "Budget",
                    "Rapporteur Brive", "", "", AgendaItemStatus.PENDING, None, "", (), "")


def test_the_badge_names_a_part_in_conflict(qtbot: QtBot, runner: TaskRunner, template_db: Path,
                                            tmp_path: Path) -> None:
    """A seat's droits statutaires and its titulaire's title changed on both workstations: the instance
    form's badge names them, and their cells in the seats and representatives tables are red."""
    world = World(tmp_path, template_db, rng=random.Random(4))
    a, b = world.add_replica(), world.add_replica()
    seat, person, rule = "0" * 31 + "8", "0" * 31 + "9", "0" * 30 + "10"
    world.write(a, ("INSERT INTO body(id, code, name) VALUES (?, 'CA', 'Conseil')", (BODY,)),
                ("INSERT INTO seat(id, body_id, voting_rights) VALUES (?, ?, '10')", (seat, BODY)),
                ("INSERT INTO representative(id, seat_id, full_name, title) "
                 "VALUES (?, ?, 'Anne Roux', 'DGA')", (person, seat)),
                ("INSERT INTO majority_rule(id, body_id, matter, majority) VALUES (?, ?, 'budget', 'simple')",
                 (rule, BODY)))
    world.settle(1)
    for replica, rights, title, majority in ((a, "15", "Directrice", "two_thirds"),
                                             (b, "20", "Présidente", "unanimity")):
        world.write(replica, ("UPDATE seat SET voting_rights = ?", (rights,)),
                    ("UPDATE representative SET title = ?", (title,)),
                    ("UPDATE majority_rule SET majority = ?", (majority,)))
    world.settle(2)
    db.init_engine(a.path)
    try:
        dialog = BodyDialog(runner, uuid.UUID(BODY))
        qtbot.addWidget(dialog)
        badge = dialog.form_conflicts.badge
        qtbot.waitUntil(lambda: badge.text() == "⚠ 3 champs en conflit")
        assert "Siège « " in badge.toolTip() and "15" in badge.toolTip() and "20" in badge.toolTip()
        assert "Représentant « Anne Roux » : Fonction" in badge.toolTip()
        assert not any(dialog.form_conflicts.marked(c).styleSheet() for c in dialog.form_conflicts.fields)
        seats = dialog.seats
        qtbot.waitUntil(lambda: seats.table.rowCount() == 1)
        rights = seats.table.cellWidget(0, RIGHTS)
        assert RED in rights.styleSheet() and "Droits statutaires" in rights.toolTip()
        assert "15" in rights.toolTip() and "20" in rights.toolTip()
        assert not seats.table.cellWidget(0, ORG).styleSheet()  # the organisation is not in conflict
        title = seats.people.item(0, TITLE)
        assert title.foreground().color().name() == RED and "Présidente" in title.toolTip()
        assert seats.people.item(0, NAME).toolTip() == ""
        budget = dialog._majority_combo(list(MatterKind).index(MatterKind.BUDGET))
        ordinary = dialog._majority_combo(list(MatterKind).index(MatterKind.ORDINARY))
        assert RED in budget.styleSheet() and "Unanimité" in budget.toolTip() and not ordinary.styleSheet()
        dialog.form_conflicts.loaded.emit(())  # resolved: the marks go, the tooltips they replaced come back
        assert not rights.styleSheet() and title.toolTip() == "" and not budget.styleSheet()
    finally:
        db.dispose()


HELD = ("INSERT INTO meeting(id, body_id, number, starts_at, status) "
        "VALUES (?, ?, 12, '2026-03-14 14:00:00.000000', 'held')", (MEETING, BODY))
Statement = tuple[str, tuple[object, ...]]


def _both(sql: str, first: tuple[object, ...], second: tuple[object, ...]) -> tuple[Statement, Statement]:
    """The same statement with each laptop's values."""
    return (sql, first), (sql, second)


@contextmanager
def _live_sheet(qtbot: QtBot, runner: TaskRunner, world: World, rows: list[Statement],
                edits: tuple[Statement, Statement]) -> Iterator[LiveMeetingDialog]:
    """A held séance of the instance BODY written with `rows` on a first laptop and synced to a second;
    then each laptop makes its edit offline, they sync, and the first opens « séance en direct »."""
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("INSERT INTO body(id, code, name) VALUES (?, 'CA', 'Conseil')", (BODY,)), HELD, *rows)
    world.settle(1)
    for replica, edit in zip((a, b), edits, strict=True):
        world.write(replica, edit)
    world.settle(2)
    db.init_engine(a.path)
    try:
        dialog = LiveMeetingDialog(runner, uuid.UUID(MEETING))
        qtbot.addWidget(dialog)
        yield dialog
    finally:
        db.dispose()


def test_the_live_sheet_marks_a_presence_in_conflict(qtbot: QtBot, runner: TaskRunner, template_db: Path,
                                                     tmp_path: Path) -> None:
    """Two laptops noted the CAF differently during the séance: the line's Présence is red on the
    « séance en direct » sheet with both notes in its tooltip, since the quorum counts the one shown."""
    world = World(tmp_path, template_db, rng=random.Random(5))
    seat, other, line = "0" * 31 + "8", "0" * 31 + "9", "0" * 30 + "10"
    rows: list[Statement] = [
        ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (FUNDER,)),
        ("INSERT INTO seat(id, body_id, organisation_id, voting_rights, position) VALUES (?, ?, ?, '40', 1)",
         (seat, BODY, FUNDER)),
        ("INSERT INTO seat(id, body_id, voting_rights, position) VALUES (?, ?, '60', 2)", (other, BODY)),
        ("INSERT INTO attendance(id, meeting_id, seat_id, status) VALUES (?, ?, ?, 'absent')",
         (line, MEETING, seat))]
    edits = _both("UPDATE attendance SET status = ?", ("present",), ("excused",))
    with _live_sheet(qtbot, runner, world, rows, edits) as dialog:
        badge = dialog.form_conflicts.badge
        qtbot.waitUntil(lambda: badge.text() == "⚠ Présence : Présence en conflit")
        sheet = dialog.attendance
        row = sheet.row_of(uuid.UUID(seat))
        status = sheet.table.cellWidget(row, 3)
        assert RED in status.styleSheet() and "Présent" in status.toolTip() and "Excusé" in status.toolTip()
        assert not sheet.table.cellWidget(sheet.row_of(uuid.UUID(other)), 3).styleSheet()
        assert not sheet.table.cellWidget(row, 4).styleSheet()  # only the field in conflict
        dialog.reload()  # a présence noted meanwhile rebuilds the sheet: the mark stays
        qtbot.waitUntil(lambda: sheet.table.cellWidget(row, 3) is not status)
        assert RED in sheet.table.cellWidget(row, 3).styleSheet()


def test_the_live_sheet_marks_a_vote_recorded_differently(qtbot: QtBot, runner: TaskRunner,
                                                          template_db: Path, tmp_path: Path) -> None:
    """Two laptops recorded the same point's vote with different counts (one row since the vote's id is
    the point's): its line on the « séance en direct » sheet is red, both counts in its tooltip."""
    world = World(tmp_path, template_db, rng=random.Random(6))
    rows: list[Statement] = [
        ("INSERT INTO agenda_item(id, meeting_id, position, kind, title, status) "
         "VALUES (?, ?, 1, 'deliberation', 'Budget primitif', 'done')", (ITEM, MEETING)),
        ("INSERT INTO vote(id, item_id, votes_for, result) VALUES (?, ?, 3, 'adopted')",
         ("0" * 30 + "11", ITEM))]
    edits = _both("UPDATE vote SET votes_for = ?, votes_against = ?", (4, 1), (2, 2))  # from 3 for, 0 against
    with _live_sheet(qtbot, runner, world, rows, edits) as dialog:
        result = dialog.vote.result
        qtbot.waitUntil(lambda: "saisi différemment" in result.text())
        assert result.text().startswith("Vote enregistré : Adopté à la majorité — ⚠ saisi différemment sur "
                                        "deux postes (Voix pour, Voix contre) : à arbitrer")
        assert RED in result.styleSheet() and "« 4 »" in result.toolTip() and "« 2 »" in result.toolTip()
        shown = world.query(world.replicas[0], "SELECT votes_for, votes_against FROM vote")[0]  # recorded
        assert tuple(spin.value() for spin in dialog.vote.counts[:2]) == shown
        dialog.form_conflicts.badge.click()  # arbitrated without leaving the séance: keep 2 for, 2 against
        [arbitrate] = dialog.findChildren(ArbitrateDialog)  # one dialog per click
        assert len(arbitrate.conflicts) == 2
        for _ in range(2):
            combo = arbitrate.list.value_combo
            combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == 2))
            arbitrate.list.keep_button.click()
        qtbot.waitUntil(lambda: result.text() == "Vote enregistré : Adopté à la majorité")
        assert not result.styleSheet() and dialog.form_conflicts.badge.isHidden()
        assert tuple(spin.value() for spin in dialog.vote.counts[:2]) == (2, 2)  # the sheet reloaded


def test_the_live_sheet_marks_a_pouvoir_recorded_differently(qtbot: QtBot, runner: TaskRunner,
                                                             template_db: Path, tmp_path: Path) -> None:
    """The CAF's pouvoir noted to the État on one laptop and to the Département on the other (one row:
    its id is the grantor's): the line says so in red, both holders in its tooltip."""
    world = World(tmp_path, template_db, rng=random.Random(7))
    names = ("CAF", "État", "Département", "MSA")
    seats = {name: f"{n:032x}" for n, name in enumerate(names, 20)}
    rows: list[Statement] = []
    for n, (name, seat) in enumerate(seats.items(), 40):
        rows += [("INSERT INTO organisation(id, name) VALUES (?, ?)", (f"{n:032x}", name)),
                 ("INSERT INTO seat(id, body_id, organisation_id, voting_rights, position) "
                  "VALUES (?, ?, ?, '25', ?)", (seat, BODY, f"{n:032x}", n))]
    rows.append(("INSERT INTO proxy(id, meeting_id, grantor_seat_id, holder_seat_id) VALUES (?, ?, ?, ?)",
                 ("0" * 30 + "12", MEETING, seats["CAF"], seats["MSA"])))
    edits = _both("UPDATE proxy SET holder_seat_id = ?", (seats["État"],), (seats["Département"],))
    with _live_sheet(qtbot, runner, world, rows, edits) as dialog:
        proxies = dialog.attendance.proxies
        qtbot.waitUntil(lambda: "saisi différemment" in proxies.text())
        assert "CAF → " in proxies.text()
        assert "(Mandataire) : à arbitrer dans Synchronisation" in proxies.text()
        assert "État" in proxies.toolTip() and "Département" in proxies.toolTip() and RED in proxies.text()
        dialog.form_conflicts.loaded.emit(())  # arbitrated
        assert "saisi différemment" not in proxies.text() and not proxies.toolTip()


def test_the_follow_ups_editor_marks_an_action_kept_differently(qtbot: QtBot, runner: TaskRunner,
                                                                template_db: Path, tmp_path: Path) -> None:
    """Both laptops kept the point's follow-up action, with a different « qui »: its cell is red in
    « Actions de suivi » with both values, the point is marked ⚠ and a badge names the field."""
    world = World(tmp_path, template_db, rng=random.Random(6))
    action = follow_up_row_id(uuid.UUID(ITEM), 1).hex
    rows: list[Statement] = [("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
                              "VALUES (?, ?, 1, 'deliberation', 'Budget')", (ITEM, MEETING)),
                             ("INSERT INTO follow_up_action(id, item_id, position, who, what) "
                              "VALUES (?, ?, 1, 'Directrice', 'Publier la délibération')", (action, ITEM))]
    edits = _both("UPDATE follow_up_action SET who = ?", ("Service juridique",), ("Secrétariat",))
    rows.append(("UPDATE meeting SET opened_at = starts_at", ()))
    with _live_sheet(qtbot, runner, world, rows, edits):
        dialog = FollowUpsDialog(runner, uuid.UUID(MEETING))
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.badge.isHidden())
        assert dialog.badge.text() == "⚠ Action de suivi : Qui en conflit"
        cell = dialog.table.item(0, 0)
        assert cell.foreground().color().name() == RED.lower()
        assert "Service juridique" in cell.toolTip() and "Secrétariat" in cell.toolTip()
        assert dialog.points.item(0).text().endswith(" ⚠")
        assert dialog.table.item(0, 1).toolTip() == ""  # only the field in conflict
        dialog.grab().save(str(tmp_path / "follow_ups_conflict.png"))
        dialog.badge.click()  # arbitrated from the editor: keep « Secrétariat »
        [arbitrate] = dialog.findChildren(ArbitrateDialog)
        combo = arbitrate.list.value_combo
        combo.setCurrentIndex(combo.findData("Secrétariat"))
        arbitrate.list.keep_button.click()
        qtbot.waitUntil(lambda: dialog.badge.isHidden() and dialog.table.item(0, 0).text() == "Secrétariat")
        assert not dialog.table.item(0, 0).toolTip() and not dialog.points.item(0).text().endswith("⚠")


def test_the_live_sheet_marks_a_ballot_entered_differently(qtbot: QtBot, runner: TaskRunner,
                                                           template_db: Path, tmp_path: Path) -> None:
    """A nominal vote: the CAF's ballot noted « pour » on one laptop and « contre » on the other (one row:
    its id is the vote's and the seat's). The recorded vote's line names the ballot in red."""
    world = World(tmp_path, template_db, rng=random.Random(7))
    vote, seat = "0" * 30 + "11", "0" * 30 + "12"
    ballot = ballot_row_id(uuid.UUID(vote), uuid.UUID(seat)).hex
    rows: list[Statement] = [
        ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'Caisse', 'CAF')", (FUNDER,)),
        ("INSERT INTO seat(id, body_id, organisation_id, voting_rights, position) VALUES (?, ?, ?, '100', 1)",
         (seat, BODY, FUNDER)),
        ("INSERT INTO agenda_item(id, meeting_id, position, kind, title, status) "
         "VALUES (?, ?, 1, 'deliberation', 'Budget primitif', 'done')", (ITEM, MEETING)),
        ("INSERT INTO vote(id, item_id, mode, votes_for, result) VALUES (?, ?, 'nominal', 1, 'adopted')",
         (vote, ITEM)),
        ("INSERT INTO ballot(id, vote_id, seat_id, choice) VALUES (?, ?, ?, 'for')", (ballot, vote, seat))]
    edits = _both("UPDATE ballot SET choice = ?", ("abstain",), ("against",))
    with _live_sheet(qtbot, runner, world, rows, edits) as dialog:
        result = dialog.vote.result
        qtbot.waitUntil(lambda: "saisi différemment" in result.text())
        assert "⚠ saisi différemment sur deux postes (bulletin « CAF ») : à arbitrer" in result.text()
        assert RED in result.styleSheet()
        assert "Contre" in result.toolTip() and "Abstention" in result.toolTip()
