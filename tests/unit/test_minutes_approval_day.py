"""The day « Approuver le PV… » proposes: the body's next séance once it has taken place, else today."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from app.domain.enums import MeetingStatus
from app.domain.governance import MeetingSummary, minutes_approval_day


def _seance(body: str, number: int, starts_at: datetime | None,
            status: MeetingStatus = MeetingStatus.CLOSED) -> MeetingSummary:
    return MeetingSummary(uuid.uuid4(), body, body, number, starts_at, "", status, 5, 2)


CA3 = _seance("CA", 3, datetime(2026, 10, 8, 14, 30))
SEANCES = [CA3, _seance("CA", 4, datetime(2026, 12, 10, 14, 30), MeetingStatus.CLOSED),
           _seance("CA", 1, datetime(2027, 3, 11, 14, 30), MeetingStatus.PREPARING),
           _seance("COPIL", 1, datetime(2026, 11, 3, 9, 30)), _seance("CA", 2, datetime(2026, 6, 18, 14, 30))]


def test_the_next_seance_of_the_body_once_held_is_proposed() -> None:
    assert minutes_approval_day(CA3, SEANCES, date(2026, 12, 15)) == date(2026, 12, 10)
    assert minutes_approval_day(CA3, SEANCES, date(2026, 12, 10)) == date(2026, 12, 10)


def test_today_before_the_next_seance_or_without_one() -> None:
    assert minutes_approval_day(CA3, SEANCES, date(2026, 11, 29)) == date(2026, 11, 29)  # COPIL's not taken
    assert minutes_approval_day(CA3, [CA3], date(2026, 11, 29)) == date(2026, 11, 29)
    undated = _seance("CA", 5, None)
    assert minutes_approval_day(undated, SEANCES, date(2026, 11, 29)) == date(2026, 11, 29)
