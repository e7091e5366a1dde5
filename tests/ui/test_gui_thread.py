"""The GUI thread never waits on the database, the share, a chart or a PDF (app.thread_guard): the real
window with its real threads (not the tests' synchronous runner) is driven as a coordinator would, and
every entry into those layers from the GUI thread is listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from app import db, thread_guard
from app.domain.enums import MeetingStatus
from app.services.reporting import REPORTS
from app.ui import errors
from app.ui.dialogs import confirm
from app.ui.main_window import MainWindow
from app.ui.pages.governance_page import GovernancePage
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.pages.sync_page import SyncPage
from app.ui.pdf_output import start_printing
from tests.ui.test_meeting_editing import select_meeting

PASSPHRASE = "phrase secrète du département de test"


@pytest.fixture
def window(qtbot: QtBot, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           watched: None) -> MainWindow:
    monkeypatch.setattr(confirm, "ask", lambda *_args: True)
    monkeypatch.setattr(errors, "_collected", [])  # a failure is listed (and fails the test), not a dialog
    path = tmp_path / "poste.sqlite"
    shutil.copy(demo_db, path)
    db.dispose()  # the window opens its own database, in its worker
    window = MainWindow(path, ask_profile=False)  # its own runners: real threads
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    qtbot.waitUntil(window.is_database_open, timeout=60_000)
    _settle(qtbot, window)
    return window


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.is_idle() and window.sync_runner.is_idle(), timeout=60_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: window.runner.is_idle() and window.sync_runner.is_idle(), timeout=60_000)


def test_the_guard_reports_the_database_entered_from_the_gui_thread(demo_db: Path, watched: None) -> None:
    with db.unit_of_work() as session:  # on this (the GUI) thread: what the window must never do
        REPORTS["ordre-du-jour"].issue(session, subject_id=None, latest=True)

    waited = thread_guard.violations()
    assert any(line.startswith("la base, from ") for line in waited)
    assert any(line.startswith("un PDF, from ") for line in waited)


def test_a_coordinator_s_session_never_waits_on_the_gui_thread(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    for spec in window.specs:  # every page, its first row's detail pane (and history) shown
        window.show_page(spec.key)
        _settle(qtbot, window)
        page = window.page(spec.key)
        table = getattr(page, "table", None)
        if table is not None and table.model() is not None and table.model().rowCount() > 0:
            table.selectRow(0)
            _settle(qtbot, window)

    _edit_a_fiche(qtbot, window)
    _open_a_meeting_s_dialogs(qtbot, window)
    _print_the_generated_agenda(qtbot, window, tmp_path)
    _join_a_share_and_sync(qtbot, window, tmp_path)

    assert errors._collected == []
    assert thread_guard.violations() == []


def _edit_a_fiche(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("portfolio")
    page = window.page("portfolio")
    assert isinstance(page, PortfolioPage)
    page.table.selectRow(0)
    _settle(qtbot, window)
    dialog = page.actions_bar.open_form(page.selected_id())
    _settle(qtbot, window)
    dialog.tabs.title_edit.setText(dialog.tabs.title_edit.text() + " (revu)")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    _settle(qtbot, window)
    assert page.selected_row().title.endswith(" (revu)")  # saved, and the list reloaded


def _open_a_meeting_s_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("governance")
    page = window.page("governance")
    assert isinstance(page, GovernancePage)
    for status, openers in ((MeetingStatus.CONVENED, ("open_agenda", "open_edit", "open_live")),
                            (MeetingStatus.CLOSED, ("open_follow_ups",))):
        select_meeting(page, status=status)
        _settle(qtbot, window)
        meeting = page.meetings.selected_row()
        assert meeting is not None
        for opener in openers:
            dialog: QWidget = getattr(page.actions_bar, opener)(meeting.id)
            _settle(qtbot, window)
            dialog.close()


def _print_the_generated_agenda(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = window.page("governance")
    assert isinstance(page, GovernancePage)
    action = next(a for a in page.actions_bar.generate_menu.actions() if a.data() == "ordre-du-jour")
    action.trigger()
    _settle(qtbot, window)
    issued = page.actions_bar.issuer.last
    assert issued is not None and issued.path.is_file()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    task = start_printing(issued.path, printer, page)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass


def _join_a_share_and_sync(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    window.show_page("sync")
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    _settle(qtbot, window)
    page.share_edit.setText(str(share))
    page.passphrase_edit.setText(PASSPHRASE)
    page.join_button.click()  # saves the set-up, then a first round: a whole département sent
    _settle(qtbot, window)
    assert page.join_button.text() == "Changer de dossier"
    assert window.sync.sync_now()
    _settle(qtbot, window)
    assert any(share.rglob("*.chg"))

