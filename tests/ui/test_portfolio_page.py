"""« Portefeuille » on the demo: rows, detail, search, filters, sorting, model checks."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from app.domain.enums import ProjectStatus
from app.ui.dialogs.project_form_dialog import ProjectFormDialog
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.tasks import TaskRunner
from app.ui.widgets.hint_table import STRETCH_MINIMUM
from tests.ui.pages_helpers import open_page, search, shown_texts


def test_opens_on_the_demo_with_every_project(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)

    assert page.model.rowCount() >= 25
    assert page.count_label.text() == f"{page.model.rowCount()} éléments"
    assert page.table_stack.currentWidget() is page.table
    codes = shown_texts(page, 0)
    assert codes == sorted(codes)  # column 0 ascending, not Qt's default descending


def test_selecting_a_project_shows_its_fiche(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)

    page.table.selectRow(0)

    text = page.detail.toPlainText()
    assert page.proxy.index(0, 0).data() in text
    for heading in ("Objectifs", "Plan de financement", "Jalons", "Risques", "Historique des statuts"):
        assert heading in text


def test_search_filters_across_columns(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    total = page.model.rowCount()

    shown = search(qtbot, page, "MOBILITE")  # case and accents ignored

    assert 0 < shown < total
    assert page.count_label.text() == f"{shown} sur {total} éléments"
    assert search(qtbot, page, "zzz introuvable") == 0
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == (  # no-break spaces inside the guillemets: never split at a line end
        "Aucun projet ne correspond à «\u00a0zzz introuvable\u00a0» — effacez la recherche (Échap)")


def test_status_filter_keeps_only_that_status(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    combo = next(c for c in page.filter_combos if c.objectName() == "filter_status")

    combo.setCurrentIndex(combo.findData(ProjectStatus.RUNNING))

    statuses = set(shown_texts(page, 4))
    assert statuses == {ProjectStatus.RUNNING.label}


def test_amounts_sort_by_value(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)

    page.table.sortByColumn(8, Qt.SortOrder.DescendingOrder)

    first = page.model.row_at(page.proxy.mapToSource(page.proxy.index(0, 0)).row())
    assert first.total_cents == max(row.total_cents for row in page.model.rows())
    assert page.proxy.index(0, 8).data().endswith("€")


def test_table_model_passes_qt_checks(qtbot: QtBot, runner: TaskRunner, demo_db: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, runner, PortfolioPage)

    qtmodeltester.check(page.model)


def test_empty_database_tells_what_to_do(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> None:
    page = open_page(qtbot, runner, PortfolioPage)

    assert page.table_stack.currentWidget() is page.empty_label
    assert "Aucun projet" in page.empty_label.text()
    assert page.count_label.text() == "0 élément"


def test_keyboard_ctrl_f_searches_and_enter_shows_the_detail(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PortfolioPage)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.table.setFocus()

    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()

    page.table.setCurrentIndex(page.proxy.index(2, 0))  # moves without selecting when activated by key
    page._on_table_activated(page.proxy.index(2, 0))  # what Enter emits (activated) on every platform
    assert page.proxy.index(2, 0).data() in page.detail.toPlainText()
    dialog = page.findChild(ProjectFormDialog)  # Entrée opens the fiche in the form
    assert dialog is not None and dialog.tabs.code.text() == page.proxy.index(2, 0).data()
    dialog.done(0)


def test_an_axis_filter_survives_a_refresh(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    """The combos are rebuilt from new rows at each refresh: the chosen axis (a UUID equal to, but not the
    same object as, the new option's) stays chosen."""
    page = open_page(qtbot, runner, PortfolioPage)
    combo = next(c for c in page.filter_combos if c.objectName() == "filter_axis")
    combo.setCurrentIndex(1)
    chosen, shown = combo.currentData(), page.proxy.rowCount()
    assert 0 < shown < page.model.rowCount()

    page.refresh()
    qtbot.waitUntil(runner.is_idle)

    assert combo.currentData() == chosen
    assert page.proxy.rowCount() == shown


def test_the_title_takes_the_room_left_and_stays_readable_on_a_narrow_window(
        qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    """Wide, « Intitulé » fills what the other columns leave (no sideways scrolling); narrow, it keeps
    STRETCH_MINIMUM pixels and the table scrolls sideways (Qt's Stretch left it 35 pixels at 1024)."""
    page = open_page(qtbot, runner, PortfolioPage)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    header = page.table.horizontalHeader()
    title = 1
    widths = [header.sectionSize(i) for i in range(header.count())]
    assert sum(widths) == page.table.viewport().width() and widths[title] > STRETCH_MINIMUM

    page.resize(900, 700)
    qtbot.waitUntil(lambda: header.sectionSize(title) == STRETCH_MINIMUM)
    assert page.table.horizontalScrollBar().maximum() > 0

    header.resizeSection(3, header.sectionSize(3) - 60)  # the carrier dragged narrower: the title takes it
    page.resize(1300, 700)
    qtbot.waitUntil(lambda: sum(header.sectionSize(i) for i in range(header.count()))
                    == page.table.viewport().width())
