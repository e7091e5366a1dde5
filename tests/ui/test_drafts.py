"""Unsaved edits survive Maillage stopping with a form open (a crash, a power cut, the window closed over
it): the form keeps them every few seconds beside the base, and the same form opened again offers them
back; taken back, only the fields the user changed go over the stored values, so a change saved
meanwhile (another workstation's) stays. Closing the form, saved or not, forgets them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import shiboken6
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from app import db
from app.domain.body_editing import RepresentativeForm
from app.domain.enums import MeetingStatus
from app.domain.project_form import Choice
from app.models.body import Body
from app.models.meeting import AgendaItem, Decision, Meeting
from app.models.organisation import Organisation
from app.models.project import Project
from app.services.body_editing import body_form, save_body
from app.services.decision_texts import decision_text
from app.services.follow_ups import follow_up_sheet
from app.services.frameworks import list_frameworks
from app.services.governance import get_meeting
from app.services.organisation_register import list_organisations, organisation_summary, update_organisation
from app.services.settings import get_identity, save_identity
from app.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from app.ui.dialogs.body_dialog import BodyDialog
from app.ui.dialogs.contributions_dialog import ContributionsDialog
from app.ui.dialogs.decision_text_dialog import DecisionTextDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.framework_dialog import AxisDialog, FrameworkDialog
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.dialogs.meeting_dialog import EditMeetingDialog, NewMeetingDialog
from app.ui.dialogs.organisation_dialog import OrganisationDialog
from app.ui.dialogs.project_form_dialog import ProjectFormDialog
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.tasks import TaskRunner, io_runner

Asked = list[str]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """The questions put to the coordinator, each answered « Oui »."""
    questions: Asked = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return questions


def _editable_decision() -> uuid.UUID:
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(Decision.id).order_by(Decision.number)))
        return next(i for i in ids if not decision_text(session, i).locked)


def _opened(qtbot: QtBot, dialog: QDialog) -> QDialog:
    dialog.show()
    qtbot.waitUntil(lambda: getattr(dialog, "loaded", True) and dialog.drafts._timer.isActive())
    return dialog


def _stop_with_the_form_open(dialog: QDialog) -> Path:
    """The last few seconds are kept, then Maillage stops: the form is neither saved nor closed."""
    dialog.drafts.keep_now()  # type: ignore[attr-defined]
    io_runner().wait_for_jobs()
    path = dialog.drafts.path  # type: ignore[attr-defined]
    shiboken6.delete(dialog)
    return path


def test_a_decision_text_typed_before_a_crash_is_offered_back_and_saved(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    decision = _editable_decision()
    dialog = _opened(qtbot, DecisionTextDialog(runner, decision))
    dialog.considerations.setPlainText("Considérant l'avis favorable du comité de pilotage ;")
    path = _stop_with_the_form_open(dialog)
    assert path.exists() and path.parent.name == "demo-brouillons"

    again = _opened(qtbot, DecisionTextDialog(runner, decision))
    qtbot.addWidget(again)

    assert len(asked) == 1 and asked[0].startswith("Des modifications de ce texte de décision, faites le ")
    assert again.considerations.toPlainText() == "Considérant l'avis favorable du comité de pilotage ;"
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()  # saved: nothing left to offer
    with db.unit_of_work() as session:
        assert decision_text(session, decision).considerations == (
            "Considérant l'avis favorable du comité de pilotage ;",)


def test_a_fiche_draft_goes_over_what_was_saved_meanwhile_only_where_the_user_typed(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    with db.unit_of_work() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        assert project is not None
        project_id, title = project.id, project.title
    dialog = _opened(qtbot, ProjectFormDialog(runner, project_id=project_id))
    dialog.tabs.summary.setPlainText("Résumé revu avec le Département en réunion.")
    _stop_with_the_form_open(dialog)
    with db.unit_of_work() as session:  # saved meanwhile, e.g. received from another workstation
        session.get(Project, project_id).title = f"{title} (intitulé revu)"  # type: ignore[union-attr]

    again = _opened(qtbot, ProjectFormDialog(runner, project_id=project_id))
    qtbot.addWidget(again)

    assert len(asked) == 1 and "de cette fiche action" in asked[0]
    assert again.tabs.summary.toPlainText() == "Résumé revu avec le Département en réunion."
    assert again.tabs.title_edit.text() == f"{title} (intitulé revu)"  # not the draft's older title
    assert again.is_modified() and again.undo_stack.canUndo()  # « Annuler » takes the draft back out


def test_a_draft_refused_or_a_form_closed_on_purpose_leaves_nothing_to_offer(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no = {"Modifications non enregistrées": QMessageBox.StandardButton.No,  # the draft is not taken back
          "Abandonner les modifications ?": QMessageBox.StandardButton.Discard}  # closing loses the edits
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, *_a: no[title])
    decision = _editable_decision()
    dialog = _opened(qtbot, DecisionTextDialog(runner, decision))
    dialog.title.setText("Objet saisi puis abandonné")
    path = _stop_with_the_form_open(dialog)

    again = _opened(qtbot, DecisionTextDialog(runner, decision))
    qtbot.addWidget(again)
    assert not path.exists() and again.title.text() != "Objet saisi puis abandonné"  # refused: forgotten
    again.title.setText("Objet saisi puis fermé")
    again.drafts.keep_now()
    io_runner().wait_for_jobs()
    assert path.exists()
    again.reject()  # closed on purpose: « Abandonner les modifications ? » answered « Abandonner »
    io_runner().wait_for_jobs()
    assert not path.exists()


def test_escape_on_a_changed_decision_text_asks_before_losing_it(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: Asked = []

    def answer(_parent: object, title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(f"{title} {text}")
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = _opened(qtbot, DecisionTextDialog(runner, _editable_decision()))
    qtbot.addWidget(dialog)
    dialog.reject()  # nothing changed: no question
    assert not dialog.isVisible() and asked == []
    dialog = _opened(qtbot, DecisionTextDialog(runner, _editable_decision()))
    qtbot.addWidget(dialog)
    dialog.articles.setPlainText("Le compte financier est approuvé.")

    dialog.reject()  # « Annuler » chosen in the question: the text stays

    assert dialog.isVisible() and dialog.articles.toPlainText() == "Le compte financier est approuvé."
    assert asked == ["Abandonner les modifications ? Vos modifications ne sont pas enregistrées. Fermer sans "
                     "les enregistrer ?"]
    dialog.reject()
    assert not dialog.isVisible()


def test_a_new_point_typed_before_a_crash_is_offered_back(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """The note of a new point of the ordre du jour: the longest text typed while preparing a séance."""
    with db.unit_of_work() as session:
        meeting = session.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.PREPARING)).first()
    assert meeting is not None
    dialog = _opened(qtbot, AgendaItemDialog(runner, meeting, ()))
    dialog.title.setText("Reconduction de l'action « Mobilité »")
    dialog.presentation.setPlainText("Le comité de pilotage propose de reconduire l'action.")
    path = _stop_with_the_form_open(dialog)
    assert path.exists()

    again = _opened(qtbot, AgendaItemDialog(runner, meeting, ()))
    qtbot.addWidget(again)
    assert len(asked) == 1 and asked[0].startswith("Des modifications de ce point de l'ordre du jour, ")
    assert again.title.text() == "Reconduction de l'action « Mobilité »"
    assert again.presentation.toPlainText() == "Le comité de pilotage propose de reconduire l'action."
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        assert session.scalars(select(AgendaItem.presentation).where(
            AgendaItem.meeting_id == meeting, AgendaItem.title.startswith("Reconduction"))).one() \
            == "Le comité de pilotage propose de reconduire l'action."


def test_an_instance_draft_comes_back_merged_with_a_seat_saved_meanwhile(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """Rules and representatives typed before a crash, while another workstation added a representative
    to another seat: both are there once the draft is taken back, and saved together."""
    with db.unit_of_work() as session:
        body = session.scalars(select(Body.id).where(Body.code == "CA")).one()
        stored = body_form(session, body)
    first, second = stored.seats[0], stored.seats[1]
    dialog = _opened(qtbot, BodyDialog(runner, body))
    dialog.max_proxies.setValue(3)
    mine = replace(first, representatives=(*first.representatives, RepresentativeForm(None, "Anne Roux")))
    dialog.seats.set_seats([mine, *stored.seats[1:]], stored.organisations)
    path = _stop_with_the_form_open(dialog)
    added = RepresentativeForm(None, "Marc Lenoir")
    theirs = replace(second, representatives=(*second.representatives, added))
    with db.unit_of_work() as session:  # saved meanwhile (received from another workstation)
        save_body(session, body, stored.rules, [first, theirs, *stored.seats[2:]])

    again = _opened(qtbot, BodyDialog(runner, body))
    qtbot.addWidget(again)
    assert len(asked) == 1 and asked[0].startswith("Des modifications de cette instance, faites le ")
    assert again.max_proxies.value() == 3
    names = {person.full_name for seat in again.seats.seats() for person in seat.representatives}
    assert {"Anne Roux", "Marc Lenoir"} <= names
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        saved = body_form(session, body)
    assert saved.rules.max_proxies == 3
    assert {"Anne Roux", "Marc Lenoir"} <= {p.full_name for seat in saved.seats for p in seat.representatives}


def test_follow_up_actions_typed_in_the_seance_are_offered_back_on_their_point(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """The secretary types who does what for the point under discussion; Maillage stops before the point is
    left or « Enregistrer » pressed. Opened again, the séance's actions offer them back on that point, and
    « Fermer » saves them."""
    with db.unit_of_work() as session:
        meeting = session.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.CLOSED)).first()
    assert meeting is not None
    dialog = _opened(qtbot, FollowUpsDialog(runner, meeting))
    assert dialog.sheet is not None and asked == []  # nothing kept: nothing asked
    row = len(dialog.sheet.points) - 1
    dialog.points.setCurrentRow(row)
    dialog.add_action()
    added = dialog.table.rowCount() - 1
    dialog.table.item(added, 0).setText("Directrice du GIP")
    dialog.table.item(added, 1).setText("Réunir les porteurs avant le 15 janvier")
    path = _stop_with_the_form_open(dialog)
    assert path.exists()

    again = _opened(qtbot, FollowUpsDialog(runner, meeting))
    qtbot.addWidget(again)

    assert len(asked) == 1 and asked[0].startswith("Des modifications de ces actions de suivi, faites le ")
    assert again.points.currentRow() == row and again.dirty
    assert again.entries()[-1].who == "Directrice du GIP"
    again.reject()  # « Fermer »: the point's actions are saved first
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        sheet = follow_up_sheet(session, meeting)
    point = sheet.points[row]
    assert point.stored and point.entries[-1].what == "Réunir les porteurs avant le 15 janvier"


def test_a_seance_form_typed_before_a_crash_is_offered_back_over_what_was_saved_meanwhile(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """« Modifier la séance… »: the guests typed come back; the place, saved meanwhile (another
    workstation's change) and not touched here, keeps its new value."""
    with db.unit_of_work() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PREPARING)).first()
        assert meeting is not None
        meeting_id, place = meeting.id, meeting.place
    dialog = _opened(qtbot, EditMeetingDialog(runner, meeting_id))
    assert asked == []
    dialog.guests.setPlainText("Mme Martin, commissaire du Gouvernement")
    path = _stop_with_the_form_open(dialog)
    with db.unit_of_work() as session:
        stored = session.get(Meeting, meeting_id)
        assert stored is not None
        stored.place = "Salle du conseil, siège du GIP"

    again = _opened(qtbot, EditMeetingDialog(runner, meeting_id))
    qtbot.addWidget(again)

    assert len(asked) == 1 and asked[0].startswith("Des modifications de cette séance, faites le ")
    assert again.guests.toPlainText() == "Mme Martin, commissaire du Gouvernement"
    assert again.place.text() == "Salle du conseil, siège du GIP" != place
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        detail = get_meeting(session, meeting_id)
    assert detail.guests == ("Mme Martin, commissaire du Gouvernement",)


def test_an_organisation_typed_before_a_crash_comes_back_over_a_name_saved_meanwhile(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """The small forms keep their drafts too (FormDialog.keep_drafts): here « Modifier l'organisation »."""
    with db.unit_of_work() as session:
        organisation = next(o for o in list_organisations(session) if o.short_name)
    dialog = _opened(qtbot, OrganisationDialog(runner, organisation))
    dialog.short_name.setText("MSA-L")
    dialog.address.setPlainText("12 rue des Tilleuls\n19000 Tulle")
    path = _stop_with_the_form_open(dialog)
    assert path.exists()
    with db.unit_of_work() as session:  # saved meanwhile, e.g. received from another workstation
        update_organisation(session, organisation.id, {"name": "Nom revu ailleurs"})
    with db.unit_of_work() as session:
        fresh = organisation_summary(session, organisation.id)

    again = _opened(qtbot, OrganisationDialog(runner, fresh))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: len(asked) == 1)

    assert "de cette organisation" in asked[0]
    assert again.short_name.text() == "MSA-L"
    assert again.address.toPlainText() == "12 rue des Tilleuls\n19000 Tulle"
    assert again.name.text() == "Nom revu ailleurs"  # not the draft's older name
    again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        saved = organisation_summary(session, organisation.id)
    assert (saved.name, saved.short_name) == ("Nom revu ailleurs", "MSA-L")


def test_a_new_framework_typed_before_a_crash_comes_back_whole(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    """Every kind of field comes back: texts, a choice, dates (one left « non précisée »), the framework
    replaced."""
    with db.unit_of_work() as session:
        frameworks = list_frameworks(session)
    dialog = _opened(qtbot, FrameworkDialog(runner, frameworks))
    dialog.code.setText("PLS 2028-2031")
    dialog.title.setText("Pacte local des solidarités")
    dialog.kind.setCurrentIndex(dialog.kind.count() - 1)
    dialog.starts_on.setDate(QDate(2028, 1, 1))
    dialog.replaces.setCurrentIndex(1)
    typed = dialog.typed()
    _stop_with_the_form_open(dialog)

    again = _opened(qtbot, FrameworkDialog(runner, frameworks))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: len(asked) == 1)

    assert "de ce nouveau cadre stratégique" in asked[0]
    assert again.typed() == typed and typed["ends_on"] is None and typed["replaces_id"] is not None


def test_the_gip_identity_typed_before_a_crash_comes_back_over_a_director_saved_meanwhile(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    dialog = _opened(qtbot, SettingsDialog(runner))
    dialog.edits["gip.seat"].setText("9 rue René et Émile Fage, 19000 Tulle")
    path = _stop_with_the_form_open(dialog)
    assert path.exists()
    with db.unit_of_work() as session:  # saved meanwhile on another workstation
        save_identity(session, {"gip.director": "Mme Anne Roux"})

    again = _opened(qtbot, SettingsDialog(runner))
    qtbot.addWidget(again)

    assert len(asked) == 1 and "de l'identité du GIP" in asked[0]
    assert again.edits["gip.seat"].text() == "9 rue René et Émile Fage, 19000 Tulle"
    assert again.edits["gip.director"].text() == "Mme Anne Roux"
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    io_runner().wait_for_jobs()
    assert not path.exists()
    with db.unit_of_work() as session:
        identity = get_identity(session)
    assert (identity.seat, identity.director) == ("9 rue René et Émile Fage, 19000 Tulle", "Mme Anne Roux")


def test_a_funding_line_typed_before_a_crash_comes_back_and_a_half_typed_amount_keeps_the_last_one(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    with db.unit_of_work() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        funder = session.scalars(select(Organisation).order_by(Organisation.name)).first()
        assert project is not None and funder is not None
        project_id, funders = project.id, (Choice(funder.id, funder.name),)
    dialog = _opened(qtbot, FundingLineDialog(runner, project_id, funders))
    dialog.funder.setCurrentIndex(1)
    dialog.amount.setText("12 500,50")
    dialog.act.setText("Délibération 2027-CA-003")
    dialog.drafts.keep_now()
    dialog.amount.setText("12 500,5x")  # being corrected when Maillage stopped: not an amount
    path = _stop_with_the_form_open(dialog)
    assert path.exists()

    again = _opened(qtbot, FundingLineDialog(runner, project_id, funders))
    qtbot.addWidget(again)

    assert len(asked) == 1 and "de cette ligne de financement" in asked[0]
    assert again.funder.currentData() == funder.id
    assert again.amount.text().replace("\u00a0", " ") == "12 500,50"  # the last amount kept, as typed
    assert again.act.text() == "Délibération 2027-CA-003"


def test_a_new_seance_typed_before_a_crash_comes_back(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    bodies = (Choice(uuid.uuid4(), "CA — Conseil d'administration"), Choice(uuid.uuid4(), "COPIL"))
    dialog = _opened(qtbot, NewMeetingDialog(runner, bodies))
    dialog.body.setCurrentIndex(1)
    dialog.starts_at.setDateTime(QDateTime(QDate(2027, 3, 11), QTime(9, 30)))
    dialog.place.setText("Maison de l'insertion, Maillac")
    dialog.urgent.setChecked(True)
    typed = dialog.values()
    _stop_with_the_form_open(dialog)

    again = _opened(qtbot, NewMeetingDialog(runner, bodies))
    qtbot.addWidget(again)

    assert len(asked) == 1 and "de cette nouvelle séance" in asked[0]
    assert again.values() == typed


def test_an_axis_retitled_before_a_crash_comes_back(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    with db.unit_of_work() as session:
        framework = list_frameworks(session)[0]
    axis = framework.all_axes()[0]
    dialog = _opened(qtbot, AxisDialog(runner, framework, axis=axis))
    dialog.title.setText("Intitulé revu en séance de travail")
    _stop_with_the_form_open(dialog)

    again = _opened(qtbot, AxisDialog(runner, framework, axis=axis))
    qtbot.addWidget(again)

    assert len(asked) == 1 and "de cet axe" in asked[0]
    assert again.title.text() == "Intitulé revu en séance de travail" and again.number.text() == axis.number


def test_contributions_typed_before_a_crash_come_back_on_their_year(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, asked: Asked
) -> None:
    dialog = ContributionsDialog(runner)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and dialog.drafts._timer.isActive())
    dialog.year.setValue(2027)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and dialog.save_button.isEnabled())
    member = dialog.table.item(0, 0).text()
    dialog.table.item(0, 3).setText("12 500,50")
    _stop_with_the_form_open(dialog)

    again = ContributionsDialog(runner)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.year.value() == 2027 and again.table.rowCount() > 0
                    and again.table.item(0, 3).text() == "12 500,50")

    assert len(asked) == 1 and "de ces contributions" in asked[0]
    assert again.table.item(0, 0).text() == member and again.is_modified()
