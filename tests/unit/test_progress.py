"""Throttled progress (issue 3): a long step reports at a bounded rate and ends on its total; a quick one
reports nothing."""

from __future__ import annotations

from app.domain.progress import REPORT_EVERY_S, Progress, throttled


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _told(clock: Clock) -> tuple[Progress, list[tuple[int, int, str]]]:
    seen: list[tuple[int, int, str]] = []
    return throttled(Progress(lambda *s: seen.append(s)), clock=clock), seen


def test_a_quick_step_reports_nothing_not_even_its_end() -> None:
    clock = Clock()
    told, seen = _told(clock)
    for done in range(1, 101):
        clock.now += REPORT_EVERY_S / 200
        told.report(done, 100, f"{done}")
    assert seen == []


def test_a_long_step_reports_at_most_once_per_interval_and_ends_on_its_total() -> None:
    clock = Clock()
    told, seen = _told(clock)
    times = []
    for done in range(1, 1001):  # twenty intervals, ten reports in each
        clock.now += REPORT_EVERY_S / 10
        before = len(seen)
        told.report(done, 1000, f"{done}")
        times += [clock.now] * (len(seen) - before)
    gaps = [b - a for a, b in zip(times[:-2], times[1:-1], strict=True)]
    assert min(gaps) >= REPORT_EVERY_S * 0.999 and len(seen) >= 80
    assert seen[-1] == (1000, 1000, "1000")
    assert [d for d, _t, _m in seen] == sorted({d for d, _t, _m in seen})


def test_cancellation_is_still_asked_of_the_step() -> None:
    told = throttled(Progress(is_cancelled=lambda: True))
    assert told.is_cancelled()
