"""Automatic sync rounds, owned by the main window (SYNC.md "In the app"; issue 3).

One round at start-up, then every few minutes while a share is configured and reachable, and on demand
(the Synchronisation page, the status-bar indicator). Rounds run in a runner of their own (the main
window's `sync_runner`: their own connection, their own thread), never on the GUI thread, and the pages'
loads and saves never wait behind a slow share; never two rounds at once; an unreachable share backs off
(5, 10, 20… up to 30 minutes) and the app keeps working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain.progress import Progress
from app.domain.sync import SyncStatus
from app.sync.service import configured_share, local_status, saved_passphrase, sync_configured
from app.sync.share import ShareError
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ROUND_EVERY_MS = 5 * 60 * 1000
MAX_BACKOFF_MS = 30 * 60 * 1000
STARTUP_DELAY_MS = 3000


class ShareUnreachable(ShareError):
    """The configured share folder is not there (network down, laptop away): a normal offline state."""


@dataclass(frozen=True)
class RoundOutcome:
    """What one automatic round found: `configured` False means no share or no passphrase here."""

    status: SyncStatus
    configured: bool
    finished_at: datetime


def round_job(db_path: Path) -> Callable[[Progress], RoundOutcome]:
    """The worker side of a round: status, reachability (may block on a network share), round."""

    def run(progress: Progress) -> RoundOutcome:
        share = configured_share(db_path)
        if not share or not saved_passphrase():
            return RoundOutcome(local_status(db_path), False, datetime.now().astimezone())
        if not Path(share).is_dir():
            raise ShareUnreachable(f"Le dossier partagé « {share} » est inaccessible.")
        done = sync_configured(db_path, progress=progress)
        return RoundOutcome(done, True, datetime.now().astimezone())

    return run


class SyncController(QObject):
    """Schedules rounds and tells the page and the indicator what happens (signals, GUI thread)."""

    round_started = Signal()
    round_progressed = Signal(int, int, str)
    round_finished = Signal(object)  # RoundOutcome
    round_failed = Signal(str)  # French message; the share is deemed unreachable
    conflicts_changed = Signal(int)

    def __init__(self, runner: TaskRunner, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.db_path = db_path
        self.running = False
        self.last_outcome: RoundOutcome | None = None
        self.last_error = ""
        self.offline = False  # the last failure came from the share (gone, locked, full), not a refusal
        self._conflicts = -1
        self._interval = ROUND_EVERY_MS
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self, *, delay_ms: int = STARTUP_DELAY_MS) -> None:
        """The start-up round, once the first page has loaded; the next ones follow from the timer."""
        self.timer.start(delay_ms)

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def sync_now(self) -> bool:
        """Run a round now unless one is running; False when refused for that reason."""
        if self.running:
            return False
        self.timer.stop()
        self.running = True
        self.last_error = ""
        self.round_started.emit()
        task = self._runner.submit(round_job(self.db_path), owner=self,
                                   on_success=self._on_round_done, on_error=self._on_round_error)
        if not task.done:
            task.progressed.connect(self._on_task_progressed)
        return True

    def note_status(self, status: SyncStatus) -> None:
        """A status read elsewhere (a conflict resolved on the page): keep the conflicts count current."""
        if self.last_outcome is not None:
            self.last_outcome = replace(self.last_outcome, status=status)
        self._set_conflicts(len(status.conflicts))

    @Slot(int, int, str)
    def _on_task_progressed(self, done: int, total: int, message: str) -> None:
        self.round_progressed.emit(done, total, message)

    def _on_round_done(self, outcome: RoundOutcome) -> None:
        self.running = False
        self.last_outcome = outcome
        self._interval = ROUND_EVERY_MS
        if outcome.configured:
            self.timer.start(self._interval)
        self.round_finished.emit(outcome)
        self._set_conflicts(len(outcome.status.conflicts))

    def _on_round_error(self, exc: Exception) -> None:
        self.running = False
        self.last_error = str(exc)
        self.offline = isinstance(exc, ShareError)
        log.info("Sync round failed, next try in %d s: %s", self._interval // 1000, exc)
        self.timer.start(self._interval)
        self._interval = min(self._interval * 2, MAX_BACKOFF_MS)
        self.round_failed.emit(self.last_error)

    def _set_conflicts(self, count: int) -> None:
        if count != self._conflicts:
            self._conflicts = count
            self.conflicts_changed.emit(count)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.sync_now()
