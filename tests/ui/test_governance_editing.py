"""Instances editing, issue 4 leftovers: a séance's « Modifier… », « Approuver le PV… », the invitation in
« Générer… » (real widgets, real demo database, synchronous worker)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from app import db
from app.domain.enums import DocumentStatus, MatterKind, MeetingStatus
from app.domain.governance import MeetingDetail, minutes_approval_day
from app.domain.ids import natural_id
from app.models.meeting import Decision
from app.services.body_editing import body_form
from app.services.document_register import set_document_status
from app.services.governance import get_meeting
from app.services.meeting_documents import issue_deliberation
from app.ui.dialogs import confirm
from app.ui.dialogs.body_dialog import BodyDialog
from app.ui.dialogs.decision_text_dialog import DecisionTextDialog
from app.ui.dialogs.follow_ups_dialog import FollowUpsDialog
from app.ui.dialogs.meeting_dialog import ApproveMinutesDialog, EditMeetingDialog
from app.ui.dialogs.new_body_dialog import NewBodyDialog
from app.ui.dialogs.new_organisation_dialog import NewOrganisationDialog
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


def stored_meeting(page: GovernancePage) -> MeetingDetail:
    """The selected séance as the database now holds it."""
    assert page.actions_bar.meeting is not None
    with db.SessionFactory() as session:
        return get_meeting(session, page.actions_bar.meeting.id)


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
    detail = stored_meeting(page)
    assert detail.urgent and detail.video_link == "https://visio.example.org/ca"


def test_a_held_meeting_keeps_its_place(page: GovernancePage) -> None:
    dialog = open_edit(page, MeetingStatus.CLOSED)
    assert not dialog.place.isEnabled() and not dialog.video_link.isEnabled()
    assert dialog.secretary_name.isEnabled()
    assert "ne changent plus une fois la séance tenue" in dialog.frozen_note.text()
    assert "place" not in dialog.values()


def test_a_closing_time_noted_late_is_corrected_in_the_seance_form(page: GovernancePage) -> None:
    """The closed demo séance (CA, 8 October 2026) was closed at 16 h 07: corrected to 16 h 00, typed
    « 16 h », then the PV's time; a time that is not one is named under the form."""
    dialog = open_edit(page, MeetingStatus.CLOSED)
    assert (dialog.opened_at.text(), dialog.closed_at.text()) == ("14:35", "16:07")
    assert dialog.opened_at.isEnabled() and dialog.closed_at.isEnabled()
    dialog.closed_at.setText("16 h 7x")
    dialog.save_button.click()
    assert dialog.isVisible() and "« 16 h 7x » n'est pas une heure (Clôture)" in dialog.message.text()

    dialog.closed_at.setText("16 h")
    dialog.save_button.click()

    assert not dialog.isVisible()
    detail = stored_meeting(page)
    assert detail.closed_at is not None and detail.closed_at.strftime("%d/%m/%Y %H:%M") == "08/10/2026 16:00"
    preparing = open_edit(page, MeetingStatus.PREPARING)
    assert not preparing.opened_at.isEnabled() and not preparing.closed_at.isEnabled()
    assert "se notent en séance" in preparing.frozen_note.text()


def test_approve_the_minutes_of_a_closed_meeting(page: GovernancePage) -> None:
    bar = page.actions_bar
    select_meeting(page, status=MeetingStatus.HELD)
    assert not bar.approve_action.isEnabled()
    select_meeting(page, status=MeetingStatus.CLOSED)  # CA n° 3 of 8 October 2026
    assert bar.approve_action.isEnabled()
    bar.approve_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, ApproveMinutesDialog)
    proposed = minutes_approval_day(bar.meeting, page.meetings.model.rows(), date.today())
    assert dialog.approved_on.date().toPython() == proposed  # CA n° 4's day once it has taken place

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


def select_decision(page: GovernancePage, number: str) -> None:
    rows = page.decisions
    for row in range(rows.proxy.rowCount()):
        if rows.proxy.index(row, 0).data() == number:
            rows.table.selectRow(row)
            rows.table.setCurrentIndex(rows.proxy.index(row, 0))
            return
    raise AssertionError(f"décision {number} introuvable")


def test_enter_on_a_draft_decision_edits_its_text(page: GovernancePage, qtbot: QtBot) -> None:
    with db.unit_of_work() as session:
        decision = session.scalars(select(Decision).where(Decision.number == "2026-CA-009")).one()
        decision.visas = ""
    page.refresh()
    page.tabs.setCurrentIndex(1)
    select_decision(page, "2026-CA-009")
    qtbot.keyClick(page.decisions.table, Qt.Key.Key_Return)
    dialog = page.decision_actions.dialog
    assert isinstance(dialog, DecisionTextDialog) and dialog.loaded
    assert dialog.visas.toPlainText().startswith("Vu la loi n° 2011-525 du 17 mai 2011")
    assert dialog.visas_hint.isVisible() and not dialog.notice.isVisible()

    dialog.visas.appendPlainText("Vu le programme départemental d'insertion 2025-2029 ;")
    dialog.considerations.setPlainText("Considérant les besoins du territoire ;\n\n")
    dialog.articles.setPlainText("Le budget est adopté.\nLa directrice est chargée de son exécution.")
    dialog.has_effective.setChecked(True)
    dialog.effective_on.setDate(QDate(2026, 12, 1))
    dialog.save_button.click()
    assert "ne peut pas précéder la séance du jeudi 10 décembre 2026" in dialog.message.text()

    dialog.effective_on.setDate(QDate(2026, 12, 15))
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert "2026-CA-009 enregistré" in page.decision_actions.notice.text()
    text = page.decisions.detail.toPlainText()
    assert "Vu le programme départemental d'insertion 2025-2029 ;" in text
    assert "Article 2. La directrice est chargée de son exécution." in text
    assert "mardi 15 décembre 2026" in text


def test_a_signed_deliberation_opens_read_only(page: GovernancePage) -> None:
    with db.unit_of_work() as session:
        decision = session.scalars(select(Decision).where(Decision.number == "2026-CA-008")).one()
        info = issue_deliberation(session, decision.id)
        set_document_status(session, info.id, DocumentStatus.SIGNED)
    page.refresh()
    select_decision(page, "2026-CA-008")
    page.decision_actions.text_action.trigger()
    dialog = page.decision_actions.dialog
    assert isinstance(dialog, DecisionTextDialog)
    assert "est signée (version 1 du registre des documents)" in dialog.notice.text()
    assert dialog.articles.isReadOnly() and not dialog.save_button.isEnabled()


def test_a_voted_decision_is_editable_with_a_caution(page: GovernancePage) -> None:
    select_decision(page, "2026-CA-007")
    page.decision_actions.text_action.trigger()
    dialog = page.decision_actions.dialog
    assert isinstance(dialog, DecisionTextDialog)
    assert "ne corrigez que la forme" in dialog.notice.text() and dialog.save_button.isEnabled()


def test_follow_ups_from_the_meeting_toolbar(page: GovernancePage) -> None:
    bar = page.actions_bar
    select_meeting(page, status=MeetingStatus.CONVENED)
    assert not bar.follow_ups_action.isEnabled()
    select_meeting(page, status=MeetingStatus.CLOSED)
    bar.follow_ups_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, FollowUpsDialog) and dialog.sheet is not None
    row = next(i for i, p in enumerate(dialog.sheet.points) if p.decision_number == "2026-CA-008")
    dialog.points.setCurrentRow(row)
    proposed = dialog.table.rowCount()
    assert proposed >= 1 and dialog.state.isVisible()
    assert dialog.table.item(0, 1).text().startswith("Publier et notifier la délibération n° 2026-CA-008")

    dialog.add_action()
    dialog.table.item(proposed, 0).setText("Service financier")
    dialog.table.item(proposed, 1).setText("Préparer la décision modificative")
    dialog.table.item(0, 3).setCheckState(Qt.CheckState.Checked)
    assert dialog.dirty
    dialog.points.setCurrentRow(0)  # another point: the edited one is saved first

    assert dialog.message.text() == "" and dialog.points.currentRow() == 0
    saved = dialog.sheet.points[row]
    assert saved.stored and saved.entries[-1].who == "Service financier" and saved.entries[0].done
    assert f"{proposed + 1} actions" in dialog.points.item(row).text()

    dialog.points.setCurrentRow(row)
    dialog.add_action()  # an action without its « quoi »: refused, the dialog stays on the point
    dialog.table.item(proposed + 1, 0).setText("Directrice")
    dialog.reject()
    assert dialog.isVisible() and f"Action n° {proposed + 2} : dites ce qui doit être fait" in \
        dialog.message.text()
    dialog.remove_action()
    dialog.reject()
    assert not dialog.isVisible()


def test_follow_ups_from_a_decision(page: GovernancePage) -> None:
    select_decision(page, "2026-CA-007")
    actions = page.decision_actions
    assert actions.follow_ups_action.isEnabled()
    actions.follow_ups_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, FollowUpsDialog) and dialog.current_point() is not None
    assert dialog.current_point().decision_number == "2026-CA-007"  # type: ignore[union-attr]
    assert "2026-CA-007" in dialog.decision.text()
    select_decision(page, "2026-CA-010")  # the convened séance's draft: nothing to follow yet
    assert not actions.follow_ups_action.isEnabled()


def open_body(page: GovernancePage, qtbot: QtBot, code: str) -> BodyDialog:
    page.tabs.setCurrentIndex(2)
    rows = page.bodies
    row = next(r for r in range(rows.proxy.rowCount()) if rows.proxy.index(r, 0).data() == code)
    rows.table.selectRow(row)
    rows.table.setCurrentIndex(rows.proxy.index(row, 0))
    qtbot.keyClick(rows.table, Qt.Key.Key_Return)
    dialog = page.body_actions.dialog
    assert isinstance(dialog, BodyDialog) and dialog.loaded
    return dialog


def seat_row(dialog: BodyDialog, name: str) -> int:
    return next(r for r, s in enumerate(dialog.seats.seats()) if s.organisation == name)


def test_edit_a_body_rules_seats_and_people(page: GovernancePage, qtbot: QtBot) -> None:
    dialog = open_body(page, qtbot, "CA")
    assert dialog.name.text() == "Conseil d'administration" and "il ne se modifie pas" in dialog.code.text()
    assert dialog.quorum_threshold.text() == "66,67\u00a0%"
    assert dialog.threshold_words.text() == "Quorum fixé aux deux tiers des droits statutaires présents ou " \
                                            "représentés."
    caf = seat_row(dialog, "CAF")
    rights = dialog.seats.table.cellWidget(caf, 1)
    assert isinstance(rights, QDoubleSpinBox)
    rights.setValue(10)
    assert "90\u00a0% — il manque 10\u00a0%" in dialog.seats.total.text()
    dialog.save_button.click()
    assert dialog.isVisible() and "ils doivent totaliser 100\u00a0% quand les votes sont pondérés" in \
        dialog.message.text()

    rights.setValue(20)
    assert "il manque" not in dialog.seats.total.text()
    dialog.seats.table.setCurrentCell(caf, 0)
    dialog.seats.add_person()
    person = dialog.seats.people.rowCount() - 1
    dialog.seats.people.item(person, 0).setText("Inès Garcia")
    dialog.seats.people.item(person, 3).setText("ines.garcia@caf.example.fr")
    quality = dialog.seats.people.cellWidget(person, 2)
    assert isinstance(quality, QComboBox)
    quality.setCurrentIndex(1)  # suppléante
    dialog.convocation_days.setValue(15)
    statutes = list(MatterKind).index(MatterKind.STATUTES)
    combo = dialog.majorities.cellWidget(statutes, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("Unanimité"))
    dialog.save_button.click()

    assert not dialog.isVisible(), dialog.message.text()
    assert page.body_actions.notice.text() == "Instance CA enregistrée."
    text = page.bodies.detail.toPlainText()
    assert "15 jours (5 en cas d'urgence)" in text and "Inès Garcia" in text
    assert "Convention constitutive" in text and "Unanimité" in text


def test_a_new_seat_needs_its_organisation(page: GovernancePage, qtbot: QtBot) -> None:
    dialog = open_body(page, qtbot, "AG")  # the COPIL's seats wait for its open séance to close
    count = dialog.seats.table.rowCount()
    dialog.seats.buttons["add"].click()
    assert dialog.seats.table.rowCount() == count + 1
    assert "nouveau siège" in dialog.seats.people_title.text()
    dialog.save_button.click()
    assert f"Siège n° {count + 1} : choisissez l'organisation membre" in dialog.message.text()
    dialog.reject()
    dialog = open_body(page, qtbot, "CA")
    count = dialog.seats.table.rowCount()
    dialog.seats.table.setCurrentCell(0, 0)
    dialog.seats.buttons["remove"].click()  # the État sits in past séances
    assert "ne peut pas être supprimé" in dialog.seats.message.text()
    assert dialog.seats.table.rowCount() == count


def test_f2_from_the_lists_opens_the_editors(page: GovernancePage, qtbot: QtBot) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    for index, tab, actions, kind in ((1, page.decisions, page.decision_actions, DecisionTextDialog),
                                      (2, page.bodies, page.body_actions, BodyDialog)):
        page.tabs.setCurrentIndex(index)
        tab.table.selectRow(0)
        tab.table.setFocus()
        qtbot.waitUntil(tab.table.hasFocus)
        qtbot.keyClick(tab.table, Qt.Key.Key_F2)
        assert isinstance(actions.dialog, kind)
        actions.dialog.reject()  # type: ignore[attr-defined]


def test_follow_ups_from_the_live_meeting(page: GovernancePage) -> None:
    select_meeting(page, status=MeetingStatus.HELD)  # the COPIL of 22 September 2026, still open
    assert page.actions_bar.meeting is not None
    live = page.actions_bar.open_live(page.actions_bar.meeting.id)
    assert live.follow_ups_button.isEnabled() and live.desk is not None
    live.vote.next_button.click()
    live.vote.next_button.click()
    live.follow_ups_button.click()
    dialog = live.follow_ups_dialog
    assert dialog is not None and dialog.current_point() is not None
    assert dialog.current_point().item_id == live.desk.items[2].id  # type: ignore[union-attr]
    dialog.reject()
    live.close()


def test_cancelling_the_minutes_approval_closes_it(page: GovernancePage, qtbot: QtBot) -> None:
    """Nothing typed but a date: « Annuler » and Échap close it at once, without a question."""
    bar = page.actions_bar
    select_meeting(page, status=MeetingStatus.CLOSED)
    bar.approve_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, ApproveMinutesDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    bar.approve_action.trigger()
    assert isinstance(bar.dialog, ApproveMinutesDialog) and bar.dialog is not dialog
    bar.dialog.approved_on.setDate(QDate(2026, 12, 10))
    bar.dialog.reject()
    assert not bar.dialog.isVisible()


def test_a_new_body_is_declared_then_its_rules_and_seats_asked(page: GovernancePage, qtbot: QtBot) -> None:
    bar = page.body_actions
    bar.new_action.trigger()
    dialog = bar.dialog
    assert isinstance(dialog, NewBodyDialog) and dialog.kind.currentText() == "Comité de pilotage"
    dialog.code.setText("ca")
    dialog.name.setText("Comité de pilotage mobilité")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.errors["code"].isHidden())
    assert "Le code «\u00a0CA\u00a0» est déjà celui de l'instance" in dialog.errors["code"].text()
    assert dialog.isVisible()

    dialog.code.setText("cpmob")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: isinstance(bar.dialog, BodyDialog))
    assert not dialog.isVisible() and "Instance CPMOB créée" in bar.notice.text()
    body = bar.dialog
    assert isinstance(body, BodyDialog)
    qtbot.waitUntil(lambda: body.loaded)
    assert "CPMOB" in body.heading.text()
    qtbot.waitUntil(lambda: page.bodies.selected_row() is not None
                    and page.bodies.selected_row().code == "CPMOB")


def test_a_new_organisation_gets_a_seat_in_the_instance(page: GovernancePage, qtbot: QtBot) -> None:
    """From « Modifier l'instance… » of a new COPIL: a partner not yet known is declared, seated, and
    saved with the instance."""
    bar = page.body_actions
    bar.new_action.trigger()
    new = bar.dialog
    assert isinstance(new, NewBodyDialog)
    new.code.setText("CPMOB")
    new.name.setText("Comité de pilotage mobilité")
    new.buttons.accepted.emit()
    qtbot.waitUntil(lambda: isinstance(bar.dialog, BodyDialog) and bar.dialog.loaded)
    body = bar.dialog
    assert isinstance(body, BodyDialog) and body.seats.seats() == []

    body.seats.buttons["organisation"].click()
    declared = body.organisation_dialog
    assert isinstance(declared, NewOrganisationDialog)
    declared.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not declared.errors["name"].isHidden())  # said under the field
    declared.name.setText("Mobilité solidaire en Corrèze")
    declared.short_name.setText("Mob'In")
    declared.kind.setCurrentIndex(declared.kind.findText("Partenaire"))
    declared.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not declared.isVisible())
    seats = body.seats.seats()
    assert [seat.organisation for seat in seats] == ["Mob'In"]

    body.save_button.click()
    qtbot.waitUntil(lambda: not body.isVisible())
    with db.unit_of_work() as session:
        stored = body_form(session, natural_id("body", "CPMOB"))
    assert [seat.organisation for seat in stored.seats] == ["Mob'In"]
