"""The fiche action form and the portfolio's commands on the demo: create, validate, edit, undo, status."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.enums import ProjectStatus
from app.ui.dialogs.project_form_dialog import ProjectFormDialog
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.tasks import TaskRunner
from tests.ui.pages_helpers import open_page


def _luhn_complete(digits: str) -> str:
    """`digits` plus the check digit that makes the Luhn sum a multiple of 10."""
    for last in "0123456789":
        total = 0
        for position, char in enumerate(reversed(digits + last)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits + last
    raise AssertionError


def _select(page: PortfolioPage, test: object) -> object:
    for row in range(page.proxy.rowCount()):
        dto = page.model.row_at(page.proxy.mapToSource(page.proxy.index(row, 0)).row())
        if test(dto):  # type: ignore[operator]
            page.table.selectRow(row)
            return dto
    raise AssertionError("no such project in the demo")


def _save(dialog: ProjectFormDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_new_fiche_shows_a_bad_siret_then_saves(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    before = page.model.rowCount()
    dialog = page.actions_bar.open_form(None)
    qtbot.keyClicks(dialog.tabs.code, "FA-9.9-01")
    qtbot.keyClicks(dialog.tabs.title_edit, "Garage solidaire du bassin nord")
    dialog.tabs.carrier_name.setText("Garage solidaire du Nord")
    dialog.tabs.carrier_siret.setText("12345678900000")

    _save(dialog)

    assert "SIRET" in dialog.tabs.error_text("siret")
    assert dialog.tabs.field("siret").styleSheet()  # red outline
    assert dialog.summary.isVisible() and "un champ à corriger" in dialog.summary.text()
    assert dialog.tabs.currentIndex() == 2  # the Acteurs tab, where the field is
    siren = _luhn_complete("41234567")
    dialog.tabs.carrier_siret.setText(_luhn_complete(siren + "0001"))
    _save(dialog)

    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    assert page.model.rowCount() == before + 1
    created = page.selected_row()
    assert created.code == "FA-9.9-01" and created.carrier == "Garage solidaire du Nord"


def test_service_problems_are_shown_next_to_the_fields(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    existing = page.model.row_at(0).code
    dialog = page.actions_bar.open_form(None)
    dialog.tabs.code.setText(existing)

    _save(dialog)

    assert f"« {existing} » est déjà utilisé" in dialog.tabs.error_text("code")
    assert "obligatoire" in dialog.tabs.error_text("title")
    assert dialog.isVisible()


def test_field_undo_in_the_form_then_undo_of_the_saved_edit(qtbot: QtBot, runner: TaskRunner,
                                                            demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    project = _select(page, lambda row: True)
    dialog = page.actions_bar.open_form(project.id)  # type: ignore[attr-defined]
    title = dialog.tabs.title_edit.text()
    qtbot.keyClicks(dialog.tabs.title_edit, " (bis)")
    qtbot.keyClicks(dialog.tabs.code, "-B")
    assert dialog.undo_stack.count() == 2  # one step per field, not per key

    dialog.undo_stack.undo()
    dialog.undo_stack.undo()
    assert dialog.tabs.title_edit.text() == title
    dialog.undo_stack.redo()
    assert dialog.tabs.title_edit.text() == f"{title} (bis)"
    _save(dialog)
    assert page.selected_row().title == f"{title} (bis)"
    assert page.actions_bar.undo.isEnabled()

    assert "modification de la fiche" in page.actions_bar.undo.toolTip()

    page.actions_bar.undo.trigger()

    assert page.selected_row().title == title
    assert not page.actions_bar.undo.isEnabled() and page.actions_bar.redo.isEnabled()
    page.actions_bar.redo.trigger()
    assert page.selected_row().title == f"{title} (bis)"
    assert page.last_message.startswith("Rétabli : modification de la fiche")


def test_undoing_a_new_fiche_puts_it_in_the_bin_and_redo_brings_it_back(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    before = page.model.rowCount()
    dialog = page.actions_bar.open_form(None)
    qtbot.keyClicks(dialog.tabs.code, "FA-9.9-02")
    qtbot.keyClicks(dialog.tabs.title_edit, "Groupe miroir des personnes accompagnees")
    _save(dialog)
    assert page.model.rowCount() == before + 1
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow())
    page.table.setFocus()

    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z on the page

    assert page.model.rowCount() == before
    assert page.last_message == "Annulé : création de la fiche FA-9.9-02."
    qtbot.keyClick(page.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.model.rowCount() == before + 1
    assert page.selected_row().code == "FA-9.9-02"


def test_undoing_a_status_change_records_a_correction_and_redo_moves_again(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, runner, PortfolioPage)
    project = _select(page, lambda row: row.status is ProjectStatus.IDEA)
    entries = {action.text(): action for action in page.actions_bar.status_menu.actions()}
    entries[ProjectStatus.INSTRUCTION.label].trigger()
    assert page.selected_row().status is ProjectStatus.INSTRUCTION
    assert "passage « en instruction »" in page.actions_bar.undo.toolTip()

    page.actions_bar.undo.trigger()

    assert page.selected_row().id == project.id  # type: ignore[attr-defined]
    assert page.selected_row().status is ProjectStatus.IDEA
    assert "Annulation du passage « en instruction »" in page.detail.toPlainText()  # kept in the history
    page.actions_bar.redo.trigger()
    assert page.selected_row().status is ProjectStatus.INSTRUCTION

    from app.db import job
    from app.services.lifecycle import change_status

    runner.submit(job(change_status, project.id, ProjectStatus.FAVOURABLE), owner=page,  # type: ignore[attr-defined]
                  on_success=lambda _entry: None)  # another workstation moved it on meanwhile
    shown: list[str] = []
    monkeypatch.setattr("app.ui.widgets.portfolio_undo.show_error",
                        lambda _parent, exc: shown.append(str(exc)))
    page.actions_bar.undo.trigger()
    assert shown and "a changé depuis" in shown[0]
    assert not page.actions_bar.undo.isEnabled()  # the step that cannot be replayed is dropped


def test_escape_asks_before_losing_edits(  # type: ignore[no-untyped-def]
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    page = open_page(qtbot, runner, PortfolioPage)
    dialog = page.actions_bar.open_form(None)
    qtbot.keyClicks(dialog.tabs.title_edit, "Brouillon")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kw: asked.append(args[2]) or
                        QMessageBox.StandardButton.Cancel)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert asked and dialog.isVisible()


def test_status_menu_shows_refusals_and_applies_a_move(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    _select(page, lambda row: row.status is ProjectStatus.RUNNING)
    entries = {action.text(): action for action in page.actions_bar.status_menu.actions()}
    closing = entries[ProjectStatus.CLOSED.label]
    if not closing.isEnabled():
        assert closing.toolTip().startswith("Pour clore le projet")

    project = _select(page, lambda row: row.status is ProjectStatus.IDEA)
    entries = {action.text(): action for action in page.actions_bar.status_menu.actions()}
    assert entries[ProjectStatus.INSTRUCTION.label].isEnabled()
    entries[ProjectStatus.INSTRUCTION.label].trigger()

    assert page.selected_row().id == project.id  # type: ignore[attr-defined]
    assert page.selected_row().status is ProjectStatus.INSTRUCTION
    assert "En instruction" in page.detail.toPlainText()  # the history in the detail


def test_refused_transition_is_disabled_with_its_reason(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    _select(page, lambda row: row.status is ProjectStatus.RUNNING and row.ends_on is None) if any(
        r.status is ProjectStatus.RUNNING and r.ends_on is None for r in page.model.rows()) else _select(
        page, lambda row: row.status is ProjectStatus.RUNNING)
    menu = page.actions_bar.status_menu
    closing = next(a for a in menu.actions() if a.text() == ProjectStatus.CLOSED.label)

    assert not closing.isEnabled()
    assert "clore" in closing.toolTip()


def test_a_carrier_that_already_exists_is_flagged(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    dialog = page.actions_bar.open_form(None)
    existing = dialog.tabs.carrier.itemText(1).split(" (")[0]

    dialog.tabs.carrier_name.setText(existing.upper())
    dialog._on_carrier_editing_finished()  # what leaving the field emits

    assert not dialog.tabs.duplicate_label.isHidden()
    assert "existe peut-être déjà" in dialog.tabs.duplicate_label.text()
    assert "même nom" in dialog.tabs.duplicate_label.text()


def test_partners_roles_and_services_contributions_are_edited_in_the_form(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    from app.db import unit_of_work
    from app.services.project_form import load_project_draft

    page = open_page(qtbot, runner, PortfolioPage)
    project = _select(page, lambda row: True)
    dialog = page.actions_bar.open_form(project.id)  # type: ignore[attr-defined]
    assert dialog._loaded is not None and dialog._loaded.carrier_id is not None
    assert dialog.tabs.draft().carrier_id == dialog._loaded.carrier_id  # shown, not « aucun porteur »
    assert dialog.tabs.draft().pilot_id == dialog._loaded.pilot_id
    partners = dialog.tabs.partners
    before = partners.rows()
    assert before and all(role for _, role in before)  # the demo's roles are shown, one row each
    assert partners.table.item(0, 0).text()  # the organisation's name, not an id

    partners.add_row()  # « Ajouter un partenaire »: a new row, its combo opened
    row = partners.table.rowCount() - 1
    index = partners.table.model().index(row, 0)
    editor = partners.delegate.createEditor(partners.table, QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    taken = {key for key, _ in before} | {dialog.tabs.carrier.currentData()}
    choice = next(i for i in range(editor.count()) if editor.itemData(i) not in taken)
    editor.setCurrentIndex(choice)
    partners.delegate.setModelData(editor, partners.table.model(), index)
    _save(dialog)  # no role yet: refused, the message says which partner and where
    assert "Précisez le rôle de" in dialog.tabs.error_text("partners")
    assert f"(ligne {row + 1})" in dialog.tabs.error_text("partners")
    assert dialog.tabs.currentIndex() == 2 and dialog.isVisible()

    partners.table.item(row, 1).setText("Prescripteur des bénéficiaires")
    services = dialog.tabs.services
    saved_services = dialog.tabs.draft().services
    service = next(c.id for c in services.delegate.choices if c.id not in {k for k, _ in services.rows()})
    services.add_row()
    services.set_choice(services.table.rowCount() - 1, service)
    services.table.item(services.table.rowCount() - 1, 1).setText("Mise à disposition d'une salle")
    assert dialog.undo_stack.count() == 2  # one step per list (consecutive edits of a field merge)
    dialog.undo_stack.undo()
    assert dialog.tabs.draft().services == saved_services
    dialog.undo_stack.redo()
    _save(dialog)

    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
    with unit_of_work() as session:
        saved = load_project_draft(session, project.id)  # type: ignore[attr-defined]
    assert (editor.itemData(choice), "Prescripteur des bénéficiaires") in {
        (p.organisation_id, p.role) for p in saved.partners}
    assert (service, "Mise à disposition d'une salle") in {
        (s.service_id, s.contribution) for s in saved.services}
    detail = page.detail.toPlainText()  # the detail pane shows both lists with their texts
    assert "(Prescripteur des bénéficiaires)" in detail
    assert "Services mobilisés des membres" in detail and ": Mise à disposition d'une salle" in detail


def test_a_conflicted_field_is_marked_in_the_form_until_resolved_on_the_sync_page(
    qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path
) -> None:
    import random
    import uuid

    from app import db
    from app.sync.sim_world import World
    from app.ui.pages.sync_page import SyncPage
    from app.ui.sync_controller import SyncController
    from app.ui.widgets.conflict_badge import RED

    project, org = "0" * 31 + "2", "0" * 31 + "1"
    world = World(tmp_path, template_db, rng=random.Random(5))
    a, b = world.add_replica(), world.add_replica()
    partner = "0" * 31 + "3"
    world.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (org,)),
                ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (partner,)),
                ("INSERT INTO project(id, code, title, carrier_id) VALUES (?, 'FA-1', 'Jardin', ?)",
                 (project, org)),
                ("INSERT INTO project_partner(id, project_id, organisation_id, role) "
                 "VALUES (?, ?, ?, 'Relais')", ("0" * 31 + "4", project, partner)))
    world.settle(1)
    world.write(a, ("UPDATE project SET title = 'Jardin solidaire'", ()),
                ("UPDATE project_partner SET role = 'Financeur'", ()))
    world.write(b, ("UPDATE project SET title = 'Jardin partagé'", ()),
                ("UPDATE project_partner SET role = 'Prescripteur'", ()))
    world.settle(2)
    db.init_engine(a.path)
    controller = SyncController(runner, a.path)
    page = open_page(qtbot, runner, PortfolioPage)
    page.sync = controller  # the page is the window here: the form follows its controller (MainWindow.sync)

    dialog = page.actions_bar.open_form(uuid.UUID(project))
    caption = dialog.tabs.caption("title")
    assert RED in caption.styleSheet()
    assert "Jardin solidaire" in caption.toolTip() and "Jardin partagé" in caption.toolTip()
    assert "à arbitrer dans Synchronisation" in caption.toolTip()
    assert not dialog.tabs.caption("code").styleSheet()  # only the conflicted fields
    partners = dialog.tabs.caption("partners")  # a partner's role: the list is marked
    assert RED in partners.styleSheet() and "Rôle du partenaire" in partners.toolTip()
    assert "Financeur" in partners.toolTip() and "Prescripteur" in partners.toolTip()
    assert dialog.tabs.tabText(0).endswith("⚠") and dialog.tabs.tabText(2).endswith("⚠")
    assert not dialog.tabs.tabText(1).endswith("⚠")
    assert dialog.conflict_badge.text() == "⚠ 2 champs en conflit"
    dialog.grab().save(str(tmp_path / "form_conflict.png"))

    sync = SyncPage(runner)
    qtbot.addWidget(sync)
    sync.attach_controller(controller)
    sync.refresh()
    for _conflict in range(2):
        sync.sections.conflicts_table.selectRow(0)
        sync.sections.keep_button.click()  # « Garder cette valeur »: the resolution is a local edit

    assert sync.sections.conflicts_model.rowCount() == 0
    assert not caption.styleSheet() and not caption.toolTip()  # the open form heard it
    assert not partners.styleSheet() and not dialog.tabs.tabText(2).endswith("⚠")
    assert not dialog.tabs.tabText(0).endswith("⚠") and dialog.conflict_badge.isHidden()
    dialog.done(0)
    db.dispose()


def test_the_partner_rows_are_keyboard_usable(qtbot: QtBot) -> None:
    import uuid

    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    from app.domain.project_form import Choice
    from app.ui.widgets.form_fields import ChoiceRowEditor

    caf, ccas = Choice(uuid.uuid4(), "CAF de la Corrèze"), Choice(uuid.uuid4(), "CCAS de Tulle", "commune")
    editor = ChoiceRowEditor(("Partenaire", "Rôle"), "Ajouter un partenaire")
    qtbot.addWidget(editor)
    editor.set_choices((caf, ccas))
    editor.set_rows([(caf.id, "Financeur")])
    assert not editor.table.tabKeyNavigation()  # Tab leaves the table for « Ajouter » and « Retirer »

    editor.add_row()
    cell = editor.table.model().index(1, 0)
    combo = editor.delegate.createEditor(editor.table, QStyleOptionViewItem(), cell)
    assert isinstance(combo, QComboBox) and combo.completer().filterMode() == Qt.MatchFlag.MatchContains
    combo.setEditText("CCAS de Tulle (commune)")  # typed, then Entrée
    editor.delegate.setModelData(combo, editor.table.model(), cell)
    assert editor.rows() == [(caf.id, "Financeur"), (ccas.id, "")]

    editor.table.setCurrentCell(0, 1)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.table, Qt.Key.Key_Delete)  # Suppr removes the current row
    assert editor.rows() == [(ccas.id, "")]


def test_form_undo_and_redo_keys_are_unambiguous(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    dialog = page.actions_bar.open_form(None)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.code.setFocus()
    qtbot.keyClicks(dialog.tabs.code, "FA-7")
    dialog.tabs.novelty.setFocus()  # outside a text field (which keeps Ctrl+Z for its own typing)
    qtbot.keyClick(dialog.tabs.novelty, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.code.text() == ""
    qtbot.keyClick(dialog.tabs.novelty, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dialog.tabs.code.text() == "FA-7"
    assert dialog.redo_button.text() == "Rétablir (Ctrl+Maj+Z)"
    dialog.undo_stack.setClean()
    dialog.done(0)


def test_a_save_on_a_full_disk_keeps_the_form_and_its_text_and_says_why_in_french(  # type: ignore[no-untyped-def]
    qtbot: QtBot, runner: TaskRunner, full_disk, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: told.append(text))
    page = open_page(qtbot, runner, PortfolioPage)
    project = _select(page, lambda row: True)
    dialog = page.actions_bar.open_form(project.id)  # type: ignore[attr-defined]
    summary = "Résumé rédigé en réunion avec les partenaires du bassin. " * 400
    dialog.tabs.summary.setPlainText(summary)

    _save(dialog)

    assert told and told[0].startswith("Le disque de ce poste est plein : rien n'a été enregistré.")
    assert dialog.isVisible() and dialog.result() != ProjectFormDialog.DialogCode.Accepted
    assert dialog.tabs.summary.toPlainText() == summary  # nothing typed is lost
    full_disk()  # room made: the same form saves
    _save(dialog)
    assert dialog.result() == ProjectFormDialog.DialogCode.Accepted
