"""« Diagnostic » on the demo: needs and their detail, indicators by territory, AFOM."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.diagnostic import AnsweringProject, NeedDetail
from app.domain.enums import ProjectStatus
from app.ui.pages.diagnostic_page import DiagnosticPage
from app.ui.tasks import TaskRunner
from app.ui.widgets import html
from app.ui.widgets.diagnostic_detail import need_html
from tests.ui.pages_helpers import open_page, search


def test_opens_on_the_demo_with_the_needs(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)

    assert page.model.rowCount() >= 10
    assert page.proxy.index(0, 0).data().startswith("B")


def test_selecting_a_need_shows_its_justification_and_projects(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)

    page.table.selectRow(0)

    text = page.detail.toPlainText()
    for heading in ("Justification", "Indicateurs liés", "Constats du diagnostic", "Projets qui répondent"):
        assert heading in text


def test_search_filters_needs(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)

    assert 0 < search(qtbot, page, "logement") < page.model.rowCount()


def test_indicators_tab_shows_territories_by_period(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)
    view = page.indicators

    assert view.indicator_combo.count() >= 10
    assert view.model.rowCount() > 0 and view.model.columnCount() >= 4  # code, name, 2+ periods
    texts = {
        view.model.index(r, c).data()
        for r in range(view.model.rowCount())
        for c in range(2, view.model.columnCount())
    }
    assert all(text == "s" or text == "—" or any(ch.isdigit() for ch in text) for text in texts)


def test_secret_values_read_s_at_the_commune_level(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)
    view = page.indicators
    found = False
    for index in range(view.indicator_combo.count()):
        view.indicator_combo.setCurrentIndex(index)
        level = view.level_combo.findText("Commune")
        if level >= 0:
            view.level_combo.setCurrentIndex(level)
        cells = {
            view.model.index(r, c).data()
            for r in range(view.model.rowCount())
            for c in range(2, view.model.columnCount())
        }
        if "s" in cells:
            found = True
            break
    assert found, "the demo has values under statistical secrecy"


def test_swot_tab_shows_the_four_quadrants(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, DiagnosticPage)

    text = page.swot.toPlainText()
    for quadrant in ("Atouts", "Faiblesses", "Opportunités", "Menaces"):
        assert quadrant in text


def test_a_need_answered_by_hundreds_of_projects_lists_the_first_and_counts_the_rest(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    """The detail pane is laid out on the GUI thread: 800 rows there took half a second (large demo)."""
    page = open_page(qtbot, runner, DiagnosticPage)
    page.table.selectRow(0)
    many = tuple(AnsweringProject(f"FA-9.{n:03d}", f"Projet {n}", ProjectStatus.RUNNING) for n in range(800))

    shown = need_html(NeedDetail(page.selected_row(), "Justification.", (), (), (), many))

    assert shown.count("FA-9.") == html.DETAIL_ROWS
    assert "… et 770 autres : double-cliquez sur ce besoin dans Portefeuille" in shown
