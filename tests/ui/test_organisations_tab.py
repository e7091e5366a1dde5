"""Instances › Organisations: every organisation with where it sits, carries and funds; « Modifier
l'organisation… » corrects a mistyped name, refuses a SIREN already known under the field and keeps the
form open; « Nouvelle organisation… » selects what it declared; « Fusionner… » proposes the twin first,
merges it, and says why a merge is refused; « Supprimer » (Suppr) bins one declared by mistake and says
what still names another. Real widgets on the demo base, the
synchronous worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import db
from app.domain.enums import OrganisationType
from app.domain.ids import new_id
from app.models.organisation import Organisation
from app.ui.dialogs import confirm
from app.ui.dialogs.merge_organisation_dialog import MergeOrganisationDialog
from app.ui.dialogs.new_organisation_dialog import NewOrganisationDialog
from app.ui.dialogs.organisation_dialog import OrganisationDialog
from app.ui.pages.governance_page import GovernancePage
from app.ui.tasks import TaskRunner


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> GovernancePage:
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    page.tabs.setCurrentIndex(3)
    return page


def _select(page: GovernancePage, label: str) -> None:
    tab = page.organisations
    row = next(r for r in range(tab.proxy.rowCount()) if tab.proxy.index(r, 1).data() == label)
    tab.table.selectRow(row)


def _focus_list(page: GovernancePage, qtbot: QtBot) -> None:
    """The list has the keyboard, its window in front (a dialog a previous test left open is not)."""
    page.activateWindow()
    qtbot.waitActive(page)
    page.organisations.table.setFocus()
    qtbot.waitUntil(page.organisations.table.hasFocus)


def _edit(page: GovernancePage, qtbot: QtBot, label: str) -> OrganisationDialog:
    _select(page, label)
    _focus_list(page, qtbot)
    qtbot.keyClick(page.organisations.table, Qt.Key.Key_F2)
    dialog = page.organisation_actions.dialog
    assert isinstance(dialog, OrganisationDialog)
    return dialog


def test_the_tab_lists_each_organisation_with_where_it_appears(page: GovernancePage, tmp_path: Path) -> None:
    assert page.tabs.tabText(3) == "Organisations"
    with db.unit_of_work() as session:
        live = session.query(Organisation).filter(Organisation.deleted.is_(False)).count()
    assert page.organisations.proxy.rowCount() == live
    _select(page, "CAF")
    text = page.organisations.detail.toPlainText()
    assert "Caisse d'allocations familiales de la Haute-Maille" in text and "Siège dans les instances" in text
    assert "CA" in text.split("Siège dans les instances")[1] and "Aucune fiche portée." in text
    page.grab().save(str(tmp_path / "organisations.png"))


def test_a_mistyped_name_is_corrected_and_a_known_siren_refused_under_its_field(
        page: GovernancePage, qtbot: QtBot) -> None:
    dialog = _edit(page, qtbot, "CAF")
    assert dialog.name.text() == "Caisse d'allocations familiales de la Haute-Maille"
    msa_siren = next(page.organisations.proxy.index(r, 3).data()
                     for r in range(page.organisations.proxy.rowCount())
                     if page.organisations.proxy.index(r, 1).data() == "MSA")
    dialog.siren.setText(msa_siren)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.errors["siren"].isHidden())
    assert "déjà celui de «\u00a0MSA\u00a0»" in dialog.errors["siren"].text() and dialog.isVisible()

    dialog.siren.setText(page.organisations.selected_row().siren)
    dialog.name.setText("Caisse d'allocations familiales de Haute-Maille")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.organisation_actions.notice.text() == "Organisation « CAF » enregistrée."
    corrected = "Caisse d'allocations familiales de Haute-Maille"
    qtbot.waitUntil(lambda: page.organisations.selected_row() is not None and
                    page.organisations.selected_row().name == corrected)


def test_escape_on_an_untouched_form_closes_it_and_a_new_organisation_is_selected(
        page: GovernancePage, qtbot: QtBot) -> None:
    dialog = _edit(page, qtbot, "MSA")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    page.organisation_actions.new_action.trigger()
    new = page.organisation_actions.dialog
    assert isinstance(new, NewOrganisationDialog)
    new.name.setText("Secours populaire français – fédération de la Haute-Maille")
    new.short_name.setText("Secours populaire")
    new.kind.setCurrentIndex(new.kind.findText("Partenaire"))
    new.buttons.accepted.emit()
    qtbot.waitUntil(lambda: page.organisations.selected_row() is not None
                    and page.organisations.selected_row().short_name == "Secours populaire")
    assert page.organisation_actions.notice.text() == "Organisation « Secours populaire » enregistrée."


def test_a_twin_is_proposed_first_and_merged_into_the_selected_one(page: GovernancePage, qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    with db.unit_of_work() as session:  # the CAF declared again, without SIREN, on another workstation
        session.add(Organisation(id=new_id(), name="CAISSE D'ALLOCATIONS FAMILIALES DE LA HAUTE MAILLE",
                                 kind=OrganisationType.FUNDER))
    page.refresh()
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == len(page.organisations.model.rows()) > 35)
    _select(page, "CAF")
    page.organisation_actions.merge_action.trigger()
    dialog = page.organisation_actions.dialog
    assert isinstance(dialog, MergeOrganisationDialog)
    twin = "Doublon probable : CAISSE D'ALLOCATIONS FAMILIALES DE LA HAUTE MAILLE"
    assert dialog.absorbed.currentText() == twin
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    actions = page.organisation_actions
    assert actions.notice.text() == "Organisations fusionnées dans « CAF » (Ctrl+Z pour annuler)."
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == 35)

    _focus_list(page, qtbot)  # undone from the list, by the keyboard
    qtbot.keyClick(page.organisations.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == 36)
    twin_name = "CAISSE D'ALLOCATIONS FAMILIALES DE LA HAUTE MAILLE"
    assert actions.notice.text() == f"Fusion annulée : « {twin_name} » est rétablie."
    qtbot.waitUntil(lambda: page.organisations.table.currentIndex().siblingAtColumn(0).data() == twin_name)
    assert not actions.undo_action.isEnabled()  # once
    _select(page, "CAF")
    actions.merge_action.trigger()
    assert isinstance(actions.dialog, MergeOrganisationDialog)
    actions.dialog.buttons.accepted.emit()  # merged again, for good
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == 35)
    assert actions.undo_action.isEnabled()
    page.window().resize(1400, 900)
    page.grab().save(str(tmp_path / "organisations_merged.png"))

    _select(page, "CAF")
    page.organisation_actions.merge_action.trigger()
    refused = page.organisation_actions.dialog
    assert isinstance(refused, MergeOrganisationDialog)
    refused.absorbed.setCurrentIndex(refused.absorbed.findText("MSA", Qt.MatchFlag.MatchContains))
    refused.buttons.accepted.emit()  # not the same organisation
    qtbot.waitUntil(lambda: not refused.errors["absorbed"].isHidden())
    assert "deux SIREN différents (779\u00a0681\u00a0675, " in refused.errors["absorbed"].text()
    assert refused.isVisible()
    refused.reject()


def test_an_organisation_declared_by_mistake_is_removed_and_one_still_named_is_refused(
        page: GovernancePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, _title, text: asked.append(text) or True)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    with db.unit_of_work() as session:
        session.add(Organisation(id=new_id(), name="Mision locale", short_name="ML bis"))
    page.refresh()
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == 36)
    _select(page, "ML bis")
    _focus_list(page, qtbot)
    qtbot.keyClick(page.organisations.table, Qt.Key.Key_Delete)
    assert asked == ["Mettre à la corbeille l'organisation « Mision locale » ?"]
    qtbot.waitUntil(lambda: page.organisations.proxy.rowCount() == 35)
    assert page.organisation_actions.notice.text() == "Organisation « ML bis » mise à la corbeille."

    _select(page, "CAF")
    page.organisation_actions.remove_action.trigger()
    qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("« CAF » est encore nommée par : ")
    assert page.organisations.proxy.rowCount() == 35
