"""A séance read into the terms of app.domain.quorum: the body's rules, its seats, presences and proxies.

Shared by the document services (délibération, procès-verbal…) so that every document states the
attendance and the quorum the way the voting rules compute them (issue 4).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AttendanceStatus
from app.domain.errors import require_known
from app.domain.quorum import (
    MeetingState,
    Presence,
    ProxyGrant,
    SeatInfo,
    VotingRules,
    threshold_from_decimal,
)
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.meeting import Attendance, Meeting, Proxy, Vote
from app.models.organisation import Organisation


@dataclass(frozen=True)
class SeatingContext:
    """Everything about who sits, read once: the state, the rules, and the rows behind them."""

    state: MeetingState
    rules: VotingRules
    attendance: tuple[Attendance, ...]
    people: dict[uuid.UUID, str]  # representative id → full name
    moment: datetime | None  # the opening (or the scheduled start) when known


def body_rules(session: Session, body: Body | None) -> VotingRules:
    """The body's rules, with its majority per kind of matter."""
    if body is None:
        return VotingRules()
    stmt = select(MajorityRule).where(MajorityRule.body_id == body.id, MajorityRule.deleted.is_(False))
    return VotingRules(
        quorum_basis=body.quorum_basis, quorum_threshold=threshold_from_decimal(body.quorum_threshold),
        quorum_on_second_convocation=body.quorum_on_second_convocation,
        abstentions_counted=body.abstentions_counted, casting_vote=body.casting_vote,
        max_proxies=body.max_proxies, weighted=body.weighted_votes,
        majorities=tuple((rule.matter, rule.majority) for rule in session.scalars(stmt)))


def seating(
    session: Session, meeting: Meeting, body: Body | None, *, official: bool = True
) -> SeatingContext:
    """Who sits and who holds proxies. `official` (quorum and votes to record or print): a presence
    written by a newer version of the app is refused (it would count as an absence); shown only (the
    séance's pane), it is listed under its code."""
    attendance = tuple(_of_meeting(session, Attendance, meeting.id))
    proxies = _of_meeting(session, Proxy, meeting.id)
    seats = _seats(session, meeting.body_id)
    people = {r.id: r.full_name for r in session.scalars(select(Representative))}
    for row in attendance if official else ():
        who = people.get(row.representative_id) if row.representative_id else None
        require_known(row.status, f"La présence de {who}" if who else "La présence d'un membre")
    presences = tuple(Presence(row.seat_id, row.arrived_at, row.left_at) for row in attendance
                      if row.status is AttendanceStatus.PRESENT and row.seat_id is not None)
    ordered = sorted(proxies, key=lambda p: (p.received_on or date.min, str(p.id)))
    grants = tuple(ProxyGrant(p.grantor_seat_id, p.holder_seat_id, rank) for rank, p in enumerate(ordered))
    chair = _chair_seat(session, meeting, attendance, people)
    state = MeetingState(seats, presences, grants, meeting.second_convocation, chair)
    return SeatingContext(state, body_rules(session, body), attendance, people,
                          meeting.opened_at or meeting.starts_at)


def _of_meeting(session: Session, model: type[Attendance] | type[Proxy], meeting_id: uuid.UUID) -> list[Any]:
    stmt = select(model).where(model.meeting_id == meeting_id, model.deleted.is_(False))
    return list(session.scalars(stmt))


def _seats(session: Session, body_id: uuid.UUID | None) -> tuple[SeatInfo, ...]:
    orgs = {o.id: o.short_name or o.name for o in session.scalars(select(Organisation))}
    stmt = select(Seat).where(Seat.body_id == body_id, Seat.deleted.is_(False)).order_by(Seat.position)
    return tuple(SeatInfo(seat.id, orgs.get(seat.organisation_id, "") if seat.organisation_id else "",
                          seat.voting_rights, seat.has_vote) for seat in session.scalars(stmt))


def _chair_seat(session: Session, meeting: Meeting, attendance: tuple[Attendance, ...],
                people: dict[uuid.UUID, str]) -> uuid.UUID | None:
    """The seat the chair sits for: the attendee whose representative's name is in the chair's name."""
    chair = meeting.chair_name.strip().casefold()
    for row in attendance:
        person = people.get(row.representative_id, "").strip().casefold() if row.representative_id else ""
        if chair and person and person in chair:
            return row.seat_id
    return None


def item_vote(session: Session, item_id: uuid.UUID) -> Vote | None:
    """The vote recorded on an agenda point (None: not put to the vote, or its vote taken back)."""
    return session.scalars(select(Vote).where(Vote.item_id == item_id, Vote.deleted.is_(False))).first()
