"""Baseline: a bare PySide6 QMainWindow. Prints `MAILLAGE_BENCH first-paint <epoch>` once painted, exits.

Same detection as app/ui/bench_hook.py (end of the first paint cycle of the window), nothing else imported.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        painted = event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
        if painted and watched.window() is self._window:
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, _report)
        return False


def _report() -> None:
    sys.stdout.write(f"MAILLAGE_BENCH first-paint {time.time():.6f}\n")
    sys.stdout.flush()
    os._exit(0)


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1400, 900)
    app.installEventFilter(_FirstPaint(window))
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
