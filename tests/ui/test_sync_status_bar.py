"""The main window owns the automatic rounds: its status bar shows the indicator, which opens the
Synchronisation page; the page follows the window's controller (issue 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction

from app import db
from app.services.reporting import REPORTS
from app.sync.service import local_status, save_setup, sync_once
from app.ui.main_window import MainWindow
from app.ui.pages.documents_page import DocumentsPage
from app.ui.pages.sync_page import SyncPage
from app.ui.sync_controller import SyncController
from app.ui.tasks import TaskRunner
from app.ui.widgets.sync_indicator import SyncIndicator


def _window(qtbot: QtBot, runner: TaskRunner, path: Path) -> MainWindow:
    window = MainWindow(path, runner=runner, ask_profile=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    return window


def test_indicator_in_the_status_bar_opens_the_page_which_uses_the_window_controller(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, runner, demo_db)
    assert isinstance(window.sync, SyncController) and window.sync.timer.isActive()  # start-up round due
    indicator = window.status.sync_slot.findChild(SyncIndicator)
    assert indicator is not None
    assert indicator.text() == "Non configurée"  # known when the base opened: no « prévue » before the round
    window.sync.sync_now()
    assert indicator.text() == "Non configurée"
    window.show_page("pool")
    indicator.button.click()
    page = window.page("sync")
    assert isinstance(page, SyncPage) and window.stack.currentWidget() is window.containers["sync"]

    share = tmp_path / "share"
    share.mkdir()
    page.share_edit.setText(str(share))
    page.passphrase_edit.setText("phrase secrète de test")
    with qtbot.waitSignal(window.sync.round_finished):
        page.join_button.click()  # saves the set-up, then the controller's round
    assert "réussie" in page.last_round_label.text()
    assert indicator.text().startswith("À jour (")
    assert not window.sync.running and page.sync_button.isEnabled()
    qtbot.wait(50)  # let the status bar lay out its new texts before the grab
    window.grab().save(str(tmp_path / "main_sync.png"))
    status = window.status  # base, profile and indicator side by side at the right, no gap between them
    button = indicator.button.geometry().translated(indicator.button.parentWidget().mapTo(status, QPoint()))
    edges = [(status.db_label.geometry().right(), status.profile_label.geometry().left()),
             (status.profile_label.geometry().right(), button.left())]
    assert all(0 < left - right < 24 for right, left in edges), edges
    assert button.right() > status.width() - 40


def test_a_second_request_during_a_round_is_refused(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    window = _window(qtbot, runner, demo_db)
    save_setup(demo_db, demo_db.parent, "x" * 12)
    window.sync.running = True  # a round is in the worker
    assert window.sync.sync_now() is False


def test_a_share_synced_from_the_cli_asks_for_the_passphrase_here(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path
) -> None:
    """`sync --share` from the CLI records the share in the database but saves no passphrase on this
    workstation: the indicator says what is missing (not « Non configurée ») and opens the page, where the
    folder is already filled in and the set-up asks for the passphrase alone."""
    share = tmp_path / "partage"
    share.mkdir()
    sync_once(demo_db, share, "phrase du département")
    window = _window(qtbot, runner, demo_db)
    indicator = window.status.sync_slot.findChild(SyncIndicator)
    assert indicator is not None
    assert indicator.text() == "Synchronisation prévue"  # a share is known: its first round is due
    with qtbot.waitSignal(window.sync.round_finished):
        window.sync.sync_now()
    assert indicator.text() == "Phrase secrète à saisir"
    assert str(share) in indicator.button.toolTip()
    indicator.button.click()
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: page.share_edit.text() == str(share))
    assert page.join_button.text() == "Enregistrer la phrase secrète" and not page.sync_button.isEnabled()
    assert page.setup_state.text() == (f"Ce poste se synchronise avec « {share} », mais la phrase secrète du "
                                       "département n'y est pas enregistrée : saisissez-la.")
    assert "Phrase secrète : à saisir sur ce poste" in local_status(demo_db).describe()


def test_f9_syncs_now_or_opens_the_page_when_no_share_is_joined(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    window = _window(qtbot, runner, demo_db)
    [action] = [a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence(Qt.Key.Key_F9)]
    assert action.text() == "S&ynchroniser maintenant"
    window.show_page("portfolio")
    with qtbot.waitSignal(window.sync.round_finished):
        action.trigger()  # no share joined yet: the round finds nothing to do
    action.trigger()
    assert window.stack.currentWidget() is window.containers["sync"]  # where one joins a share

    share = tmp_path / "share"
    share.mkdir()
    save_setup(demo_db, share, "phrase secrète de test")
    with qtbot.waitSignal(window.sync.round_finished):
        window.sync.sync_now()  # the round after joining (the page starts it)
    window.show_page("portfolio")
    with qtbot.waitSignal(window.sync.round_finished):
        action.trigger()
    assert window.sync.last_outcome.configured
    assert window.stack.currentWidget() is window.containers["portfolio"]
    window.sync.running = True
    action.trigger()
    assert window.statusBar().currentMessage() == "Une synchronisation est déjà en cours."


def test_a_document_file_arriving_alone_shows_on_the_documents_page(
    qtbot: QtBot, runner: TaskRunner, demo_template: Path, template_db: Path, tmp_path: Path
) -> None:
    """The register entry came in an earlier round, its file (late on the sender's side) comes alone:
    the Documents page in front reads « Fichier conforme » after the round, not « Fichier absent »."""
    share, a, b = tmp_path / "partage", tmp_path / "a" / "gip.sqlite", tmp_path / "b" / "gip.sqlite"
    for folder in (share, a.parent, b.parent):
        folder.mkdir()
    shutil.copy(demo_template, a)
    shutil.copy(template_db, b)
    db.init_engine(a)
    with db.unit_of_work() as session:
        REPORTS["deliberation"].issue(session, subject_id=None, latest=True)
    db.dispose()
    sync_once(a, share, "phrase du département")
    [files] = share.glob("maillage-sync/replicas/*/files")
    files.rename(tmp_path / "en-retard")  # as if a's upload had not happened yet
    sync_once(b, share, "phrase du département")
    (tmp_path / "en-retard").rename(files)
    save_setup(b, share, "phrase du département")

    window = _window(qtbot, runner, b)
    window.show_page("documents")
    page = window.page("documents")
    assert isinstance(page, DocumentsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 3).data() == "Fichier absent"
    with qtbot.waitSignal(window.sync.round_finished):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: page.model.index(0, 3).data() == "Fichier conforme")
