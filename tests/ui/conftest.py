"""UI fixtures: a synchronous pool (Picard's FakeThreadPool) and a TaskRunner over it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRunnable
from PySide6.QtWidgets import QApplication

import app.ui  # noqa: F401  (applies the PySide6 None-refcount workaround before any widget exists)
from app import thread_guard
from app.ui.fonts import install_app_font
from app.ui.i18n import install_french
from app.ui.tasks import TaskRunner


class SyncPool:
    """Runs QRunnables at once on the calling thread: results arrive before submit() returns."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def setMaxThreadCount(self, count: int) -> None:  # noqa: N802
        pass

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 - every job already ran in start()
        return True


@pytest.fixture(scope="session", autouse=True)
def _as_the_app_starts(qapp: QApplication) -> None:
    """As the app starts (app.ui.main): the French locale and Qt's French strings (« Enregistrer »,
    « Annuler » on standard buttons), and the shipped font, so that widgets, their sizes and
    screenshots are what a coordinator sees."""
    install_french(qapp)
    install_app_font(qapp)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the app does (app.ui.gc_guard): no automatic collection, which could run in a worker thread
    and destroy a previous test's widgets there; collect here, on the GUI thread, after each test."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def watched() -> Iterator[None]:
    """app.thread_guard watching this (the GUI) thread during the test; what it saw is forgotten after."""
    thread_guard.forbid()
    yield
    thread_guard.allow()


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner(pool=SyncPool())
