"""From an object named on the Synchronisation page (a conflict, a point to check) to the page that shows
it, with its row selected: a funding line opens its fiche action in « Portefeuille », a ballot its séance
in « Instances ». The owner is found in the worker (app.sync.history.owner_of)."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStatusBar, QWidget

from app.db import db_path
from app.domain.field_labels import table_label
from app.domain.progress import Progress
from app.sync.history import owner_of
from app.ui.tasks import TaskRunner

# The tables whose rows a page lists, and that page (its key in app.ui.pages.registry).
PAGES: dict[str, str] = {
    "project": "portfolio", "pool_member": "pool", "need": "diagnostic", "meeting": "governance",
    "decision": "governance", "body": "governance", "organisation": "governance",
}


class Window(Protocol):
    def show_page(self, key: str) -> None: ...
    def page(self, key: str) -> QWidget | None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


class ObjectNavigator(QObject):
    """`reveal(table, row id)`: the page of the object (or of the object it is part of), row selected."""

    def __init__(self, window: Any, runner: TaskRunner) -> None:
        super().__init__(window)
        self._window: Window = window
        self._runner = runner

    @Slot(str, str)
    def reveal(self, table: str, row_id: str) -> None:
        def find(_progress: Progress) -> tuple[str, str] | None:
            return owner_of(db_path(), table, row_id, PAGES)

        self._runner.submit(find, owner=self, on_success=lambda found: self._show(table, found))

    def _show(self, asked: str, found: tuple[str, str] | None) -> None:
        if found is None:
            self._window.statusBar().showMessage(
                f"{table_label(asked)} : aucune page n'affiche cet objet pour l'instant.", 10_000)
            return
        table, row_id = found
        self._window.show_page(PAGES[table])
        page = self._window.page(PAGES[table])
        if page is not None and hasattr(page, "reveal"):
            page.reveal(table, uuid.UUID(row_id))
