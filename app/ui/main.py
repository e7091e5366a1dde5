"""`maillage gui`: the QApplication, French translations, font, logging, crash dialog, then the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app import thread_guard
from app.logs import install_logging
from app.ui.bench_hook import install as install_bench_hook
from app.ui.errors import install_excepthook, show_warning
from app.ui.fonts import install_app_font
from app.ui.gc_guard import install_gc_guard
from app.ui.i18n import install_french
from app.ui.instance_guard import Claim, InstanceGuard, already_open_text

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


# Said by the offscreen platform (screenshots, CI) for every dialog: true and useless to a coordinator.
_NOISE = ("This plugin does not support propagateSizeHints()",)


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = logging.DEBUG if message in _NOISE else _QT_LEVELS.get(kind, logging.WARNING)
    qt_log.log(level, "%s", message)


def create_application() -> QApplication:
    """The QApplication, French and with the shipped font (reused when one exists, e.g. in tests)."""
    qInstallMessageHandler(_qt_message)  # Qt's messages go through logging, wherever Qt runs
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Maillage")
    app.setApplicationDisplayName("Maillage")
    app.setOrganizationName("GIP")
    install_french(app)
    install_app_font(app)
    install_gc_guard(app)
    return app


def run_gui(db_path: Path) -> int:
    """Paint the shell, then open the database and the first page in the worker."""
    from app.ui.main_window import MainWindow

    install_logging()
    app = create_application()
    install_excepthook()
    thread_guard.forbid()  # logged once per place if the GUI thread ever waits on the database
    guard = InstanceGuard()
    claim = guard.claim(db_path)
    if claim is Claim.WOKEN:  # a double click too many: the window already open comes forward
        log.info("%s is open in another window, brought forward", db_path)
        return 0
    if claim is Claim.HELD:
        show_warning(None, already_open_text(db_path, claim, guard.holder_pid))
        return 1
    window = MainWindow(db_path, guard=guard)
    install_bench_hook(window)  # no-op unless MAILLAGE_BENCH_EXIT_AT is set (bench/)
    window.show()
    QTimer.singleShot(0, window.start)  # after the first paint
    return leave(window, app.exec())


def leave(window: MainWindow, code: int) -> int:
    """The window is closed: a save in flight completes, then the process ends. A sync round still
    running (a share slow to answer, or gone) is not waited for: closing the app hid the window but kept
    the process alive until the round gave up, minutes on a dead network mount. Leaving now is safe: a
    round's transaction commits whole or not at all, and the share only ever sees complete files
    (SYNC.md; the crash test kills rounds 200 times)."""
    window.runner.wait_for_jobs()
    window.guard.release()  # the lock and the wake-up socket go now: a crash leaves them for the next start
    if window.sync is not None and window.sync.running:
        log.warning("A sync round is still running at exit (share slow or gone): not waited for")
        logging.shutdown()
        os._exit(code)
    return code
