"""Rounds have a thread of their own: while one waits on a slow share, the pages' loads and saves go on
(real threads here, not the tests' synchronous runner)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.progress import Progress
from app.domain.sync import SyncStatus
from app.sync.service import local_status
from app.ui import sync_controller
from app.ui.main_window import MainWindow


def test_a_round_waiting_on_the_share_does_not_hold_the_pages(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "poste.sqlite"
    shutil.copy(demo_db, path)
    share = tmp_path / "partage"
    share.mkdir()
    release, waiting = threading.Event(), threading.Event()

    def slow_round(db_path: Path, *, progress: Progress) -> SyncStatus:
        waiting.set()
        release.wait(20)  # a network folder slow to answer
        return local_status(db_path)

    monkeypatch.setattr(sync_controller, "configured_share", lambda _db: str(share))
    monkeypatch.setattr(sync_controller, "saved_passphrase", lambda: "phrase secrète de test")
    monkeypatch.setattr(sync_controller, "sync_configured", slow_round)
    window = MainWindow(path, ask_profile=False)  # its own runners, real threads
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(window.is_database_open, timeout=30_000)
    try:
        assert window.sync.sync_now()
        qtbot.waitUntil(waiting.is_set, timeout=10_000)
        answers: list[int] = []
        window.runner.submit(lambda _progress: 42, owner=window, on_success=answers.append)
        qtbot.waitUntil(lambda: answers == [42], timeout=10_000)  # did not queue behind the round
        assert window.sync.running
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20_000)
    assert window.sync.last_outcome is not None and window.sync.last_outcome.configured
    qtbot.waitUntil(lambda: window.runner.is_idle() and window.sync_runner.is_idle(), timeout=20_000)


def test_closing_the_window_does_not_wait_for_a_round_stuck_on_the_share(demo_db: Path,
                                                                         tmp_path: Path) -> None:
    """The real app (run_gui) in its own process: a round hangs on the share (10 minutes here), the
    coordinator closes the window, the process ends at once (it used to linger until the round gave
    up), and the database opens clean afterwards."""
    path = tmp_path / "poste.sqlite"
    shutil.copy(demo_db, path)
    share = tmp_path / "partage"
    share.mkdir()
    script = f"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.sync.service import local_status
from app.ui import sync_controller
from app.ui.main import create_application, run_gui

def stuck_round(db_path, *, progress):
    print("round started", flush=True)
    time.sleep(600)
    return local_status(db_path)

sync_controller.configured_share = lambda _db: {str(share)!r}
sync_controller.saved_passphrase = lambda: "phrase secrète de test"
sync_controller.sync_configured = stuck_round

def when_open():
    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    if not window.is_database_open():
        QTimer.singleShot(100, when_open)
        return
    window.sync.sync_now()
    QTimer.singleShot(1000, window.close)

create_application()
QTimer.singleShot(100, when_open)
sys.exit(run_gui(Path({str(path)!r})))
"""
    env = {**os.environ, "MAILLAGE_HOME": str(tmp_path / "home")}

    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])

    assert done.returncode == 0, done.stderr
    assert "round started" in done.stdout
    with sqlite3.connect(path) as conn:  # nothing half-written
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
