"""Driving the real main window from a test as a user does (issue 4 scenario tests): wait for the worker,
find the dialog on screen, answer « Oui » to a confirmation, control « maintenant »."""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget

from app.ui.main_window import MainWindow

WAIT_MS = 30_000  # PDFs are rendered by reportlab in the worker: generous on a busy machine


class Clock:
    """« Maintenant » in the room, under the test's control."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, hour: int, minute: int) -> None:
        self.now = datetime.combine(self.now.date(), time(hour, minute))


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def modal(qtbot: QtBot, kind: type[QWidget]) -> Any:
    """The dialog the user now faces (opened with open(): window-modal)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=WAIT_MS)
    return QApplication.activeModalWidget()


def answer_yes_when_asked(qtbot: QtBot, asked: list[str]) -> None:
    """Click « Oui » in the next QMessageBox (confirm.ask runs it with exec(): poll from a timer)."""
    def attempt(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()
        elif tries < 200:
            QTimer.singleShot(50, lambda: attempt(tries + 1))
    QTimer.singleShot(0, attempt)


def trigger_confirmed(qtbot: QtBot, window: MainWindow, action: Any) -> str:
    asked: list[str] = []
    answer_yes_when_asked(qtbot, asked)
    action.trigger()
    assert asked, "aucune confirmation demandée"
    idle(qtbot, window)
    return asked[0]


def pick(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == value))


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text), len(reader.pages)  # the footer's total is drawn apart: one space
