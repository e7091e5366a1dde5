"""UI fixtures: a synchronous pool (Picard's FakeThreadPool) and a TaskRunner over it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRunnable

import app.ui  # noqa: F401  (applies the PySide6 None-refcount workaround before any widget exists)
from app.ui.tasks import TaskRunner


class SyncPool:
    """Runs QRunnables at once on the calling thread: results arrive before submit() returns."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def setMaxThreadCount(self, count: int) -> None:  # noqa: N802
        pass


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner(pool=SyncPool())
