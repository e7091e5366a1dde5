"""The portfolio's other views on the demo: coverage matrix, financing, frameworks, exports, fiche PDF."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.formatting import plural
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.tasks import TaskRunner
from tests.ui.pages_helpers import open_page


def _shown(label: object) -> str:
    """A message as the user reads it: French no-break spaces read as spaces."""
    return label.text().replace("\xa0", " ")  # type: ignore[attr-defined]


def test_coverage_matrix_navigates_both_ways(qtbot: QtBot, runner: TaskRunner, demo_db: Path,
                                            qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, runner, PortfolioPage)
    page.tabs.setCurrentWidget(page.coverage)
    model = page.coverage.model
    qtmodeltester.check(model)
    matrix = model.matrix
    row = next(r for r in range(len(matrix.needs)) if matrix.projects_of(r))
    expected = {p.code for p in matrix.projects_of(row)}

    page.coverage._on_need_header_double_clicked(row)  # what a double click on the need emits

    assert page.tabs.currentIndex() == 0
    assert {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())} == expected
    assert page.coverage_filter.isVisible() and matrix.needs[row].code in page.coverage_filter.text()
    page.coverage_filter.trigger()
    assert page.proxy.rowCount() == page.model.rowCount()

    page.table.selectRow(0)
    project = page.selected_row()
    page.needs_action.trigger()  # Ctrl+B: the needs of the selected project

    assert page.tabs.currentWidget() is page.coverage
    column = model.column_of(project.id)
    assert sorted(page.coverage.visible_needs()) == sorted(n.code for n in matrix.needs_of(column))
    assert "Besoins auxquels répond" in page.coverage.focus_label.text()


def test_coverage_gaps_are_highlighted(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    from PySide6.QtCore import Qt

    page = open_page(qtbot, runner, PortfolioPage)
    page.coverage.load()
    model = page.coverage.model
    for need in model.matrix.uncovered_needs:
        row = model.matrix.needs.index(need)
        assert model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ForegroundRole) is not None
        assert "aucun projet actif" in model.headerData(row, Qt.Orientation.Vertical,
                                                        Qt.ItemDataRole.ToolTipRole)
    assert "besoins, dont" in page.coverage.summary.text()


def test_parse_euros_reads_french_amounts() -> None:
    from app.ui.dialogs.funding_line_dialog import parse_euros

    assert parse_euros("12 500,50") == 1_250_050
    assert parse_euros("12\u202f500 €") == 1_250_000
    assert parse_euros("12.5") == 1_250
    assert parse_euros("douze") is None
    assert parse_euros("1,005") is None  # no fraction of a cent


def test_a_funding_line_is_added_and_totals_change(qtbot: QtBot, runner: TaskRunner, demo_db: Path,
                                                  qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, runner, PortfolioPage)
    page.table.selectRow(0)
    project = page.selected_row()
    page.tabs.setCurrentWidget(page.funding)
    view = page.funding
    total_before = view.total_label.text()
    lines_before = view.lines.rowCount()
    for model in (view.lines, view.members, *view.totals):
        qtmodeltester.check(model)
    assert not view.stacked_chart.pixmap().isNull()  # drawn by the worker, shown as an image

    view.add_button.click()
    dialog = view.line_dialog
    dialog.funder.setCurrentIndex(1)  # the first entry asks to choose one
    dialog.amount.setText("douze mille")
    dialog.buttons.accepted.emit()
    assert "n'est pas un montant" in dialog.amount_error.text()
    dialog.amount.setText("12 500,50")
    dialog.buttons.accepted.emit()

    assert view.lines.rowCount() == lines_before + 1
    assert view.total_label.text() != total_before
    assert page.selected_row().total_cents == project.total_cents + 1_250_050
    added = next(r for r in view.lines.rows() if r.amount_cents == 1_250_050)
    view.line_table.selectRow(view.lines.rows().index(added))
    from app.domain.enums import FundingStatus

    view.advance(added, FundingStatus.REQUESTED)
    assert any(r.id == added.id and r.status is FundingStatus.REQUESTED for r in view.lines.rows())


def test_a_member_payment_is_recorded(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    page.tabs.setCurrentWidget(page.funding)
    view = page.funding
    row = next(r for r in view.members.rows() if r.outstanding_cents > 0)

    view.pay(row, 100_00)

    key = (row.organisation_id, row.year)
    after = next(r for r in view.members.rows() if (r.organisation_id, r.year) == key)
    assert after.paid_cents == row.paid_cents + 100_00


def test_a_year_s_contributions_are_called_from_the_financing_tab(qtbot: QtBot, runner: TaskRunner,
                                                                 demo_db: Path) -> None:
    """Proposed from the year before, typed the French way; a wrong amount is named, and nothing is
    called until every amount is one."""
    page = open_page(qtbot, runner, PortfolioPage)
    page.tabs.setCurrentWidget(page.funding)
    view = page.funding
    view.call_button.click()
    dialog = view.contributions_dialog
    assert dialog is not None
    dialog.year.setValue(2027)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and dialog.save_button.isEnabled())
    assert "Proposition : les montants appelés l'an passé" in dialog.hint.text()
    member = dialog.table.item(0, 0).text()
    dialog.table.item(0, 3).setText("12 5OO")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.message.text().startswith(f"{member} : « 12 5OO » n'est pas un")
    dialog.table.item(0, 3).setText("12 500,50")
    assert "Total appelé" in dialog.total.text()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: any(r.year == 2027 and r.member == member and r.called_cents == 1_250_050
                                for r in view.members.rows()))


def test_export_writes_a_workbook_read_back_with_openpyxl(qtbot: QtBot, runner: TaskRunner, demo_db: Path,
                                                         tmp_path: Path) -> None:
    import openpyxl

    page = open_page(qtbot, runner, PortfolioPage)
    target = tmp_path / "portefeuille.xlsx"

    page.actions_bar.export_to("portfolio", target)

    sheet = openpyxl.load_workbook(target, read_only=True).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {r.code for r in page.model.rows()} <= codes
    assert "lignes exportées" in page.last_message


def test_fiche_action_pdf_is_issued_and_previewed(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    page.table.selectRow(0)
    code = page.selected_row().code

    page.actions_bar.sheet.trigger()

    preview = page.actions_bar.last_preview
    assert preview is not None and preview.path.read_bytes().startswith(b"%PDF")
    assert code in preview.windowTitle()
    assert "registre des documents" in page.last_message
    preview.done(0)


def test_frameworks_tree_axis_edit_and_reattachment_wizard(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWizard

    from app.ui.dialogs.reattach_wizard import ReattachWizard

    page = open_page(qtbot, runner, PortfolioPage)
    page.tabs.setCurrentWidget(page.frameworks)
    view = page.frameworks
    qtmodeltester.check(view.model)
    assert len(view.model.frameworks) >= 2
    old, new = view.model.frameworks[1], view.model.frameworks[0]  # PDI 2024-2027 → PLS 2024-2027
    first_axis = view.model.index(0, 0, view.model.index(0, 0))
    view.tree.setCurrentIndex(first_axis)
    framework, axis = view.current()
    assert framework == new and axis is not None

    view.edit.trigger()  # F2
    view.dialog.title.setText("Intitulé revu")
    view.dialog.buttons.accepted.emit()
    assert view.model.frameworks[0].axes[0].title == "Intitulé revu"
    assert view.current()[1].id == axis.id  # still selected after the reload

    view.reattach.trigger()  # Ctrl+Maj+R
    wizard = view.dialog
    assert isinstance(wizard, ReattachWizard)
    wizard.frameworks_page.old.setCurrentIndex(0)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the same framework twice
    assert wizard.frameworks_page.problem.text() == "Choisissez deux cadres différents."
    wizard.frameworks_page.old.setCurrentIndex(1)
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.table.rowCount() == len(old.all_axes())
    reasons = {mapping.table.item(row, 3).text() for row in range(mapping.table.rowCount())}
    assert reasons - {"aucun axe proche"}, reasons  # something is proposed by title or number
    for row in range(mapping.table.rowCount()):  # what is left unmapped goes to the first axis…
        combo = mapping.combo(row)
        combo.setCurrentIndex(combo.currentIndex() or 1)
    mapping.combo(0).setCurrentIndex(0)  # …but one is left without a target
    counts_before = [n.project_count for n in view.model.frameworks[0].all_axes()]
    wizard.next()

    preview = wizard.preview_page
    assert preview.moved.rowCount() > 0 and " rattachée" in preview.summary.text()
    assert "(s)" not in preview.summary.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Rattacher"
    view.load()  # the preview moved nothing
    assert [n.project_count for n in view.model.frameworks[0].all_axes()] == counts_before
    wizard.back()
    assert mapping.combo(0).currentIndex() == 0  # going back keeps the choices
    wizard.next()
    with qtbot.waitSignal(wizard.applied):
        wizard.accept()
    assert wizard.result_ is not None and not wizard.isVisible()
    after = next(f for f in view.model.frameworks if f.id == new.id)  # reloaded by the view
    moved = sum(n.project_count for n in after.all_axes())
    assert moved > sum(counts_before)
    assert "rattachée" in page.last_message and "au nouveau cadre" in page.last_message

    assert "rattachement de" in page.actions_bar.undo.toolTip()
    page.actions_bar.undo.trigger()  # Ctrl+Z: the new links go to the bin
    assert [n.project_count for n in view.model.frameworks[0].all_axes()] == counts_before
    assert page.last_message.startswith("Annulé : rattachement de")
    page.actions_bar.redo.trigger()
    assert sum(n.project_count for n in view.model.frameworks[0].all_axes()) == moved


def test_a_funding_line_is_edited_then_put_in_the_bin_and_totals_follow(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from app.domain.cofunding import FUNDING_ORDER
    from app.domain.enums import FundingStatus
    from app.formatting import euros

    page = open_page(qtbot, runner, PortfolioPage)
    page.table.selectRow(0)
    project = page.selected_row()
    page.tabs.setCurrentWidget(page.funding)
    view = page.funding
    editable = [r for r in view.lines.rows()
                if FUNDING_ORDER.index(r.status) < FUNDING_ORDER.index(FundingStatus.COMMITTED)]
    if not editable:  # a line of our own to edit
        view.add_button.click()
        view.line_dialog.funder.setCurrentIndex(1)
        view.line_dialog.amount.setText("1 000")
        view.line_dialog.buttons.accepted.emit()
        editable = [r for r in view.lines.rows() if r.amount_cents == 1_000_00]
    line = editable[0]
    view.line_table.selectRow(view.lines.rows().index(line))
    assert view.edit_button.isEnabled() and view.remove_button.isEnabled()

    view.edit_button.click()
    dialog = view.line_dialog
    assert dialog.windowTitle() == "Modifier la ligne de financement"
    assert dialog.amount.text() == euros(line.amount_cents).removesuffix("\u00a0€")  # "12 500,50"
    assert dialog.funder.currentData() == line.funder_id
    dialog.amount.setText("0")
    dialog.year.setValue(2000)
    dialog.funder.setCurrentIndex(0)
    dialog.buttons.accepted.emit()
    assert _shown(dialog.errors["amount"]) == "Le montant d'un financement doit être positif (plus de 0 €)."
    assert "hors de la période possible" in _shown(dialog.errors["fiscal_year"])
    assert _shown(dialog.errors["funder"]) == "Choisissez le financeur de la ligne."
    assert dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted
    dialog.funder.setCurrentIndex(1)
    dialog.year.setValue(line.fiscal_year)
    dialog.amount.setText("77 777,77")
    total_before = page.selected_row().total_cents
    dialog.buttons.accepted.emit()

    edited = next(r for r in view.lines.rows() if r.id == line.id)
    assert edited.amount_cents == 77_777_77
    assert page.selected_row().total_cents == total_before - line.amount_cents + 77_777_77
    assert euros(77_777_77) in view.lines.data(view.lines.index(view.lines.rows().index(edited), 2))

    view.line_table.selectRow(view.lines.rows().index(edited))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.remove_button.click()
    assert all(r.id != line.id for r in view.lines.rows())
    assert page.selected_row().total_cents == total_before - line.amount_cents
    assert page.selected_row().id == project.id

    assert page.actions_bar.undo.toolTip().startswith("Annuler : suppression de la ligne")
    page.actions_bar.undo.trigger()  # Ctrl+Z: the line comes back from the bin, totals with it
    assert any(r.id == line.id and r.amount_cents == 77_777_77 for r in view.lines.rows())
    assert page.selected_row().total_cents == total_before - line.amount_cents + 77_777_77
    page.actions_bar.undo.trigger()  # and the edit before it
    assert next(r for r in view.lines.rows() if r.id == line.id).amount_cents == line.amount_cents
    assert page.selected_row().total_cents == total_before
    page.actions_bar.redo.trigger()
    assert next(r for r in view.lines.rows() if r.id == line.id).amount_cents == 77_777_77


def test_a_new_framework_and_its_axes_added_moved_and_deleted(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    page = open_page(qtbot, runner, PortfolioPage)
    page.tabs.setCurrentWidget(page.frameworks)
    view = page.frameworks
    newest = view.model.frameworks[0]
    messages: list[str] = []
    view.message.connect(messages.append)

    view.new_framework.trigger()
    dialog = view.dialog
    dialog.code.setText(newest.code)  # taken
    dialog.buttons.accepted.emit()
    assert _shown(dialog.errors["code"]) == f"Le cadre « {newest.code} » existe déjà."
    assert "obligatoire" in dialog.errors["title"].text() and dialog.errors["ends_on"].isHidden()
    dialog.code.setText("PLS 2028-2031")
    dialog.title.setText("Pacte local des solidarités 2028-2031")
    dialog.replaces.setCurrentIndex(1)
    dialog.buttons.accepted.emit()
    created = next(f for f in view.model.frameworks if f.code == "PLS 2028-2031")
    assert created.replaces_id == newest.id and view.current()[0].id == created.id

    for number, title in (("1", "Emploi"), ("2", "Mobilité"), ("3", "Logement"), ("2.1", "Permis")):
        view.add.trigger()
        view.dialog.number.setText(number)
        view.dialog.title.setText(title)
        view.dialog.buttons.accepted.emit()
    view.add.trigger()
    view.dialog.number.setText("4.1")
    view.dialog.title.setText("Orphelin")
    view.dialog.buttons.accepted.emit()
    assert "suppose un axe 4" in _shown(view.dialog.errors["number"]) and view.dialog.isVisible()
    view.dialog.reject()

    tree = next(f for f in view.model.frameworks if f.id == created.id)
    view.tree.setCurrentIndex(view.index_of(next(a.id for a in tree.all_axes() if a.title == "Mobilité")))
    view.up.trigger()  # Ctrl+Haut: 2 Mobilité (and 2.1 Permis) become 1 (and 1.1)
    tree = next(f for f in view.model.frameworks if f.id == created.id)
    assert [(a.number, a.title) for a in tree.all_axes()] == [
        ("1", "Mobilité"), ("1.1", "Permis"), ("2", "Emploi"), ("3", "Logement")]
    assert view.current()[1].title == "Mobilité"  # the moved axis stays selected

    demo_axis = next(a for f in view.model.frameworks for a in f.all_axes()
                     if a.project_count and not a.children)
    view.tree.setCurrentIndex(view.index_of(demo_axis.id))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kw: asked.append(args[2]) or
                        QMessageBox.StandardButton.Yes)
    view.remove.trigger()  # Suppr: refused while fiches are attached, then detached on request
    assert asked and f"porte encore {plural(demo_axis.project_count, 'fiche')} action" in asked[0]
    assert all(a.id != demo_axis.id for f in view.model.frameworks for a in f.all_axes())
    assert plural(demo_axis.project_count, "fiche détachée", "fiches détachées") in messages[-1]

    def axes_of(framework_id: object) -> list[tuple[str, str, int]]:
        tree = next(f for f in view.model.frameworks if f.id == framework_id)
        return [(a.number, a.title, a.project_count) for a in tree.all_axes()]

    assert page.actions_bar.undo.toolTip().startswith(f"Annuler : suppression de l'axe {demo_axis.number}")
    page.actions_bar.undo.trigger()  # Ctrl+Z: the axis comes back with its fiches
    back = next(a for f in view.model.frameworks for a in f.all_axes() if a.id == demo_axis.id)
    assert back.project_count == demo_axis.project_count
    page.actions_bar.undo.trigger()  # then the move
    assert [n for n, _t, _c in axes_of(created.id)] == ["1", "2", "2.1", "3"]
    assert axes_of(created.id)[0][1] == "Emploi"
    for _step in range(4):  # the four axes added, then the framework itself
        page.actions_bar.undo.trigger()
    assert axes_of(created.id) == []
    page.actions_bar.undo.trigger()
    assert all(f.id != created.id for f in view.model.frameworks)
    page.actions_bar.redo.trigger()
    assert any(f.id == created.id for f in view.model.frameworks)
