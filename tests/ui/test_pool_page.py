"""« Pool » on the demo: agents, overload in red, detail of assignments, search, model checks."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from app.ui.pages.pool_page import PoolPage
from app.ui.tasks import TaskRunner
from app.ui.widgets.colours import ALERT
from tests.ui.pages_helpers import open_page, search


def test_opens_on_the_demo_with_quotite_as_percent(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PoolPage)

    assert page.model.rowCount() >= 10
    quotites = {page.model.index(row, 4).data() for row in range(page.model.rowCount())}
    assert all(text.endswith("\u00a0%") for text in quotites)


def test_overloaded_agents_are_red(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PoolPage)

    rows = page.model.rows()
    overloaded = [i for i, row in enumerate(rows) if row.overloaded]
    assert overloaded, "the demo has overloaded agents"
    assert page.model.index(overloaded[0], 0).data(Qt.ItemDataRole.ForegroundRole) == ALERT
    calm = next(i for i, row in enumerate(rows) if not row.overloaded)
    assert page.model.index(calm, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_selecting_an_agent_shows_assignments_and_load(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PoolPage)

    page.table.selectRow(0)

    text = page.detail.toPlainText()
    assert page.selected_row().first_name in text
    assert "Affectations" in text and "Charge mois par mois" in text


def test_search_and_load_filter(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PoolPage)
    name = page.model.rows()[0].last_name

    assert 0 < search(qtbot, page, name.lower()) < page.model.rowCount()
    search(qtbot, page, "")
    combo = next(c for c in page.filter_combos if c.objectName() == "filter_load")
    combo.setCurrentIndex(1)  # "Surchargés dans l'année"
    shown = [
        page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
        for r in range(page.proxy.rowCount())
    ]
    assert shown and all(row.overloaded for row in shown)


def test_table_model_passes_qt_checks(qtbot: QtBot, runner: TaskRunner, demo_db: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(open_page(qtbot, runner, PoolPage).model)
