"""The governance calendar of the story (today is 2026-11-27): meetings held, convened, in preparation."""

from __future__ import annotations

from datetime import date, datetime, time

CA_HELD = (
    date(2024, 3, 14),
    date(2024, 6, 20),
    date(2024, 12, 12),
    date(2025, 3, 13),
    date(2025, 6, 19),
    date(2025, 12, 11),
    date(2026, 3, 12),
    date(2026, 6, 18),
    date(2026, 10, 8),
)
CA_CONVENED = date(2026, 12, 10)
COPIL_HELD = (
    date(2024, 2, 27),
    date(2024, 9, 24),
    date(2025, 2, 25),
    date(2025, 9, 23),
    date(2026, 2, 24),
    date(2026, 9, 22),
)
COPIL_PREPARING = date(2027, 1, 26)
CA_TIME, COPIL_TIME = time(14, 30), time(9, 30)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


def copil_before(day: date) -> int:
    """Index of the last COPIL held at least two weeks before `day` (its opinion precedes the CA)."""
    candidates = [i for i, held in enumerate(COPIL_HELD) if (day - held).days >= 14]
    return candidates[-1] if candidates else 0
