"""Progress and cancellation handed to long tasks (Orange's TaskState, without Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.errors import Cancelled


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
