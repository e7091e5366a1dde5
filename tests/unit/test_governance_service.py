"""Governance read services: meetings, meeting detail, decisions, bodies."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import AttendanceStatus, MajorityKind, MatterKind, MeetingStatus, VoteResult
from app.domain.errors import NotFound
from app.services.governance import get_meeting, list_bodies, list_decisions, list_meetings
from tests.seed_instances import seed_governance


def test_meetings_list_counts_items_and_decisions(session: Session) -> None:
    seed_governance(session)

    [meeting] = list_meetings(session)

    assert (meeting.body_code, meeting.number_label, meeting.place) == ("CA", "Séance n°\u00a03", "Tulle")
    assert meeting.status is MeetingStatus.HELD
    assert (meeting.items_count, meeting.decisions_count) == (2, 1)


def test_meeting_detail_has_agenda_votes_attendance_proxies_and_guests(session: Session) -> None:
    _, seeded = seed_governance(session)

    detail = get_meeting(session, seeded.id)

    assert [item.position for item in detail.items] == [1, 2]
    budget = detail.items[1]
    assert budget.decision_number == "2026-CA-004"
    assert budget.vote is not None and budget.vote.result is VoteResult.ADOPTED
    assert budget.vote.rights_for == Decimal("70")
    assert detail.count(AttendanceStatus.PRESENT) == 2 and detail.count(AttendanceStatus.EXCUSED) == 1
    assert detail.rights_present_share == Decimal("0.9")  # État 30 + Département 40 + CAF (représentée) 20
    assert detail.quorum is not None and detail.quorum.reached  # 90 % ≥ ⅔
    assert detail.proxies[0].counts
    assert [(p.grantor, p.holder) for p in detail.proxies] == [("CAF", "État")]
    assert detail.guests == ("Mme Invitée", "M. Expert")


def test_unknown_meeting_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="Séance introuvable"):
        get_meeting(session, uuid.uuid4())


def test_decisions_carry_body_date_text_and_vote(session: Session) -> None:
    seed_governance(session)

    [decision] = list_decisions(session)

    assert (decision.number, decision.body_code) == ("2026-CA-004", "CA")
    assert decision.day is not None and decision.day.isoformat() == "2026-03-12"
    assert decision.visas == ("Vu la loi n° 2011-525", "Vu la convention constitutive")
    assert decision.vote is not None and decision.vote.votes_for == 2


def test_bodies_carry_rules_majorities_and_seats(session: Session) -> None:
    seed_governance(session)

    [body] = list_bodies(session)

    assert body.majorities == ((MatterKind.BUDGET, MajorityKind.TWO_THIRDS),)
    assert [seat.organisation for seat in body.seats] == ["État", "Département", "CAF", "France Travail"]
    assert body.total_rights == Decimal("100")
    assert body.seats[0].holders == ("Titulaire État",)
    assert body.meetings_count == 1


def test_every_demo_meeting_opens_with_consistent_figures(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        meetings = list_meetings(session)
        details = [get_meeting(session, meeting.id) for meeting in meetings]
        decisions = list_decisions(session)
        bodies = list_bodies(session)

    assert meetings and decisions and len(bodies) >= 2
    numbers = [decision.number for decision in decisions if decision.number]
    assert len(numbers) == len(set(numbers))
    for detail in details:
        assert 0 <= detail.rights_present_share <= 1
        assert len(detail.items) == detail.summary.items_count
    for body in bodies:
        if body.seats:
            assert body.total_rights == Decimal("100")
