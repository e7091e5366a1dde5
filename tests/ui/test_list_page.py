"""The list pages' common behaviour on the demo (issue 5): the selection follows sorts and searches."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from app.domain.progress import NO_PROGRESS
from app.ui.pages.pool_page import PoolPage
from app.ui.tasks import TaskRunner
from app.ui.widgets.list_page import load_rows
from tests.ui.pages_helpers import open_page, search


def test_sorting_keeps_the_selected_row(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PoolPage)
    page.table.selectRow(1)
    chosen = page.selected_row()

    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

    assert page.selected_row() == chosen
    [selected] = page.table.selectionModel().selectedRows()
    assert selected.row() == page.proxy.rowCount() - 2


def test_a_row_hidden_by_the_search_is_selected_again_when_it_shows(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    page = open_page(qtbot, runner, PoolPage)
    page.table.selectRow(0)
    chosen = page.selected_row()

    assert search(qtbot, page, "zzz introuvable") == 0
    assert page.selected_row() is None

    search(qtbot, page, "")
    assert page.selected_row() == chosen


def test_the_load_job_prepares_texts_keys_options(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = open_page(qtbot, runner, PoolPage)
    columns = page.model.columns

    loaded = load_rows(page.load_job(), columns, page.filter_specs(), NO_PROGRESS)  # what the worker runs

    assert len(loaded) == page.model.rowCount() and sorted(loaded.sort_keys) == list(range(len(columns)))
    assert loaded.texts[0][0] == columns[0].display(loaded[0])
    [functions, *_] = loaded.filter_options
    assert [label for label, _ in functions] == [page.filter_combos[0].itemText(i)
                                                 for i in range(1, page.filter_combos[0].count())]


def test_a_reload_keeps_the_column_widths_the_user_dragged(qtbot: QtBot, runner: TaskRunner,
                                                           demo_db: Path) -> None:
    """Pages reload after every save and every sync round: columns are fitted once, on the first rows,
    and never again (they used to snap back to their fitted width at each reload)."""
    page = open_page(qtbot, runner, PoolPage)
    fitted = page.table.columnWidth(1)
    page.table.setColumnWidth(1, fitted + 77)

    page.refresh()

    assert page.model.rowCount() > 0
    assert page.table.columnWidth(1) == fitted + 77
