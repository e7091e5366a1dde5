"""TaskRunner: results and errors come back on the GUI thread; cancelling through the progress dialog."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.errors import Cancelled, DomainError
from app.domain.progress import Progress
from app.ui.tasks import ProgressDialog, TaskRunner


def _owner(qtbot: QtBot) -> QWidget:
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), _owner(qtbot)
    seen: list[tuple[int, bool]] = []

    runner.submit(
        lambda progress: 42,
        owner=owner,
        on_success=lambda result: seen.append(
            (result, threading.current_thread() is threading.main_thread())
        ),
    )

    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(42, True)] and runner.is_idle()


def test_errors_go_to_on_error_but_cancellation_is_silent(qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), _owner(qtbot)
    errors: list[Exception] = []

    def fail(progress: Progress) -> None:
        raise DomainError("Le projet est déjà clos.")

    def cancelled(progress: Progress) -> None:
        raise Cancelled()

    runner.submit(fail, owner=owner, on_success=lambda _: None, on_error=errors.append)
    runner.submit(cancelled, owner=owner, on_success=lambda _: None, on_error=errors.append)

    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert [str(e) for e in errors] == ["Le projet est déjà clos."]


def test_annuler_sets_the_cancel_event_and_the_job_stops(qtbot: QtBot) -> None:
    runner, owner = TaskRunner(), _owner(qtbot)
    outcome: list[str] = []

    def long_job(progress: Progress) -> str:
        for step in range(500):
            progress.step(step, 500, "Calcul en cours")
            time.sleep(0.01)
        return "fini"

    task = runner.submit(long_job, owner=owner, on_success=outcome.append)
    dialog = ProgressDialog(task, "Calcul", owner)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)  # shown after 600 ms
    assert dialog.labelText() == "Calcul en cours"

    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Annuler")
    cancel.click()

    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert task.cancel_event.is_set() and outcome == []
