"""Shared steps of the list-page tests: open, select, search."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.ui.tasks import TaskRunner
from app.ui.widgets.list_page import ListPage


def open_page(qtbot: QtBot, runner: TaskRunner, page_class: type[ListPage]) -> Any:
    page = page_class(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def search(qtbot: QtBot, page: ListPage, text: str) -> int:
    """Type into the search field and wait for the debounced filter; the number of rows shown."""
    page.search.setText(text)
    qtbot.waitUntil(lambda: page.proxy.rowCount() < page.model.rowCount() or not text, timeout=2000)
    page._on_search_timer_timeout()  # the debounce has fired at least once; make the result definitive
    return page.proxy.rowCount()


def shown_texts(page: ListPage, column: int) -> list[str]:
    return [page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())]
