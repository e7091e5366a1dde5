"""The procès-verbal of a séance is approved by the next one: closing the demo's CA n° 4, whose point 3 is
« Approbation du procès-verbal de la séance du 8 octobre 2026 », approves CA n° 3's on 10 December 2026,
unless that point was rejected or withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import BallotChoice as B
from app.domain.enums import MeetingStatus
from app.models.body import Body
from app.models.meeting import Meeting
from app.services.meeting_desk import meeting_desk
from app.services.meeting_live import VoteCounts, record_vote
from app.services.meeting_operations import close_meeting, withdraw_item
from tests.unit.test_meeting_live import point, seat_everyone

CLOSING = datetime(2026, 12, 10, 17)


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


def _ca(session: Session, number: int, year: int) -> Meeting:
    stmt = (select(Meeting).join(Body, Body.id == Meeting.body_id)
            .where(Body.code == "CA", Meeting.number == number, Meeting.starts_at >= datetime(year, 1, 1),
                   Meeting.starts_at < datetime(year + 1, 1, 1)))
    return session.scalars(stmt).one()


def test_closing_the_next_seance_approves_the_minutes_its_point_adopted(session: Session) -> None:
    ca3, ca4 = _ca(session, 3, 2026), _ca(session, 4, 2026)
    seat_everyone(session, ca4)
    record_vote(session, point(session, ca4, 3).id, at=datetime(2026, 12, 10, 14, 40), counts=VoteCounts(4))
    assert meeting_desk(session, ca4.id).approves_minutes_of == date(2026, 10, 8)  # told before closing

    close_meeting(session, ca4.id, at=CLOSING)

    assert ca3.status is MeetingStatus.MINUTES_APPROVED and ca3.minutes_approved_on == date(2026, 12, 10)


def test_a_minutes_point_left_without_a_vote_approves_them_too(session: Session) -> None:
    """Approved without objection (the relevé: « Le conseil d'administration approuve le procès-verbal »)."""
    ca3, ca4 = _ca(session, 3, 2026), _ca(session, 4, 2026)
    seat_everyone(session, ca4)

    close_meeting(session, ca4.id, at=CLOSING)

    assert ca3.status is MeetingStatus.MINUTES_APPROVED and ca3.minutes_approved_on == date(2026, 12, 10)


@pytest.mark.parametrize("what", ["rejected", "withdrawn"])
def test_minutes_rejected_or_whose_point_was_withdrawn_stay_to_approve(session: Session, what: str) -> None:
    ca3, ca4 = _ca(session, 3, 2026), _ca(session, 4, 2026)
    minutes = point(session, ca4, 3)
    if what == "withdrawn":
        withdraw_item(session, minutes.id)
    s = seat_everyone(session, ca4)
    if what == "rejected":
        record_vote(session, minutes.id, at=datetime(2026, 12, 10, 14, 40), ballots={
            s["État"]: B.AGAINST, s["Département"]: B.AGAINST, s["CAF"]: B.FOR, s["France Travail"]: B.FOR})

    assert meeting_desk(session, ca4.id).approves_minutes_of is None
    close_meeting(session, ca4.id, at=CLOSING)

    assert ca3.status is MeetingStatus.CLOSED and ca3.minutes_approved_on is None


def test_minutes_already_approved_keep_their_date(session: Session) -> None:
    ca3, ca4 = _ca(session, 3, 2026), _ca(session, 4, 2026)
    ca3.status, ca3.minutes_approved_on = MeetingStatus.MINUTES_APPROVED, date(2026, 11, 5)
    seat_everyone(session, ca4)

    close_meeting(session, ca4.id, at=CLOSING)

    assert ca3.minutes_approved_on == date(2026, 11, 5)
