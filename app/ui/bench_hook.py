"""Start-up timing hook for bench/ (bench/figures/startup.py). Does nothing unless asked.

`MAILLAGE_BENCH_EXIT_AT=first-paint|dashboard|portfolio` makes `run_gui` print one line on stdout,
`MAILLAGE_BENCH <event> <epoch seconds> [gui=<seconds>] [wall=<seconds>]`, then exit at once:
- first-paint: the main window's first paint cycle is done;
- dashboard: the dashboard page was created, its key figures arrived, and it was painted (its charts
  are still being drawn in the worker at that moment: they are not "its figures");
- portfolio: after that, the portfolio page was opened, loaded and painted; `gui` is the GUI thread's
  CPU time spent meanwhile (time.thread_time), `wall` the elapsed time.
The profile dialog is not shown in this mode. The exit skips clean-up (os._exit), but for the base's
lock and wake-up socket: only the time matters.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ENV = "MAILLAGE_BENCH_EXIT_AT"
EVENTS = ("first-paint", "dashboard", "portfolio")
POLL_MS = 5


def install(window: MainWindow) -> None:
    """Arm the probe named by MAILLAGE_BENCH_EXIT_AT on `window`; no-op when the variable is unset."""
    target = os.environ.get(ENV, "")
    if not target:
        return
    if target not in EVENTS:
        log.warning("%s=%s ignored (expected one of %s)", ENV, target, ", ".join(EVENTS))
        return
    window.ask_profile = False
    _Probe(window, target)


class _Probe(QObject):
    """Follows the window to the target event; parented to it so it lives as long."""

    def __init__(self, window: MainWindow, target: str) -> None:
        super().__init__(window)
        self._window, self._target = window, target
        self._stage = "first-paint"
        self._cpu0 = self._wall0 = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._arm()

    def _arm(self) -> None:
        """Report at the end of the next paint cycle of the window."""
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._window.update()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        painted = event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
        if painted and watched.window() is self._window:  # type: ignore[attr-defined]
            app = QApplication.instance()
            assert app is not None
            app.removeEventFilter(self)
            QTimer.singleShot(0, self._on_painted)  # once the whole paint cycle is done
        return False

    @Slot()
    def _on_painted(self) -> None:
        if self._stage == self._target:
            self._report()
        elif self._stage == "first-paint":
            self._stage = "dashboard"
            self._timer.start()
        elif self._stage == "dashboard":
            self._stage = "portfolio"
            self._cpu0, self._wall0 = time.thread_time(), time.time()
            self._window.show_page("portfolio")
            self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        """Wait until the stage's page exists and has what it is measured for (see the module doc)."""
        page = self._window.page(self._stage)
        if page is None:
            return
        shown = getattr(page, "figures", None) is not None if self._stage == "dashboard" else None
        if not (shown or (shown is None and self._window.runner.is_idle())):
            return
        self._timer.stop()
        self._arm()

    def _report(self) -> None:
        now, extra = time.time(), ""
        if self._target == "portfolio":
            extra = f" gui={time.thread_time() - self._cpu0:.4f} wall={now - self._wall0:.4f}"
        sys.stdout.write(f"MAILLAGE_BENCH {self._target} {now:.6f}{extra}\n")
        sys.stdout.flush()
        self._window.guard.release()  # after the time is taken: no wake-up socket left behind
        os._exit(0)
