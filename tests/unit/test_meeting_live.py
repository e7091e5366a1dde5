"""The séance as it happens, on the demo's convened CA n° 4 (issue 4): attendance with departures,
proxies within the body's limits, votes by ballots or counts with NPPV named, casting vote."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import (
    AgendaItemStatus,
    AttendanceStatus,
    BallotChoice,
    DecisionStatus,
    MeetingStatus,
    VoteResult,
)
from app.domain.errors import DomainError
from app.models.body import Body, Representative, Seat
from app.models.meeting import AgendaItem, Attendance, Ballot, Decision, Meeting, Vote
from app.models.organisation import Organisation
from app.services.meeting_live import (
    VoteCounts,
    cancel_vote,
    grant_proxy,
    record_attendance,
    record_departure,
    record_vote,
)
from app.services.meeting_operations import approve_minutes, close_meeting, open_meeting, update_meeting

B = BallotChoice
P = AttendanceStatus.PRESENT
OPEN = datetime(2026, 12, 10, 14, 35)


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


@pytest.fixture
def ca4(session: Session) -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CONVENED)).one()


def seats(session: Session, code: str = "CA") -> dict[str, uuid.UUID]:
    stmt = (select(Organisation.short_name, Seat.id).join(Seat, Seat.organisation_id == Organisation.id)
            .join(Body, Body.id == Seat.body_id).where(Body.code == code))
    return {name: seat_id for name, seat_id in session.execute(stmt)}


def titular(session: Session, seat_id: uuid.UUID) -> uuid.UUID:
    stmt = select(Representative.id).where(Representative.seat_id == seat_id,
                                           Representative.is_substitute.is_(False))
    return session.scalars(stmt).first()  # type: ignore[return-value]


def point(session: Session, meeting: Meeting, position: int) -> AgendaItem:
    stmt = select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.position == position)
    return session.scalars(stmt).one()


def seat_everyone(session: Session, meeting: Meeting) -> dict[str, uuid.UUID]:
    s = seats(session)
    for name in ("État", "Département", "CAF", "France Travail"):
        person = titular(session, s[name])
        record_attendance(session, meeting.id, s[name], status=P, representative_id=person)
    open_meeting(session, meeting.id, at=OPEN)
    return s


def test_attendance_is_one_line_per_seat_and_times_must_be_ordered(session: Session, ca4: Meeting) -> None:
    s = seats(session)
    first = record_attendance(session, ca4.id, s["CAF"], status=AttendanceStatus.EXCUSED)
    again = record_attendance(session, ca4.id, s["CAF"], status=P, arrived_at=datetime(2026, 12, 10, 15))
    assert first == again
    rows = session.scalars(select(Attendance).where(Attendance.meeting_id == ca4.id)).all()
    assert [(r.status, r.arrived_at) for r in rows] == [(P, datetime(2026, 12, 10, 15))]
    with pytest.raises(DomainError, match="départ doit suivre"):
        record_attendance(session, ca4.id, s["État"], status=P, arrived_at=OPEN, left_at=OPEN)
    copil = seats(session, "COPIL")["FAS"]
    with pytest.raises(DomainError, match="n'appartient pas à l'instance"):
        record_attendance(session, ca4.id, copil, status=P)


def test_a_member_noted_present_is_represented_by_its_titulaire(session: Session, ca4: Meeting) -> None:
    """The live sheet sends no person (it shows the titulaire): documents and the chair's seat need one."""
    s = seats(session)
    record_attendance(session, ca4.id, s["CAF"], status=P, arrived_at=OPEN)
    row = session.scalars(select(Attendance).where(Attendance.seat_id == s["CAF"],
                                                   Attendance.meeting_id == ca4.id)).one()
    assert row.representative_id == titular(session, s["CAF"])
    substitute = session.scalars(select(Representative.id).where(
        Representative.seat_id == s["État"], Representative.is_substitute.is_(True))).first()
    record_attendance(session, ca4.id, s["État"], status=P, representative_id=substitute, arrived_at=OPEN)
    record_attendance(session, ca4.id, s["État"], status=P, arrived_at=OPEN)  # a mode change: kept
    row = session.scalars(select(Attendance).where(Attendance.seat_id == s["État"],
                                                   Attendance.meeting_id == ca4.id)).one()
    assert substitute is not None and row.representative_id == substitute


def test_proxy_limits_are_enforced_with_the_reason(session: Session, ca4: Meeting) -> None:
    s = seats(session)
    session.get(Body, session.get(Seat, s["CAF"]).body_id).max_proxies = 1  # type: ignore[union-attr]
    grant_proxy(session, ca4.id, s["CAF"], s["Département"], received_on=date(2026, 12, 8))
    with pytest.raises(DomainError, match="Département détient déjà 1 pouvoir \\(maximum 1"):
        grant_proxy(session, ca4.id, s["France Travail"], s["Département"], received_on=date(2026, 12, 9))
    with pytest.raises(DomainError, match="le mandant a déjà donné un pouvoir"):
        grant_proxy(session, ca4.id, s["CAF"], s["État"], received_on=date(2026, 12, 9))
    with pytest.raises(DomainError, match="lui-même"):
        grant_proxy(session, ca4.id, s["État"], s["État"], received_on=date(2026, 12, 9))
    with pytest.raises(DomainError, match="le mandant n'a pas voix délibérative"):
        grant_proxy(session, ca4.id, s["MSA"], s["État"], received_on=date(2026, 12, 9))
    row = session.scalars(select(Attendance).where(Attendance.seat_id == s["CAF"],
                                                Attendance.meeting_id == ca4.id)).one()
    assert row.status is AttendanceStatus.REPRESENTED


def test_a_vote_by_ballots_is_counted_by_the_rules_and_stored(session: Session, ca4: Meeting) -> None:
    s = seat_everyone(session, ca4)
    item = point(session, ca4, 4)
    outcome = record_vote(session, item.id, at=datetime(2026, 12, 10, 15),
                          ballots={s["État"]: B.FOR, s["Département"]: B.FOR, s["CAF"]: B.FOR,
                                   s["France Travail"]: B.AGAINST})
    assert outcome.result is VoteResult.ADOPTED  # 90 % ≥ two thirds required for the budget
    vote = session.scalars(select(Vote).where(Vote.item_id == item.id)).one()
    assert (vote.votes_for, vote.votes_against, str(vote.rights_for)) == (3, 1, "90")
    assert len(session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()) == 4
    decision = session.scalars(select(Decision).where(Decision.item_id == item.id)).one()
    assert decision.status is DecisionStatus.ADOPTED and decision.effective_on == date(2026, 12, 10)
    with pytest.raises(DomainError, match="déjà enregistré"):
        record_vote(session, item.id, at=datetime(2026, 12, 10, 15, 5), counts=VoteCounts(4))


def test_a_vote_removed_then_taken_again_keeps_its_id_and_only_its_new_ballots(
    session: Session, ca4: Meeting
) -> None:
    """The vote's id is the point's (the same on every laptop in the room, app.domain.ids): taken again
    after its removal (the bin), the row comes back with the new counts; ballots not cast again go."""
    s = seat_everyone(session, ca4)
    item = point(session, ca4, 4)
    record_vote(session, item.id, at=datetime(2026, 12, 10, 15), ballots=dict.fromkeys(
        (s["État"], s["Département"], s["CAF"], s["France Travail"]), B.FOR))
    first = session.scalars(select(Vote).where(Vote.item_id == item.id)).one()
    first.deleted, item.status = True, AgendaItemStatus.PENDING
    session.flush()
    record_vote(session, item.id, at=datetime(2026, 12, 10, 15, 10), counts=VoteCounts(3), nppv=[s["CAF"]])
    vote = session.scalars(select(Vote).where(Vote.item_id == item.id)).one()
    assert vote.id == first.id and not vote.deleted and (vote.votes_for, vote.nppv) == (3, 1)
    kept = session.scalars(select(Ballot).where(Ballot.vote_id == vote.id, Ballot.deleted.is_(False))).all()
    assert [(b.seat_id, b.choice) for b in kept] == [(s["CAF"], B.NPPV)]


def test_a_vote_entered_wrongly_is_taken_back_during_the_seance_and_entered_again(
    session: Session, ca4: Meeting
) -> None:
    s = seat_everyone(session, ca4)
    item = point(session, ca4, 4)
    # four « pour » entered by mistake: France Travail voted against
    record_vote(session, item.id, at=datetime(2026, 12, 10, 15), counts=VoteCounts(4))

    cancel_vote(session, item.id)

    assert item.status is AgendaItemStatus.PENDING
    live_votes = select(Vote).where(Vote.item_id == item.id, Vote.deleted.is_(False))
    assert session.scalars(live_votes).first() is None
    decision = session.scalars(select(Decision).where(Decision.item_id == item.id)).one()
    assert decision.status is DecisionStatus.DRAFT and decision.effective_on is None
    with pytest.raises(DomainError, match="Aucun vote"):
        cancel_vote(session, item.id)
    outcome = record_vote(session, item.id, at=datetime(2026, 12, 10, 15, 2), ballots={
        s["État"]: B.FOR, s["Département"]: B.FOR, s["CAF"]: B.FOR, s["France Travail"]: B.AGAINST})
    assert outcome.result is VoteResult.ADOPTED and decision.status is DecisionStatus.ADOPTED


def test_a_vote_is_not_taken_back_once_the_seance_is_closed(session: Session, ca4: Meeting) -> None:
    seat_everyone(session, ca4)
    item = point(session, ca4, 4)
    record_vote(session, item.id, at=datetime(2026, 12, 10, 15), counts=VoteCounts(4))
    close_meeting(session, ca4.id, at=datetime(2026, 12, 10, 16))

    with pytest.raises(DomainError, match="la correction passe par le procès-verbal"):
        cancel_vote(session, item.id)


def test_opening_and_closing_times_noted_late_are_corrected_until_the_minutes_are_approved(
    session: Session, ca4: Meeting
) -> None:
    """« Ouvrir » clicked at 14 h 35 for a séance opened at 14 h 30, « Clore » clicked at 17 h 10 after
    everyone had left at 16 h 05: « Modifier la séance… » corrects both, typed the French way, on the
    séance's day, never leaving a vote outside them."""
    seat_everyone(session, ca4)  # opened at OPEN, 14 h 35
    record_vote(session, point(session, ca4, 4).id, at=datetime(2026, 12, 10, 15), counts=VoteCounts(4))
    close_meeting(session, ca4.id, at=datetime(2026, 12, 10, 17, 10))

    update_meeting(session, ca4.id, opened_at="14 h 30", closed_at="16h05")
    session.commit()  # the refusals below are rolled back to here

    assert (ca4.opened_at, ca4.closed_at) == (datetime(2026, 12, 10, 14, 30), datetime(2026, 12, 10, 16, 5))
    refusals = {"opened_at": ("15:10", "Un vote a été enregistré à 15 h, avant l'ouverture (15 h 10)"),
                "closed_at": ("14:50", "Un vote a été enregistré à 15 h, après la clôture (14 h 50)")}
    refusals_more = {"opened_at": ("25:00", "« 25:00 » n'est pas une heure (Ouverture)"),
                     "closed_at": ("", "L'heure de clôture ne peut pas être effacée")}
    for name, (typed, message) in [*refusals.items(), *refusals_more.items()]:
        with pytest.raises(DomainError, match=re.escape(message)):
            update_meeting(session, ca4.id, **{name: typed})
        session.rollback()  # as the job does: nothing of a refused save stays
    with pytest.raises(DomainError, match="précède l'ouverture"):
        update_meeting(session, ca4.id, closed_at="14:00")
    session.rollback()
    approve_minutes(session, ca4.id, on=date(2027, 3, 11))
    with pytest.raises(DomainError, match="se corrigent jusqu'à l'approbation du procès-verbal"):
        update_meeting(session, ca4.id, closed_at="16:00")


def test_a_member_who_left_cannot_vote_and_the_quorum_follows(session: Session, ca4: Meeting) -> None:
    s = seat_everyone(session, ca4)
    record_departure(session, ca4.id, s["Département"], at=datetime(2026, 12, 10, 15, 30))
    item = point(session, ca4, 5)
    with pytest.raises(DomainError, match="Département n'est pas recevable"):
        record_vote(session, item.id, at=datetime(2026, 12, 10, 15, 45), ballots={s["Département"]: B.FOR})
    outcome = record_vote(session, item.id, at=datetime(2026, 12, 10, 15, 45), counts=VoteCounts(3))
    assert outcome.result is VoteResult.NO_QUORUM  # 60 % of the rights left, two thirds required
    decision = session.scalars(select(Decision).where(Decision.item_id == item.id)).one()
    assert decision.status is DecisionStatus.POSTPONED


def test_counts_with_a_named_nppv_and_refusals(session: Session, ca4: Meeting) -> None:
    s = seat_everyone(session, ca4)
    item = point(session, ca4, 5)
    at = datetime(2026, 12, 10, 15)
    with pytest.raises(DomainError, match="4 voix saisies pour 3 membre"):
        record_vote(session, item.id, at=at, counts=VoteCounts(4), nppv=[s["CAF"]])
    with pytest.raises(DomainError, match="vote nominatif"):
        record_vote(session, item.id, at=at, counts=VoteCounts(2, 1), nppv=[s["CAF"]])
    outcome = record_vote(session, item.id, at=at, counts=VoteCounts(3), nppv=[s["CAF"]])
    assert outcome.sentence == "Adoptée à l'unanimité des membres ayant pris part au vote ; NPPV : CAF"
    vote = session.scalars(select(Vote).where(Vote.item_id == item.id)).one()
    assert (vote.nppv, str(vote.rights_for), str(vote.rights_nppv)) == (1, "80", "20")


def test_a_tie_goes_to_the_chairs_casting_vote(session: Session, ca4: Meeting) -> None:
    s = seat_everyone(session, ca4)
    outcome = record_vote(session, point(session, ca4, 5).id, at=datetime(2026, 12, 10, 15),
                          ballots={s["Département"]: B.FOR, s["France Travail"]: B.FOR, s["État"]: B.AGAINST,
                                   s["CAF"]: B.AGAINST})
    assert outcome.result is VoteResult.ADOPTED_CASTING and outcome.tie


def test_votes_need_a_held_meeting_and_a_voted_point(session: Session, ca4: Meeting) -> None:
    item = point(session, ca4, 4)
    with pytest.raises(DomainError, match="n'est pas en cours"):
        record_vote(session, item.id, at=OPEN, counts=VoteCounts(4))
    seat_everyone(session, ca4)
    with pytest.raises(DomainError, match="n'est pas soumis au vote"):
        record_vote(session, point(session, ca4, 1).id, at=OPEN, counts=VoteCounts(4))
    with pytest.raises(DomainError, match="soit par bulletins"):
        record_vote(session, item.id, at=OPEN)
