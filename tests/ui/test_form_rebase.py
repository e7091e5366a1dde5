"""The fiche action, funding line, point, séance, décision and instance forms left open while a sync round
brings a colleague's change (app.domain.rebase): the form shows it in the fields the user left alone, and
a save keeps it; the same field changed on both sides stays as typed, is named, and its save shows the
value received, the form staying open as the user left it, then saves on the second click; an undo, of
the save or in the form, takes back only the user's change."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QDialogButtonBox, QLineEdit, QWidget

from app import db
from app.domain.cofunding import FundingLineInfo
from app.domain.enums import FundingStatus
from app.domain.ids import follow_up_row_id, natural_id
from app.domain.project_form import Choice
from app.services.frameworks import get_framework
from app.sync.sim_world import World
from app.ui.dialogs.agenda_dialog import AgendaDialog
from app.ui.dialogs.arbitrate_dialog import ArbitrateDialog
from app.ui.dialogs.body_dialog import BodyDialog
from app.ui.dialogs.decision_text_dialog import DecisionTextDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.framework_dialog import AxisDialog
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.dialogs.meeting_dialog import EditMeetingDialog
from app.ui.dialogs.project_form_dialog import ProjectFormDialog
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.pages.sync_page import SyncPage
from app.ui.sync_controller import SyncController
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_fields import is_typing_in
from tests.ui.pages_helpers import open_page

D = TypeVar("D", DecisionTextDialog, BodyDialog, EditMeetingDialog)
PROJECT, FUNDER, LINE, BODY, DECISION, MEETING, ITEM, SEAT = ("0" * 31 + str(n) for n in range(2, 10))
COUNCIL = ("INSERT INTO body(id, code, name) VALUES (?, 'CA', 'Conseil')", (BODY,))
SEANCE_IN_PREPARATION = ("INSERT INTO meeting(id, body_id, number, starts_at, status) "
                         "VALUES (?, ?, 3, '2027-01-20 14:00:00.000000', 'preparing')", (MEETING, BODY))
HELD_SEANCE = ("INSERT INTO meeting(id, body_id, number, starts_at, status, opened_at) VALUES (?, ?, 3, "
               "'2027-01-20 14:00:00.000000', 'held', '2027-01-20 14:00:00.000000')", (MEETING, BODY))


@pytest.fixture
def world(template_db: Path, tmp_path: Path) -> Iterator[World]:
    """Workstations a and b, both with the fiche FA-1; the app runs on a."""
    world = World(tmp_path, template_db, rng=random.Random(8))
    a, _b = world.add_replica(), world.add_replica()
    _seed(world, ("INSERT INTO project(id, code, title, summary) VALUES (?, 'FA-1', 'Jardin', "
                  "'Parcelles prêtées aux familles.')", (PROJECT,)))
    db.init_engine(a.path)
    yield world
    db.dispose()


def _seed(world: World, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Rows written on a, then on both workstations."""
    world.write(world.replicas[0], *statements)
    world.settle(1)


def _opened(qtbot: QtBot, dialog: D) -> D:
    """A loading form shown, once it has loaded."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def _received_from_b(world: World, *statements: tuple[str, tuple[object, ...]]) -> None:
    """b changes the fiche and a's sync round brings it (the app's form on a stays as it was loaded)."""
    a, b = world.replicas
    world.write(b, *statements)
    world.sync(b)
    world.sync(a)


def _open_form(qtbot: QtBot, runner: TaskRunner, *,
               title: str = "Jardin") -> tuple[PortfolioPage, ProjectFormDialog]:
    """The fiche's form, once loaded (its title shown: `title`, or any when empty)."""
    page = open_page(qtbot, runner, PortfolioPage)
    dialog = page.actions_bar.open_form(uuid.UUID(PROJECT))
    qtbot.waitUntil(lambda: dialog.tabs.title_edit.text() == title if title else
                    bool(dialog.tabs.title_edit.text()))
    return page, dialog


def _save(qtbot: QtBot, dialog: ProjectFormDialog | FundingLineDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.saving.running)


def _stored(world: World) -> tuple[object, ...]:
    return world.query(world.replicas[0], "SELECT title, summary FROM project WHERE id = ?", PROJECT)[0]


def test_a_change_received_while_the_form_is_open_is_kept(qtbot: QtBot, runner: TaskRunner,
                                                         world: World) -> None:
    page, dialog = _open_form(qtbot, runner)
    _received_from_b(world, ("UPDATE project SET summary = 'Parcelles et atelier de cuisine.'", ()))
    dialog.tabs.title_edit.selectAll()
    qtbot.keyClicks(dialog.tabs.title_edit, "Jardin ouvert")
    dialog.received.check()  # as after a round (the window's SyncController): the form being edited
    qtbot.waitUntil(lambda: not dialog.received.isHidden())  # shows the summary received, and says so
    assert dialog.received.text() == ("Reçu d'un autre poste pendant votre saisie, et affiché ici : Résumé. "
                                      "Vos modifications restent.")
    assert dialog.tabs.summary.toPlainText() == "Parcelles et atelier de cuisine."
    assert dialog.tabs.title_edit.text() == "Jardin ouvert"  # the user's entry stays
    dialog.undo_stack.undo()  # the form's undo takes back the user's title, not the summary received
    assert (dialog.tabs.title_edit.text(), dialog.tabs.summary.toPlainText()) == (
        "Jardin", "Parcelles et atelier de cuisine.")
    dialog.undo_stack.redo()
    _save(qtbot, dialog)

    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    assert _stored(world) == ("Jardin ouvert", "Parcelles et atelier de cuisine.")
    qtbot.waitUntil(lambda: page.actions_bar.undo.isEnabled())
    page.actions_bar.undo.trigger()  # Ctrl+Z takes back the title only
    qtbot.waitUntil(lambda: _stored(world)[0] == "Jardin")
    assert _stored(world) == ("Jardin", "Parcelles et atelier de cuisine.")


def test_a_field_changed_on_both_sides_is_shown_then_saved_on_the_second_click(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    _page, dialog = _open_form(qtbot, runner)
    _received_from_b(world, ("UPDATE project SET title = 'Jardin des familles'", ()),
                     ("UPDATE project SET summary = 'Parcelles et atelier de cuisine.'", ()))
    dialog.tabs.title_edit.selectAll()
    qtbot.keyClicks(dialog.tabs.title_edit, "Jardin ouvert")
    _save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.tabs.error_text("title") == (
        "Intitulé : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Jardin des "
        "familles ». Enregistrez à nouveau pour garder votre version.")
    assert dialog.summary.text().startswith("La fiche n'est pas enregistrée : elle a été modifiée sur un "
                                            "autre poste pendant votre saisie.\n• Intitulé : modifié")
    assert _stored(world)[0] == "Jardin des familles"  # nothing written
    dialog.grab().save(str(tmp_path / "form_edited_elsewhere.png"))
    _save(qtbot, dialog)

    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    assert _stored(world) == ("Jardin ouvert", "Parcelles et atelier de cuisine.")  # the summary stays


def test_the_fiche_form_takes_in_a_round_without_undoing_it_nor_closing_a_row_being_edited(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    """A milestone's cell is being typed in when a round changes the summary: the summary is shown, the
    cell stays open. A title typed then undone is the user's in the undo steps: a round's title is not
    shown over it, the notice names it, and a redo then a save shows the clash before replacing it."""
    _seed(world, ("INSERT INTO milestone(id, project_id, title) VALUES (?, ?, 'Lancement')",
                  ("0" * 30 + "30", PROJECT)))
    _page, dialog = _open_form(qtbot, runner)
    dialog.tabs.objectives.setPlainText("Nourrir 40 familles.")
    dialog.tabs.title_edit.selectAll()
    qtbot.keyClicks(dialog.tabs.title_edit, "Jardin ouvert")
    dialog.undo_stack.undo()
    assert dialog.tabs.title_edit.text() == "Jardin" and dialog.is_modified()
    table = dialog.tabs.milestones.table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    table.openPersistentEditor(table.item(0, 0))
    _received_from_b(world, ("UPDATE project SET summary = 'Parcelles et atelier de cuisine.', "
                             "title = 'Jardin des familles'", ()))
    dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: dialog.tabs.summary.toPlainText() == "Parcelles et atelier de cuisine.")
    assert table.isPersistentEditorOpen(table.item(0, 0))  # the row being typed in was left alone
    assert dialog.tabs.title_edit.text() == "Jardin"
    assert dialog.received.text() == (
        "Reçu d'un autre poste pendant votre saisie, et affiché ici : Résumé. Vos modifications restent. "
        "Modifié aussi sur un autre poste : Intitulé. Votre saisie reste affichée ; « Enregistrer » vous "
        "montrera la valeur reçue avant de la remplacer.")
    dialog.undo_stack.redo()
    assert dialog.tabs.title_edit.text() == "Jardin ouvert"
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.tabs.error_text("title").startswith(
        "Intitulé : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Jardin des "
        "familles")
    _save(qtbot, dialog)
    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    assert _stored(world) == ("Jardin ouvert", "Parcelles et atelier de cuisine.")


def test_the_fiche_form_merges_a_list_changed_on_both_sides_into_what_it_shows(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    """The user adds a milestone; a round brings a colleague's new milestone and the first one marked
    reached: the form shows the three, its undo takes back the user's row only, and the save keeps all."""
    first, theirs = "0" * 30 + "30", "0" * 30 + "31"
    _seed(world, ("INSERT INTO milestone(id, project_id, title, due_on) VALUES (?, ?, 'Lancement', "
                  "'2027-01-04')", (first, PROJECT)))
    _page, dialog = _open_form(qtbot, runner)
    editor = dialog.tabs.milestones
    qtbot.waitUntil(lambda: editor.table.rowCount() == 1)
    editor.add_button.click()
    editor.table.item(1, 0).setText("Bilan")
    _received_from_b(world, ("UPDATE milestone SET status = 'done'", ()),
                     ("INSERT INTO milestone(id, project_id, title, due_on) VALUES (?, ?, 'Comité de suivi', "
                      "'2027-03-01')", (theirs, PROJECT)))

    def shown() -> list[tuple[str, str]]:
        return [(cells[0], cells[2]) for _id, cells in editor.rows()]

    editor.table.editItem(editor.table.item(1, 0))  # a cell being typed in: the list is not redrawn yet
    dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste : Jalons." in dialog.received.text())
    assert shown() == [("Lancement", "Prévu"), ("Bilan", "Prévu")]
    editor.table.closePersistentEditor(editor.table.item(1, 0))
    editor.table.setFocus()  # the cell's editor closes
    editor.table.setCurrentCell(0, 1)
    qtbot.waitUntil(lambda: not dialog.tabs.is_editing("milestones"))
    dialog.received.check()  # the next round
    qtbot.waitUntil(lambda: len(shown()) == 3)
    assert shown() == [("Lancement", "Atteint"), ("Comité de suivi", "Prévu"), ("Bilan", "Prévu")]
    assert dialog.received.text() == ("Reçu d'un autre poste pendant votre saisie, et affiché ici : Jalons. "
                                      "Vos modifications restent.")
    dialog.undo_stack.undo()  # the user's row goes; the colleague's changes stay
    assert shown() == [("Lancement", "Atteint"), ("Comité de suivi", "Prévu")]
    dialog.undo_stack.redo()
    _save(qtbot, dialog)
    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    stored = world.query(world.replicas[0], "SELECT title, status FROM milestone WHERE deleted = 0")
    assert sorted(stored) == [("Bilan", "planned"), ("Comité de suivi", "planned"), ("Lancement", "done")]


def test_the_seance_form_shows_a_place_received_and_keeps_the_chair_typed(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    a, _b = world.replicas
    _seed(world, COUNCIL,
          ("INSERT INTO meeting(id, body_id, number, starts_at, status, place) "
           "VALUES (?, ?, 3, '2027-01-20 14:00:00.000000', 'preparing', 'Tulle')", (MEETING, BODY)))
    dialog = _opened(qtbot, EditMeetingDialog(runner, uuid.UUID(MEETING)))
    dialog.chair_name.setText("Jean-Marc Delpeuch")
    _received_from_b(world, ("UPDATE meeting SET place = 'Brive, salle Dumas', urgent = 1", ()))
    dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: dialog.place.text() == "Brive, salle Dumas")
    assert dialog.urgent.isChecked() and dialog.chair_name.text() == "Jean-Marc Delpeuch"
    assert dialog.received.text().startswith("Reçu d'un autre poste pendant votre saisie, et affiché ici : ")
    assert "Lieu" in dialog.received.text() and "Aussi" not in dialog.received.text()
    dialog.grab().save(str(tmp_path / "meeting_received.png"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.query(a, "SELECT chair_name, place, urgent FROM meeting") == [
        ("Jean-Marc Delpeuch", "Brive, salle Dumas", 1)]


def test_a_funding_line_form_keeps_an_amount_received_and_shows_a_clash(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    a, _b = world.replicas
    _seed(world, ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'Caisse', 'CAF')", (FUNDER,)),
          ("INSERT INTO funding_line(id, project_id, funder_id, fiscal_year, amount_cents) "
           "VALUES (?, ?, ?, 2027, 1200000)", (LINE, PROJECT, FUNDER)))
    line = FundingLineInfo(uuid.UUID(LINE), uuid.UUID(PROJECT), "CAF", 2027, 1_200_000, FundingStatus.PLANNED,
                           "", funder_id=uuid.UUID(FUNDER))

    def edit(**received: object) -> FundingLineDialog:
        dialog = FundingLineDialog(runner, uuid.UUID(PROJECT), (Choice(uuid.UUID(FUNDER), "CAF"),), line=line)
        qtbot.addWidget(dialog)
        _received_from_b(world, *((f"UPDATE funding_line SET {column} = ?", (value,))
                                  for column, value in received.items()))
        return dialog

    dialog = edit(amount_cents=1_500_000)
    dialog.received.check()  # as after a round: nothing typed yet, the line is shown anew
    qtbot.waitUntil(lambda: dialog.amount.text() == "15\u00a0000,00")
    assert dialog.received.isHidden()
    dialog.act.setText("Convention 2027-12")
    _save(qtbot, dialog)
    assert dialog.result() == FundingLineDialog.DialogCode.Accepted
    assert world.query(a, "SELECT amount_cents, act_reference FROM funding_line") == [
        (1_500_000, "Convention 2027-12")]
    assert dialog.before_save == replace(dialog.saved_line, act_reference="")  # what undo puts back

    line = dialog.saved_line  # type: ignore[assignment]
    dialog = edit(fiscal_year=2028, act_reference="Convention 2027-12 bis")
    dialog.year.setValue(2026)
    dialog.received.check()  # as after a round: being edited, the form keeps the user's year and says
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste : Exercice." in dialog.received.text())
    assert dialog.received.text().startswith("Reçu d'un autre poste pendant votre saisie, et affiché ici : "
                                             "Référence de l'acte.")
    assert (dialog.year.value(), dialog.act.text()) == (2026, "Convention 2027-12 bis")
    _save(qtbot, dialog)
    assert dialog.errors["fiscal_year"].text().replace("\u00a0", " ") == (
        "Exercice : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « 2028 ». "
        "Enregistrez à nouveau pour garder votre version.")
    dialog.grab().save(str(tmp_path / "funding_edited_elsewhere.png"))
    _save(qtbot, dialog)
    assert dialog.result() == FundingLineDialog.DialogCode.Accepted
    assert world.query(a, "SELECT fiscal_year, act_reference FROM funding_line") == [
        (2026, "Convention 2027-12 bis")]


def test_the_decision_text_form_shows_a_clash_then_saves_on_the_second_click(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    a, _b = world.replicas
    _seed(world, COUNCIL,
          ("INSERT INTO decision(id, body_id, number, title, articles) VALUES (?, ?, '2027-CA-001', "
           "'Budget', 'Le budget est adopté.')", (DECISION, BODY)))
    dialog = _opened(qtbot, DecisionTextDialog(runner, uuid.UUID(DECISION)))
    _received_from_b(world, ("UPDATE decision SET articles = ?", ("Le budget primitif 2027 est adopté.",)),
                     ("UPDATE decision SET title = ?", ("Budget primitif 2027",)))
    dialog.considerations.setPlainText("Considérant le débat d'orientation budgétaire ;")
    dialog.title.setText("Adoption du budget")
    dialog.received.check()  # as after a round: the form being edited shows the articles received
    qtbot.waitUntil(lambda: not dialog.received.isHidden())
    assert dialog.received.text() == (
        "Reçu d'un autre poste pendant votre saisie, et affiché ici : Articles. Vos modifications restent. "
        "Modifié aussi sur un autre poste : Objet. Votre saisie reste affichée ; « Enregistrer » vous "
        "montrera la valeur reçue avant de la remplacer.")
    assert (dialog.title.text(), dialog.articles.toPlainText()) == (
        "Adoption du budget", "Le budget primitif 2027 est adopté.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.saving.running)

    assert dialog.isVisible()
    assert dialog.message.text() == (
        "Rien n'est enregistré.\nObjet : modifié sur un autre poste pendant votre saisie ; il vaut "
        "maintenant « Budget primitif 2027 ». Enregistrez à nouveau pour garder votre version.")
    dialog.grab().save(str(tmp_path / "decision_edited_elsewhere.png"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.query(a, "SELECT title, considerations, articles FROM decision") == [
        ("Adoption du budget", "Considérant le débat d'orientation budgétaire ;",
         "Le budget primitif 2027 est adopté.")]  # the article received is kept


def test_a_point_form_comes_back_as_left_when_its_title_was_changed_elsewhere(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    a, _b = world.replicas
    _seed(world, COUNCIL,
          SEANCE_IN_PREPARATION,
          ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
           "VALUES (?, ?, 1, 'deliberation', 'Budget')", (ITEM, MEETING)))
    agenda = AgendaDialog(runner, uuid.UUID(MEETING))
    qtbot.addWidget(agenda)
    agenda.show()
    qtbot.waitUntil(lambda: agenda.desk is not None and agenda.points.count() > 0)
    agenda.points.setCurrentRow(0)
    agenda._buttons["edit"].click()
    point = agenda.item_dialog
    assert point is not None and point.title.text() == "Budget"
    _received_from_b(world, ("UPDATE agenda_item SET title = 'Budget primitif 2027', "
                             "presentation = 'Équilibre à 2,4 M€.'", ()))
    point.title.setText("Budget 2027 du GIP")
    point.rapporteur.setText("La directrice")
    point.received.check()  # as after a round: being edited, the form shows the presentation received
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste : Intitulé." in point.received.text())
    assert "et affiché ici : Note de présentation." in point.received.text()
    assert point.presentation.toPlainText() == "Équilibre à 2,4 M€."
    point.save_button.click()

    qtbot.waitUntil(lambda: not point.message.isHidden())  # still open, as the user left it
    assert point.isVisible()
    assert (point.title.text(), point.rapporteur.text()) == ("Budget 2027 du GIP", "La directrice")
    assert "Intitulé : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Budget " \
           "primitif 2027 »" in point.message.text()
    point.grab().save(str(tmp_path / "point_edited_elsewhere.png"))
    point.save_button.click()
    qtbot.waitUntil(lambda: world.query(a, "SELECT title FROM agenda_item") == [("Budget 2027 du GIP",)])
    assert world.query(a, "SELECT rapporteur, presentation FROM agenda_item") == [
        ("La directrice", "Équilibre à 2,4 M€.")]

    qtbot.waitUntil(lambda: agenda.desk is not None and agenda.desk.items[0].title == "Budget 2027 du GIP")
    agenda._buttons["edit"].click()  # opened again, nothing typed: a fiche linked elsewhere shows at once
    point = agenda.item_dialog
    assert point is not None
    _received_from_b(world, ("INSERT INTO agenda_item_project(id, item_id, project_id) VALUES (?, ?, ?)",
                             ("0" * 30 + "20", ITEM, PROJECT)))
    point.received.check()
    qtbot.waitUntil(lambda: point.projects.item(0).checkState() == Qt.CheckState.Checked)
    assert point.received.isHidden() and point.base is not None and len(point.base.project_ids) == 1


def test_a_body_form_keeps_a_representative_received_and_shows_a_clash(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    a, _b = world.replicas
    _seed(world, ("INSERT INTO body(id, code, name, max_proxies, convocation_days) "
                  "VALUES (?, 'CA', 'Conseil', 1, 5)", (BODY,)),
          ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'Caisse', 'CAF')", (FUNDER,)),
          ("INSERT INTO seat(id, body_id, organisation_id, voting_rights, position) "
           "VALUES (?, ?, ?, 100, 0)", (SEAT, BODY, FUNDER)))
    dialog = _opened(qtbot, BodyDialog(runner, uuid.UUID(BODY)))
    _received_from_b(world, ("UPDATE body SET max_proxies = 3", ()),
                     ("INSERT INTO representative(id, seat_id, full_name) VALUES (?, ?, 'Anne Roux')",
                      ("0" * 31 + "a", SEAT)))
    dialog.convocation_days.setValue(10)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.query(a, "SELECT convocation_days, max_proxies FROM body") == [(10, 3)]
    assert world.query(a, "SELECT full_name FROM representative WHERE deleted = 0") == [("Anne Roux",)]

    dialog = _opened(qtbot, BodyDialog(runner, uuid.UUID(BODY)))
    _received_from_b(world, ("UPDATE body SET max_proxies = 2, convocation_days = 7", ()),
                     ("UPDATE representative SET full_name = 'Anne Roux-Martin'", ()))
    dialog.max_proxies.setValue(4)
    dialog.received.check()  # as after a round: being edited, the form shows what it can of it
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste : Pouvoirs par mandataire." in
                    dialog.received.text())
    assert dialog.received.text().startswith("Reçu d'un autre poste pendant votre saisie, et affiché ici : "
                                             "Délai de convocation (jours), Sièges et représentants.")
    assert (dialog.max_proxies.value(), dialog.convocation_days.value()) == (4, 7)
    assert [p.full_name for p in dialog.seats.seats()[0].representatives] == ["Anne Roux-Martin"]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.saving.running)
    assert dialog.isVisible() and "Pouvoirs par mandataire : modifié sur un autre poste pendant votre " \
                                  "saisie ; il vaut maintenant « 2 »" in dialog.message.text()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert world.query(a, "SELECT max_proxies, convocation_days FROM body") == [(4, 7)]

    dialog = _opened(qtbot, BodyDialog(runner, uuid.UUID(BODY)))  # a représentant added here, another
    dialog.tabs.setCurrentWidget(dialog.seats)  # there: the seat shown merged
    dialog.seats.add_person()
    cell = dialog.seats.people.findChild(QLineEdit)
    assert cell is not None
    cell.setText("Jean Petit")
    dialog.seats.people.commitData(cell)
    dialog.seats.people.closeEditor(cell, QAbstractItemDelegate.EndEditHint.NoHint)
    _received_from_b(world, ("INSERT INTO representative(id, seat_id, full_name) VALUES (?, ?, 'Paul Mas')",
                             ("0" * 31 + "c", SEAT)))
    dialog.received.check()
    qtbot.waitUntil(lambda: len(dialog.seats.seats()[0].representatives) == 3)
    assert "et affiché ici : Sièges et représentants." in dialog.received.text()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert sorted(world.query(a, "SELECT full_name FROM representative WHERE deleted = 0")) == [
        ("Anne Roux-Martin",), ("Jean Petit",), ("Paul Mas",)]


def test_a_choice_made_on_the_sync_page_is_not_undone_by_the_open_form(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    """The form shows one of two titles in conflict; the other is kept on the Synchronisation page while
    the form stays open; saving the form for another field keeps the title chosen."""
    a, b = world.replicas
    world.write(a, ("UPDATE project SET title = 'Jardin solidaire'", ()))
    world.write(b, ("UPDATE project SET title = 'Jardin des familles'", ()))
    world.settle(2)
    _page, dialog = _open_form(qtbot, runner, title="")
    shown = dialog.tabs.title_edit.text()
    sync = SyncPage(runner)
    qtbot.addWidget(sync)
    sync.attach_controller(SyncController(runner, a.path))
    sync.refresh()
    qtbot.waitUntil(lambda: sync.sections.conflicts_model.rowCount() == 1)
    sync.sections.conflicts_table.selectRow(0)
    combo = sync.sections.value_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if not combo.itemText(i).startswith(shown)))
    kept = combo.currentData()
    sync.sections.keep_button.click()
    qtbot.waitUntil(lambda: sync.sections.conflicts_model.rowCount() == 0)
    assert kept != shown and dialog.tabs.title_edit.text() == shown  # the form still shows its title

    dialog.tabs.summary.setPlainText("Parcelles prêtées aux familles, atelier de cuisine.")
    _save(qtbot, dialog)
    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    assert _stored(world) == (kept, "Parcelles prêtées aux familles, atelier de cuisine.")


def test_an_untouched_form_shows_what_a_round_brought(qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    """Nothing typed in the fiche's or the décision's form yet: a round's change is shown in it at once."""
    _seed(world, COUNCIL,
          ("INSERT INTO decision(id, body_id, number, title) VALUES (?, ?, '2027-CA-001', 'Budget')",
           (DECISION, BODY)))
    _page, fiche = _open_form(qtbot, runner)
    decision = _opened(qtbot, DecisionTextDialog(runner, uuid.UUID(DECISION)))
    _received_from_b(world, ("UPDATE project SET summary = 'Parcelles et atelier de cuisine.'", ()),
                     ("UPDATE decision SET title = 'Budget primitif 2027'", ()))
    for dialog in (fiche, decision):
        dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: fiche.tabs.summary.toPlainText() == "Parcelles et atelier de cuisine.")
    qtbot.waitUntil(lambda: decision.title.text() == "Budget primitif 2027")
    assert fiche.received.isHidden() and decision.received.isHidden() and not fiche.is_modified()
    fiche.tabs.title_edit.selectAll()
    qtbot.keyClicks(fiche.tabs.title_edit, "Jardin ouvert")
    _save(qtbot, fiche)
    assert _stored(world) == ("Jardin ouvert", "Parcelles et atelier de cuisine.")


def test_the_fiche_forms_badge_arbitrates_and_the_untouched_form_shows_the_value_kept(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    """Two titles in conflict; from the open fiche form's badge, the one it does not show is kept: the
    form, with nothing typed in it, shows the title kept, and its badge goes."""
    a, b = world.replicas
    world.write(a, ("UPDATE project SET title = 'Jardin solidaire'", ()))
    world.write(b, ("UPDATE project SET title = 'Jardin des familles'", ()))
    world.settle(2)
    page = open_page(qtbot, runner, PortfolioPage)
    page.sync = SyncController(runner, a.path)  # type: ignore[attr-defined]  # as MainWindow.sync
    dialog = page.actions_bar.open_form(uuid.UUID(PROJECT))
    qtbot.waitUntil(lambda: bool(dialog.tabs.title_edit.text()) and not dialog.conflict_badge.isHidden())
    shown = dialog.tabs.title_edit.text()
    badge = dialog.conflict_badge
    assert badge.arbitrable and "Cliquez pour les arbitrer ici." in badge.toolTip()
    dialog.conflict_badge.click()
    arbitrate = dialog.findChild(ArbitrateDialog)
    assert arbitrate is not None
    combo = arbitrate.list.value_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if not combo.itemText(i).startswith(shown)))
    kept = combo.currentData()
    dialog.grab().save(str(tmp_path / "fiche_badge_arbitrate.png"))
    arbitrate.list.keep_button.click()
    qtbot.waitUntil(lambda: dialog.tabs.title_edit.text() == kept)
    qtbot.waitUntil(dialog.conflict_badge.isHidden)
    assert dialog.received.isHidden() and _stored(world)[0] == kept


def test_the_axis_and_identity_forms_show_what_a_round_brought_beside_the_users_entries(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    a, _b = world.replicas
    framework, axis, city = "0" * 30 + "40", "0" * 30 + "41", natural_id("setting", "gip.city").hex
    _seed(world, ("INSERT INTO framework(id, code, title) VALUES (?, 'PDI', 'Plan')", (framework,)),
          ("INSERT INTO axis(id, framework_id, number, title, position) VALUES (?, ?, '1', 'Emploi', 1)",
           (axis, framework)),
          ("INSERT INTO setting(id, key, value) VALUES (?, 'gip.city', 'Tulle')", (city,)))
    with db.unit_of_work() as session:
        tree = get_framework(session, uuid.UUID(framework))
    axis_form = AxisDialog(runner, tree, axis=tree.axes[0])
    identity = SettingsDialog(runner)
    for dialog in (axis_form, identity):
        qtbot.addWidget(dialog)
    qtbot.waitUntil(identity.save_button.isEnabled)
    axis_form.number.setText("2")
    identity.edits["gip.name"].setText("GIP Insertion 19")
    _received_from_b(world, ("UPDATE axis SET title = 'Emploi et formation'", ()),
                     ("UPDATE setting SET value = 'Brive-la-Gaillarde'", ()))
    for dialog in (axis_form, identity):
        dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: axis_form.title.text() == "Emploi et formation")
    qtbot.waitUntil(lambda: identity.edits["gip.city"].text() == "Brive-la-Gaillarde")
    assert axis_form.received.text().startswith("Reçu d'un autre poste pendant votre saisie, et affiché "
                                                "ici : Intitulé.")
    assert "et affiché ici : Ville (lieu de signature)." in identity.received.text()
    axis_form.grab().save(str(tmp_path / "axis_received.png"))
    axis_form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    identity.save_button.click()
    qtbot.waitUntil(lambda: not axis_form.isVisible() and not identity.isVisible())
    assert world.query(a, "SELECT number, title FROM axis") == [("2", "Emploi et formation")]
    assert world.query(a, "SELECT value FROM setting WHERE key = 'gip.city'") == [("Brive-la-Gaillarde",)]


def test_the_follow_ups_editor_shows_a_round_unless_the_point_is_being_edited(
        qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path) -> None:
    """Nothing typed: a colleague's change shows at once. The point's actions being edited: shown merged
    by action and part (the colleague's « qui », the user's « quoi ») and saved so; the same part changed
    on both sides is shown by the save before being replaced."""
    a, _b = world.replicas
    action = follow_up_row_id(uuid.UUID(ITEM), 1).hex
    _seed(world, COUNCIL,
          HELD_SEANCE,
          ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
           "VALUES (?, ?, 1, 'information', 'Bilan')", (ITEM, MEETING)),
          ("INSERT INTO follow_up_action(id, item_id, position, who, what) "
           "VALUES (?, ?, 1, 'Directrice', 'Diffuser le bilan')", (action, ITEM)))
    dialog = FollowUpsDialog(runner, uuid.UUID(MEETING))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    _received_from_b(world, ("UPDATE follow_up_action SET who = 'Secrétariat'", ()))
    dialog.received.check()  # as after a round: nothing typed, shown at once
    qtbot.waitUntil(lambda: dialog.table.item(0, 0).text() == "Secrétariat")
    assert dialog.received.isHidden()

    dialog.table.item(0, 1).setText("Diffuser le bilan aux membres")
    _received_from_b(world, ("UPDATE follow_up_action SET who = 'Service juridique'", ()))
    dialog.received.check()  # being edited: shown merged, b's « qui », the user's « quoi »
    qtbot.waitUntil(lambda: dialog.table.item(0, 0).text() == "Service juridique")
    assert dialog.table.item(0, 1).text() == "Diffuser le bilan aux membres" and dialog.dirty
    assert dialog.received.text() == ("Reçu d'un autre poste pendant votre saisie, et affiché ici : Actions "
                                      "de suivi de ce point. Vos modifications restent.")
    dialog.buttons["save"].click()
    stored = "SELECT who, what FROM follow_up_action WHERE deleted = 0"
    merged = [("Service juridique", "Diffuser le bilan aux membres")]
    qtbot.waitUntil(lambda: world.query(a, stored) == merged)

    dialog.table.item(0, 0).setText("Direction")
    _received_from_b(world, ("UPDATE follow_up_action SET who = 'Greffe'", ()))
    dialog.buttons["save"].click()
    qtbot.waitUntil(lambda: "il vaut maintenant « Greffe : Diffuser le bilan aux membres »" in
                    dialog.message.text())
    dialog.grab().save(str(tmp_path / "follow_ups_edited_elsewhere.png"))
    dialog.buttons["save"].click()
    qtbot.waitUntil(lambda: world.query(a, stored) == [("Direction", "Diffuser le bilan aux membres")])


def test_the_agenda_follows_a_round_and_keeps_the_point_selected(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    """A point added above on another workstation: after the round the list shows it and the point the
    user had selected stays selected (« Retirer » acts on it, not on its neighbour); a move made on a
    list older than the agenda is refused in French and the list is shown again."""
    a, _b = world.replicas
    other = "0" * 30 + "50"
    _seed(world, COUNCIL,
          SEANCE_IN_PREPARATION,
          ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
           "VALUES (?, ?, 1, 'deliberation', 'Budget')", (ITEM, MEETING)),
          ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
           "VALUES (?, ?, 2, 'information', 'Bilan')", (other, MEETING)))
    window = QWidget()
    qtbot.addWidget(window)
    window.sync = SyncController(runner, a.path)  # type: ignore[attr-defined]  # as MainWindow.sync
    agenda = AgendaDialog(runner, uuid.UUID(MEETING), window)
    qtbot.addWidget(agenda)
    qtbot.waitUntil(lambda: agenda.points.count() == 2)
    agenda.points.setCurrentRow(1)  # « Bilan »
    added = ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
             "VALUES (?, ?, 1, 'information', 'Installation du conseil')", ("0" * 30 + "51", MEETING))
    _received_from_b(world, ("UPDATE agenda_item SET position = position + 1", ()), added)
    stale = agenda.item_ids()
    window.sync.round_finished.emit(None)  # type: ignore[attr-defined]  # as after a round
    qtbot.waitUntil(lambda: agenda.points.count() == 3)
    current = agenda.current_item()
    assert current is not None and current.title == "Bilan" and agenda.points.currentRow() == 2

    agenda._reorder(list(reversed(stale)))  # a move computed on the list as it was before the round
    qtbot.waitUntil(lambda: bool(agenda.message.text()))
    assert agenda.message.text() == ("L'ordre du jour a changé sur un autre poste pendant votre saisie : il "
                                     "est affiché à jour, refaites le déplacement.")
    assert world.query(a, "SELECT title FROM agenda_item ORDER BY position") == [
        ("Installation du conseil",), ("Budget",), ("Bilan",)]


def test_the_follow_ups_editor_stays_on_its_point_when_a_round_adds_one_above(
        qtbot: QtBot, runner: TaskRunner, world: World) -> None:
    _seed(world, COUNCIL,
          HELD_SEANCE,
          *(("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
             "VALUES (?, ?, ?, 'information', ?)", (item, MEETING, position, title))
            for item, position, title in ((ITEM, 1, "Bilan"), ("0" * 30 + "60", 2, "Calendrier"))))
    dialog = FollowUpsDialog(runner, uuid.UUID(MEETING))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.points.count() == 2)
    dialog.points.setCurrentRow(1)
    _received_from_b(world, ("UPDATE agenda_item SET position = position + 1", ()),
                     ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
                      "VALUES (?, ?, 1, 'information', 'Installation')", ("0" * 30 + "61", MEETING)))
    dialog.received.check()  # as after a round: nothing typed, the sheet is read again
    qtbot.waitUntil(lambda: dialog.points.count() == 3)
    point = dialog.current_point()
    assert point is not None and point.title == "Calendrier" and dialog.points.currentRow() == 2


def test_a_table_cell_being_typed_in_is_not_redrawn_by_a_round(qtbot: QtBot, runner: TaskRunner,
                                                               world: World) -> None:
    """« Actions de suivi » and the instance's seats: a cell's editor is open (its text not yet in the
    table) when a round changes the same list: the table is left alone and the notice names the list;
    once the cell is left, the next round shows the change."""
    action = follow_up_row_id(uuid.UUID(ITEM), 1).hex
    _seed(world, COUNCIL,
          ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'Caisse', 'CAF')", (FUNDER,)),
          ("INSERT INTO seat(id, body_id, organisation_id, voting_rights, position) "
           "VALUES (?, ?, ?, 100, 0)", (SEAT, BODY, FUNDER)),
          ("INSERT INTO representative(id, seat_id, full_name) VALUES (?, ?, 'Jean Roux')",
           ("0" * 31 + "b", SEAT)),
          HELD_SEANCE,
          ("INSERT INTO agenda_item(id, meeting_id, position, kind, title) "
           "VALUES (?, ?, 1, 'information', 'Bilan')", (ITEM, MEETING)),
          ("INSERT INTO follow_up_action(id, item_id, position, who, what) "
           "VALUES (?, ?, 1, 'Directrice', 'Diffuser le bilan')", (action, ITEM)))
    follow_ups = FollowUpsDialog(runner, uuid.UUID(MEETING))
    body = _opened(qtbot, BodyDialog(runner, uuid.UUID(BODY)))
    qtbot.addWidget(follow_ups)
    follow_ups.show()
    qtbot.waitUntil(lambda: follow_ups.table.rowCount() == 1)
    body.tabs.setCurrentWidget(body.seats)
    for table in (follow_ups.table, body.seats.people):
        table.setFocus()
        table.editItem(table.item(0, 0))
    _received_from_b(world, ("UPDATE follow_up_action SET who = 'Secrétariat'", ()),
                     ("INSERT INTO representative(id, seat_id, full_name) VALUES (?, ?, 'Anne Roux')",
                      ("0" * 31 + "a", SEAT)))
    for dialog in (follow_ups, body):
        dialog.received.check()  # as after a round
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste" in follow_ups.received.text())
    qtbot.waitUntil(lambda: "Modifié aussi sur un autre poste : Sièges et représentants." in
                    body.received.text())
    assert follow_ups.table.item(0, 0).text() == "Directrice" and body.seats.people.rowCount() == 1
    for table in (follow_ups.table, body.seats.people):  # the cell is left as it was (Entrée)
        cell = table.findChild(QLineEdit)
        assert cell is not None
        table.commitData(cell)
        table.closeEditor(cell, QAbstractItemDelegate.EndEditHint.NoHint)
    qtbot.waitUntil(lambda: not is_typing_in(follow_ups.table, body.seats.people))
    for dialog in (follow_ups, body):
        dialog.received.check()  # the next round
    qtbot.waitUntil(lambda: follow_ups.table.item(0, 0).text() == "Secrétariat")
    qtbot.waitUntil(lambda: body.seats.people.rowCount() == 2)
