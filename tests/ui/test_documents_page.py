"""« Documents »: the register, files flagged when modified or missing, the empty state, search, model."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app import db
from app.config import documents_dir
from app.ui.pages.documents_page import DocumentsPage
from app.ui.tasks import TaskRunner
from tests.seed_instances import seed_documents


def _page(qtbot: QtBot, runner: TaskRunner) -> DocumentsPage:
    page = DocumentsPage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_register_flags_files_and_shows_detail(
    qtbot: QtBot, runner: TaskRunner, bound_db: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        seed_documents(session, documents_dir(bound_db))

    page = _page(qtbot, runner)

    assert page.proxy.rowCount() == 3
    states = {page.model.index(row, 3).data() for row in range(3)}
    assert states == {"Fichier conforme", "Fichier modifié", "Fichier absent"}
    page.table.selectRow(0)
    assert "SHA-256" in page.detail.toPlainText()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_file_state_filter_and_search(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> None:
    with db.unit_of_work() as session:
        seed_documents(session, documents_dir(bound_db))
    page = _page(qtbot, runner)

    combo = page.filter_combos[1]
    combo.setCurrentIndex(combo.findText("Fichier modifié"))
    assert page.proxy.rowCount() == 1
    combo.setCurrentIndex(0)
    page.search.setText("2026-CA-002")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)


def test_empty_register_explains_where_documents_come_from(
    qtbot: QtBot, runner: TaskRunner, bound_db: Path
) -> None:
    page = _page(qtbot, runner)
    assert page.table_stack.currentWidget() is page.empty_label
    assert "Instances ou Portefeuille" in page.empty_label.text()


def test_opens_on_the_demo(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = _page(qtbot, runner)
    if page.model.rowCount() == 0:
        assert page.table_stack.currentWidget() is page.empty_label
    else:
        page.table.selectRow(0)
        assert "SHA-256" in page.detail.toPlainText()
