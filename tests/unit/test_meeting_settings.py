"""A séance's « Modifier… » and the invitation (issue 4): what each status still allows, in French."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import MeetingStatus
from app.domain.errors import DomainError
from app.models.body import Seat
from app.models.meeting import Meeting
from app.services.meeting_operations import update_meeting
from app.services.meeting_papers import issue_convocation
from app.services.reporting import issue_report, reissue_document


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


def meeting(session: Session, status: MeetingStatus) -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.status == status)).first()  # type: ignore[return-value]


def test_guests_are_cleaned_one_per_line(session: Session) -> None:
    row = meeting(session, MeetingStatus.PREPARING)
    update_meeting(session, row.id, guests=" Mme Roux \n\n M. Blanc\n", chair_name="  Anne Vidal ",
                   urgent=True, second_convocation=True)
    assert row.guests == "Mme Roux\nM. Blanc" and row.chair_name == "Anne Vidal"
    assert row.urgent and row.second_convocation


def test_urgency_is_frozen_once_convened(session: Session) -> None:
    row = meeting(session, MeetingStatus.CONVENED)
    update_meeting(session, row.id, urgent=row.urgent, place="Salle B")  # unchanged urgency: accepted
    assert row.place == "Salle B"
    with pytest.raises(DomainError, match="« Convoquée » : l'urgence et la seconde convocation se décident "
                                          "avant de convoquer"):
        update_meeting(session, row.id, urgent=not row.urgent)


def test_place_is_frozen_once_held_and_everything_once_approved(session: Session) -> None:
    held = meeting(session, MeetingStatus.CLOSED)
    update_meeting(session, held.id, secretary_name="Sophie Haddad-Martin")
    with pytest.raises(DomainError, match="le lieu et la visioconférence ne changent plus"):
        update_meeting(session, held.id, place="Ailleurs")
    approved = meeting(session, MeetingStatus.MINUTES_APPROVED)
    with pytest.raises(DomainError, match="« PV approuvé » : la présidence, le secrétariat et les invités"):
        update_meeting(session, approved.id, guests="Quelqu'un")


def test_video_link_must_be_a_web_address(session: Session) -> None:
    row = meeting(session, MeetingStatus.PREPARING)
    with pytest.raises(DomainError, match="https://"):
        update_meeting(session, row.id, video_link="teams")


def test_invitation_needs_guests_and_reissues_as_an_invitation(session: Session) -> None:
    row = meeting(session, MeetingStatus.CONVENED)
    issued = issue_report(session, "invitation", row.id)
    assert issued.info.subject_type == "meeting-invitation"
    again = reissue_document(session, issued.info.id)
    assert again.info.subject_type == "meeting-invitation" and again.info.version == 2

    row.guests = ""
    for seat in session.scalars(select(Seat).where(Seat.body_id == row.body_id, Seat.has_vote.is_(False))):
        seat.deleted = True  # the demo CA's MSA seat has no vote: it is invited too
    session.flush()
    with pytest.raises(DomainError, match="aucun invité"):
        issue_convocation(session, row.id, invitation=True)
