"""The portfolio's other views on the demo: coverage matrix, financing, frameworks, exports, fiche PDF."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.tasks import TaskRunner
from tests.ui.pages_helpers import open_page


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
