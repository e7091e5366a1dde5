"""Two laptops in the room, both offline, take the same séance: the secretary's and the coordinator's.
A seat's line of the attendance sheet, a pouvoir, a point's vote and its ballots get the same id on both
(app.domain.ids), so after sync each is one row: the same entries merge, different ones are conflicts to
arbitrate. Before, each laptop made its own rows and a seat was counted twice, a point voted twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app.domain.enums import (
    AgendaItemKind,
    AttendanceStatus,
    BallotChoice,
    MajorityKind,
    MatterKind,
    MeetingStatus,
)
from app.domain.errors import DomainError
from app.domain.ids import new_id
from app.domain.meeting_editing import FollowUpEntry
from app.models.body import Body, Seat
from app.models.meeting import AgendaItem, Meeting
from app.models.organisation import Organisation
from app.services.body_editing import body_form, save_body
from app.services.document_conflicts import refuse_conflicts
from app.services.follow_ups import save_follow_ups
from app.services.meeting_live import VoteCounts, grant_proxy, record_attendance, record_vote
from app.services.meeting_operations import freeze_agenda
from app.sync.service import local_status, object_conflicts
from app.sync.sim_world import World
from tests.sync.replicas import run_on

START = datetime(2026, 12, 10, 14, 0)


def _seance(session: Session) -> tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    """A held séance of a body of four equal seats, one point to vote: (séance, point, seats)."""
    body = Body(id=new_id(), code="CA", name="Conseil d'administration", quorum_threshold=Decimal("0.5"),
                weighted_votes=False)
    session.add(body)
    seats = []
    for position, name in enumerate(("État", "Département", "CAF", "France Travail")):
        org = Organisation(id=new_id(), name=name, short_name=name)
        seat = Seat(id=new_id(), body_id=body.id, organisation_id=org.id, voting_rights=Decimal(25),
                    position=position)
        session.add_all([org, seat])
        seats.append(seat.id)
    meeting = Meeting(id=new_id(), body_id=body.id, number=4, starts_at=START, opened_at=START,
                      status=MeetingStatus.HELD)
    item = AgendaItem(id=new_id(), meeting_id=meeting.id, position=1, kind=AgendaItemKind.DELIBERATION,
                      title="Budget primitif 2027")
    session.add_all([meeting, item])
    return meeting.id, item.id, seats


def _take_the_seance(meeting: uuid.UUID, item: uuid.UUID, seats: list[uuid.UUID], *,
                     against: int) -> Callable[[Session], None]:
    """Who came, the CAF's pouvoir to the État, then the vote: the same but for the head counts."""
    def work(session: Session) -> None:
        for seat in seats[:3]:
            record_attendance(session, meeting, seat, status=AttendanceStatus.PRESENT, arrived_at=START)
        grant_proxy(session, meeting, seats[3], seats[0], received_on=date(2026, 12, 8))
        record_vote(session, item, at=datetime(2026, 12, 10, 14, 30),
                    counts=VoteCounts(4 - against, against), ballots=None)
    return work


def test_two_laptops_taking_the_same_seance_merge_line_by_line(pair: World) -> None:
    a, b = pair.replicas
    meeting, item, seats = run_on(a, _seance)
    pair.settle(1)
    run_on(a, _take_the_seance(meeting, item, seats, against=0))
    run_on(b, _take_the_seance(meeting, item, seats, against=1))  # one laptop counted a voice against
    pair.settle(2)
    for replica in (a, b):
        lines = pair.query(replica, "SELECT status, count(*) FROM attendance WHERE deleted = 0 "
                                    "GROUP BY status ORDER BY status")
        assert lines == [("present", 3), ("represented", 1)], replica.path.name  # not 6 and 2
        assert pair.query(replica, "SELECT count(*) FROM proxy WHERE deleted = 0") == [(1,)]
        assert pair.query(replica, "SELECT count(*) FROM vote WHERE deleted = 0") == [(1,)]
        conflicts = {(c.table, c.column) for c in object_conflicts(replica.path, "meeting", meeting.hex,
                                                                   parts=True)}
        assert conflicts == {("vote", "votes_for"), ("vote", "votes_against"), ("vote", "result")}
        assert local_status(replica.path).to_review == ()  # nothing doubled up: no rule broken


def test_the_same_ballots_merge_without_conflict(pair: World) -> None:
    a, b = pair.replicas
    meeting, item, seats = run_on(a, _seance)
    pair.settle(1)
    choices = dict(zip(seats, (BallotChoice.FOR, BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.FOR),
                       strict=True))

    def work(session: Session) -> None:
        for seat in seats:
            record_attendance(session, meeting, seat, status=AttendanceStatus.PRESENT, arrived_at=START)
        record_vote(session, item, at=datetime(2026, 12, 10, 14, 30), ballots=choices)

    run_on(a, work)
    run_on(b, work)
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT choice, count(*) FROM ballot WHERE deleted = 0 GROUP BY choice "
                                   "ORDER BY choice") == [("against", 1), ("for", 3)]
        assert object_conflicts(replica.path, "meeting", meeting.hex, parts=True) == ()


def test_a_point_voted_twice_by_an_earlier_version_is_listed_for_review(pair: World) -> None:
    """Rows made apart before the shared ids (an older version on one laptop) are not merged: the séance
    is listed « à vérifier » on every workstation, named."""
    a, b = pair.replicas
    meeting, item, _seats = run_on(a, _seance)
    pair.settle(1)
    for replica in (a, b):
        pair.write(replica, ("INSERT INTO vote(id, item_id, votes_for) VALUES (?, ?, 4)",
                             (new_id().hex, item.hex)))
    pair.settle(2)
    for replica in (a, b):
        [review] = local_status(replica.path).to_review
        assert review.rule == "séance où un point a été voté deux fois", replica.path.name
        assert review.table == "meeting" and review.label == "Séance « CA n° 4 du 10/12/2026 »"


def test_agendas_frozen_and_majorities_set_on_two_workstations_merge(pair: World) -> None:
    """The same agenda frozen on two workstations gives each point one délibération (the same number on
    both: nothing to review); the same matter's majority rule added on both is one rule."""
    a, b = pair.replicas
    meeting, _item, _seats = run_on(a, _seance)
    pair.write(a, ("UPDATE meeting SET status = 'preparing'", ()))
    pair.settle(1)
    body = uuid.UUID(str(pair.query(a, "SELECT body_id FROM meeting")[0][0]))

    def work(session: Session) -> None:
        freeze_agenda(session, meeting)
        form = body_form(session, body)
        rules = replace(form.rules, majorities=((MatterKind.BUDGET, MajorityKind.TWO_THIRDS),))
        save_body(session, body, rules, form.seats)

    run_on(a, work)
    run_on(b, work)
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT number FROM decision WHERE deleted = 0") == [("2026-CA-001",)]
        rules = pair.query(replica, "SELECT matter, majority FROM majority_rule WHERE deleted = 0")
        assert rules == [("budget", "two_thirds")], replica.path.name
        assert local_status(replica.path).to_review == ()
        assert object_conflicts(replica.path, "body", body.hex, parts=True) == ()


def test_follow_up_actions_kept_on_two_laptops_make_one_list(pair: World) -> None:
    """Both laptops keep the point's proposed actions (the same two) and one adds a third: the relevé
    lists three actions, not five; a different « qui » for the same action is a conflict to arbitrate."""
    a, b = pair.replicas
    meeting, item, _seats = run_on(a, _seance)
    pair.settle(1)
    kept = [FollowUpEntry("Direction", "Notifier la délibération aux membres"),
            FollowUpEntry("Service financier", "Inscrire les crédits")]
    run_on(a, lambda session: save_follow_ups(session, item, kept))
    other = [kept[0], FollowUpEntry("Pôle insertion", "Inscrire les crédits"),
             FollowUpEntry("Direction", "Archiver")]
    run_on(b, lambda session: save_follow_ups(session, item, other))
    pair.settle(2)
    for replica in (a, b):
        actions = pair.query(replica, "SELECT position, what FROM follow_up_action WHERE deleted = 0 "
                                      "ORDER BY position")
        assert actions == [(1, "Notifier la délibération aux membres"), (2, "Inscrire les crédits"),
                           (3, "Archiver")], replica.path.name
        conflicts = pair.query(replica, "SELECT tbl, col FROM sync_conflict")
        assert conflicts == [("follow_up_action", "who")], replica.path.name  # Service financier / Pôle…
    with pytest.raises(DomainError, match=r"en conflit entre deux postes \(Action de suivi : Qui\)"):
        run_on(a, lambda session: refuse_conflicts(session, "meeting", meeting))  # the relevé waits
