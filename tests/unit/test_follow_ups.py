"""Follow-up actions (issue 4): proposals until the coordinator sets them, then the stored ones, in the
relevé de décisions too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import MeetingStatus
from app.domain.errors import DomainError
from app.domain.meeting_editing import FollowUpEntry
from app.models.meeting import Decision, FollowUpAction, Meeting
from app.services.follow_ups import decision_meeting, follow_up_sheet, save_follow_ups
from app.services.meeting_minutes import decisions_summary_doc


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


def closed_meeting(session: Session) -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CLOSED)).one()


def test_sheet_proposes_actions_derived_from_the_vote(session: Session) -> None:
    sheet = follow_up_sheet(session, closed_meeting(session).id)
    assert sheet.title == "CA – séance n° 3 du jeudi 8 octobre 2026"
    point = next(p for p in sheet.points if p.decision_number == "2026-CA-008")
    assert not point.stored and "adopte la délibération n° 2026-CA-008" in point.decision_sentence
    assert sheet.points[0].decision_sentence == "Pour information : point sans vote."
    first = point.entries[0]
    assert first.what == "Publier et notifier la délibération n° 2026-CA-008 aux membres"
    assert first.due_on == date(2026, 10, 23) and not first.done


def test_stored_actions_replace_the_proposals_in_the_releve(session: Session) -> None:
    meeting = closed_meeting(session)
    point = next(p for p in follow_up_sheet(session, meeting.id).points if p.decision_number == "2026-CA-008")
    save_follow_ups(session, point.item_id, [
        FollowUpEntry("Claire Fontanel", "Notifier la délibération aux membres", date(2026, 10, 20), True),
        FollowUpEntry(" Service financier ", " Préparer la décision modificative ", date(2026, 11, 30)),
    ])
    again = next(p for p in follow_up_sheet(session, meeting.id).points if p.item_id == point.item_id)
    assert again.stored and [e.who for e in again.entries] == ["Claire Fontanel", "Service financier"]
    line = next(li for li in decisions_summary_doc(session, meeting.id).lines if li.line.position ==
                point.position)
    assert [(f.who, f.when) for f in line.follow_ups] == [
        ("Claire Fontanel", "mardi 20 octobre 2026, réalisée"),
        ("Service financier", "lundi 30 novembre 2026")]

    save_follow_ups(session, point.item_id, [FollowUpEntry("Direction", "Archiver")])
    line = next(li for li in decisions_summary_doc(session, meeting.id).lines if li.line.position ==
                point.position)
    assert line.follow_ups[0].when == "échéance à fixer"
    rows = session.scalars(select(FollowUpAction).where(FollowUpAction.item_id == point.item_id)).all()
    # a list of new actions (no ids): in a new row; the two replaced stay, soft-deleted (SYNC.md)
    assert sorted((r.position, r.deleted) for r in rows) == [(1, False), (1, True), (2, True)]
    assert all(r.decision_id is not None for r in rows)


def test_no_action_at_all_is_kept_as_such(session: Session) -> None:
    meeting = closed_meeting(session)
    point = next(p for p in follow_up_sheet(session, meeting.id).points if p.entries)
    save_follow_ups(session, point.item_id, [])
    again = next(p for p in follow_up_sheet(session, meeting.id).points if p.item_id == point.item_id)
    assert again.stored and again.entries == ()


def test_refusals_are_in_french(session: Session) -> None:
    meeting = closed_meeting(session)
    point = follow_up_sheet(session, meeting.id).points[0]
    with pytest.raises(DomainError, match="Action n° 2 : indiquez qui en est chargé"):
        save_follow_ups(session, point.item_id, [FollowUpEntry("A", "B"), FollowUpEntry(" ", "C")])
    with pytest.raises(DomainError, match="Action n° 1 : dites ce qui doit être fait"):
        save_follow_ups(session, point.item_id, [FollowUpEntry("A", "")])
    with pytest.raises(DomainError, match="précède la séance"):
        save_follow_ups(session, point.item_id, [FollowUpEntry("A", "B", date(2026, 1, 1))])
    preparing = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PREPARING)).one()
    with pytest.raises(DomainError, match="pas encore été ouverte"):
        follow_up_sheet(session, preparing.id)


def test_decision_meeting_finds_the_point(session: Session) -> None:
    point = next(p for p in follow_up_sheet(session, closed_meeting(session).id).points if p.decision_number)
    decision = session.scalars(select(Decision).where(Decision.number == point.decision_number)).one()
    assert decision_meeting(session, decision.id) == (closed_meeting(session).id, point.item_id)
