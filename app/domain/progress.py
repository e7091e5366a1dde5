"""Progress and cancellation handed to long tasks (Orange's TaskState, without Qt)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.errors import Cancelled

REPORT_EVERY_S = 0.2  # a long step reports at most five times a second (issue 3); read at call time


def _no_report(done: int, total: int, message: str) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Progress:
    report: Callable[[int, int, str], None] = _no_report
    is_cancelled: Callable[[], bool] = _never

    def step(self, done: int, total: int, message: str) -> None:
        """Report progress, or raise Cancelled once the user asked to stop."""
        if self.is_cancelled():
            raise Cancelled()
        self.report(done, total, message)


NO_PROGRESS = Progress()


class _Throttle:
    """Passes a report on once REPORT_EVERY_S has passed since the step began or since the last one
    passed on; the last report of the step (done == total) also passes once an earlier one has."""

    def __init__(self, report: Callable[[int, int, str], None], clock: Callable[[], float]) -> None:
        self._report, self._clock = report, clock
        self._every = REPORT_EVERY_S
        self._next = clock() + self._every
        self._shown = False

    def __call__(self, done: int, total: int, message: str) -> None:
        now = self._clock()
        if now >= self._next or (self._shown and done >= total > 0):
            self._shown, self._next = True, now + self._every
            self._report(done, total, message)


def throttled(progress: Progress, *, clock: Callable[[], float] = time.monotonic) -> Progress:
    """`progress` for a step that reports often (per part, per transaction): a quick step shows nothing,
    a long one moves at a bounded rate and ends on its total."""
    return Progress(_Throttle(progress.report, clock), progress.is_cancelled)
