"""One window per base on this workstation: a second launch on a base already open brings the first
window forward and leaves; « Ouvrir une base… » on a base another window holds keeps the current one; a
crashed holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.instance_guard import Claim, InstanceGuard, lock_path
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_claim_wakes_the_holder_and_a_released_base_can_be_claimed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    base = tmp_path / "poste.sqlite"
    first, second = InstanceGuard(), InstanceGuard()
    assert first.claim(base) is Claim.CLAIMED and lock_path(base).exists()

    with qtbot.waitSignal(first.wake_requested, timeout=5000):
        assert second.claim(base) is Claim.WOKEN
    assert second.holder_pid == os.getpid()

    first.release()
    assert second.claim(base) is Claim.CLAIMED
    second.release()


def test_opening_a_base_another_window_holds_keeps_this_one(  # type: ignore[no-untyped-def]
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: told.append(text))
    other = tmp_path / "autre.sqlite"
    holder = InstanceGuard()
    assert holder.claim(other) is Claim.CLAIMED
    window = MainWindow(demo_db, runner=runner, ask_profile=False)
    qtbot.addWidget(window)
    window.show()
    window.start()

    with qtbot.waitSignal(holder.wake_requested, timeout=5000):
        window.open_database(other)

    assert told == ["La base « autre.sqlite » est déjà ouverte dans une autre fenêtre de Maillage sur ce "
                    "poste : cette fenêtre vient d'être mise au premier plan."]
    assert window.is_database_open() and window.db_path == demo_db
    holder.release()


def _launch(base: Path, home: Path, **env: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MAILLAGE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.Popen([sys.executable, "-m", "app", "--db", str(base)], cwd=ROOT, text=True, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _log(home: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in home.rglob("maillage.log*"))


def _wait_for(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_second_launch_brings_the_first_forward_and_a_crashed_holder_is_taken_over(
    demo_db: Path, tmp_path: Path
) -> None:
    """Real processes (`python -m app`): the way a coordinator double-clicks the icon twice."""
    home = tmp_path / "home"
    first = _launch(demo_db, home)
    launched = [first]
    try:
        _wait_for(lock_path(demo_db).exists)  # claimed, and listening in the same call
        second = _launch(demo_db, home)
        launched.append(second)
        assert second.wait(timeout=60) == 0, second.stderr.read() if second.stderr else ""
        _wait_for(lambda: "Another launch asked for this window" in _log(home))
        assert first.poll() is None  # the first window is still there, brought forward
    finally:
        for process in launched:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    third = _launch(demo_db, home, MAILLAGE_BENCH_EXIT_AT="first-paint")  # the dead holder's lock
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0 and "MAILLAGE_BENCH first-paint" in out, err
