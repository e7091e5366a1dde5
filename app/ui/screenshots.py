"""`maillage screenshots DIR`: the real main window, offscreen at 1400×900, one PNG per page."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app import thread_guard

log = logging.getLogger(__name__)

SIZE = (1400, 900)
TIMEOUT_S = 120.0


def wait_until_idle(window: object, *, settle_ms: int = 150, timeout: float = TIMEOUT_S) -> bool:
    """Process events until the window's runner has delivered every result (then a little longer)."""
    runner = window.runner  # type: ignore[attr-defined]
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not runner.is_idle():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= settle_ms / 1000:
            return True
        time.sleep(0.005)
    log.warning("Timed out waiting for background tasks")
    return False


def take_screenshots(db_path: Path, out_dir: Path) -> int:
    """Open the database in the main window, show each page, wait for its loads, grab `out_dir/<key>.png`."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.errors import collect_errors
    from app.ui.main import create_application
    from app.ui.main_window import MainWindow

    create_application()
    errors = collect_errors()  # a failing page ends the run with code 1, not in a dialog nobody closes
    out_dir.mkdir(parents=True, exist_ok=True)
    thread_guard.forbid()  # the pages' loads, charts and reads all go through the worker: checked here
    window = MainWindow(db_path, ask_profile=False)
    window.resize(*SIZE)
    window.show()
    window.start()
    wait_until_idle(window)
    if not window.pages and not window.is_database_open():
        log.error("The database could not be opened: no screenshot taken")
        window.close()
        window.guard.release()
        return 1
    for spec in window.specs:
        _shoot(window, spec.key, out_dir / f"{spec.key}.png")
    window.close()
    window.guard.release()
    waited = thread_guard.violations()
    if errors or waited:
        log.error("%d error(s) while taking the screenshots, %d place(s) where the GUI thread waited "
                  "(above)", len(errors), len(waited))
    return 1 if errors or waited else 0


def _shoot(window: object, key: str, target: Path) -> None:
    window.show_page(key)  # type: ignore[attr-defined]
    wait_until_idle(window)
    page = window.page(key)  # type: ignore[attr-defined]
    table = getattr(page, "table", None)
    if table is not None and table.model() is not None and table.model().rowCount() > 0:
        table.selectRow(0)  # a page with its detail pane filled shows what it is for
        wait_until_idle(window)
    window.grab().save(str(target))  # type: ignore[attr-defined]
    log.info("Screenshot %s written", target)
