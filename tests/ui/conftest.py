"""UI fixtures: a synchronous pool (Picard's FakeThreadPool) and a TaskRunner over it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRunnable
from PySide6.QtWidgets import QApplication, QMessageBox

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


@pytest.fixture(autouse=True)
def _bases_let_go() -> Iterator[None]:
    """As the app does when it quits (app.ui.main.leave): each main window lets go of its base's lock and
    wake-up socket, which would otherwise stay in the temporary folder after the run."""
    yield
    from app.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.guard.release()


@pytest.fixture(autouse=True)
def _questions_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that closes a changed form means to lose its edits: « Abandonner les modifications ? » is
    answered « Abandonner » (a modal question nobody answers would hold the run for ever). Other
    questions are asked for real, for the tests that answer them (tests.ui.driving)."""
    asked_for_real = QMessageBox.question

    def answer(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        if title == "Abandonner les modifications ?":
            return QMessageBox.StandardButton.Discard
        return asked_for_real(parent, title, text, *args)

    monkeypatch.setattr(QMessageBox, "question", answer)


@pytest.fixture
def watched() -> Iterator[None]:
    """app.thread_guard watching this (the GUI) thread during the test; what it saw is forgotten after."""
    thread_guard.forbid()
    yield
    thread_guard.allow()


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner(pool=SyncPool())
