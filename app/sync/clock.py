"""Hybrid logical clock: (wall ms << 16) | counter, monotonic (SYNC.md "Merge")."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_AHEAD_MS = 5 * 60 * 1000
COUNTER_BITS = 16

# Tests replace this to jump clocks (±1 year); everything else reads wall time through it.
wall_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000  # noqa: E731


def physical(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def tick(last: int, now_ms: int | None = None) -> int:
    """The next local timestamp: after `last`, and at least the wall clock."""
    now = wall_ms() if now_ms is None else now_ms
    return max(last + 1, now << COUNTER_BITS)


def observe(last: int, remote: int, now_ms: int | None = None) -> tuple[int, bool]:
    """Adopt a remote timestamp unless it is more than 5 minutes ahead; returns (clock, too_far_ahead)."""
    now = wall_ms() if now_ms is None else now_ms
    if physical(remote) > now + MAX_AHEAD_MS:
        return last, True
    return max(last, remote), False
