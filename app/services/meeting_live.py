"""The séance as it happens (issue 4): attendance with arrivals and departures, proxies within the body's
limits, and votes counted exactly by app.domain.voting at the moment they are taken. Pure functions over a
Session; no Qt, no commit; refusals are DomainErrors in French.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceMode,
    AttendanceStatus,
    BallotChoice,
    DecisionKind,
    DecisionStatus,
    MeetingStatus,
    VoteMode,
    VoteResult,
)
from app.domain.errors import DomainError, NotFound
from app.domain.ids import attendance_row_id, ballot_row_id, proxy_row_id, vote_row_id
from app.domain.quorum import ProxyGrant, proxy_statuses, quorum_of, standing_at
from app.domain.voting import Ballot, Tally, VoteOutcome, decide, tally_ballots, vote_at
from app.formatting import plural
from app.models.body import Body, Seat
from app.models.meeting import AgendaItem, Attendance, Meeting, Proxy, Vote
from app.models.meeting import Ballot as BallotRow
from app.services.meeting_papers import get_meeting, item_decision, titular_row
from app.services.meeting_state import SeatingContext, item_vote, seating
from app.services.shared_rows import shared_row

ATTENDANCE_OPEN = (MeetingStatus.AGENDA_FROZEN, MeetingStatus.CONVENED, MeetingStatus.HELD)
VOTED_KINDS = (AgendaItemKind.DELIBERATION, AgendaItemKind.OPINION, AgendaItemKind.MINUTES)


@dataclass(frozen=True)
class VoteCounts:
    """A vote entered as head counts (show of hands). NPPV members are always named apart."""

    votes_for: int
    votes_against: int = 0
    abstentions: int = 0
    chair_choice: BallotChoice | None = None  # for the casting vote on a tie


def _open_meeting(session: Session, meeting_id: uuid.UUID, what: str) -> Meeting:
    meeting, _ = get_meeting(session, meeting_id)
    if meeting.status not in ATTENDANCE_OPEN:
        raise DomainError(f"La séance n° {meeting.number} est « {meeting.status.label} » : {what} ne peut "
                          "plus être modifié(e).")
    return meeting


def _seat_of(session: Session, meeting: Meeting, seat_id: uuid.UUID) -> Seat:
    seat = session.get(Seat, seat_id)
    if seat is None or seat.deleted or seat.body_id != meeting.body_id:
        raise DomainError("Ce siège n'appartient pas à l'instance qui tient la séance.")
    return seat


def record_attendance(session: Session, meeting_id: uuid.UUID, seat_id: uuid.UUID, *,
                      status: AttendanceStatus, mode: AttendanceMode = AttendanceMode.ROOM,
                      representative_id: uuid.UUID | None = None, arrived_at: datetime | None = None,
                      left_at: datetime | None = None) -> uuid.UUID:
    """Create or update the seat's line of the attendance sheet."""
    meeting = _open_meeting(session, meeting_id, "la feuille de présence")
    _seat_of(session, meeting, seat_id)
    if arrived_at is not None and left_at is not None and left_at <= arrived_at:
        raise DomainError("L'heure de départ doit suivre l'heure d'arrivée.")
    row = _attendance_row(session, meeting_id, seat_id) or _line(session, meeting_id, seat_id)
    if representative_id is None and status is AttendanceStatus.PRESENT:
        # the live sheet shows the titulaire: the délibération and PV name the person, the chair's seat
        # (voix prépondérante) is found from it; a suppléant already recorded is kept
        titular = titular_row(session, seat_id, meeting.starts_at.date() if meeting.starts_at else None)
        representative_id = row.representative_id or (titular.id if titular else None)
    row.status, row.mode, row.representative_id = status, mode, representative_id
    row.arrived_at, row.left_at = arrived_at, left_at
    session.flush()
    return row.id


def record_departure(session: Session, meeting_id: uuid.UUID, seat_id: uuid.UUID, *, at: datetime) -> None:
    """A member leaves the séance at `at` (the quorum and the votes after it no longer count them)."""
    _open_meeting(session, meeting_id, "la feuille de présence")
    row = _attendance_row(session, meeting_id, seat_id)
    if row is None or row.status is not AttendanceStatus.PRESENT:
        raise DomainError("Ce membre n'est pas noté présent : son départ ne peut pas être enregistré.")
    if row.arrived_at is not None and at <= row.arrived_at:
        raise DomainError("L'heure de départ doit suivre l'heure d'arrivée.")
    row.left_at = at
    session.flush()


def _line(session: Session, meeting_id: uuid.UUID, seat_id: uuid.UUID,
          status: AttendanceStatus = AttendanceStatus.ABSENT) -> Attendance:
    """A new line of the attendance sheet for this seat (or the one removed before, back)."""
    return shared_row(session, Attendance, attendance_row_id(meeting_id, seat_id), meeting_id=meeting_id,
                      seat_id=seat_id, status=status)


def _attendance_row(session: Session, meeting_id: uuid.UUID, seat_id: uuid.UUID) -> Attendance | None:
    stmt = select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.seat_id == seat_id,
                                    Attendance.deleted.is_(False))
    return session.scalars(stmt).first()


def grant_proxy(session: Session, meeting_id: uuid.UUID, grantor_seat_id: uuid.UUID,
                holder_seat_id: uuid.UUID, *, received_on: date) -> uuid.UUID:
    """Record a pouvoir, refused with the voting rules' reason (limit per holder, one per grantor…)."""
    meeting = _open_meeting(session, meeting_id, "la liste des pouvoirs")
    _seat_of(session, meeting, grantor_seat_id)
    _seat_of(session, meeting, holder_seat_id)
    ctx = seating(session, meeting, _body(session, meeting))
    grant = ProxyGrant(grantor_seat_id, holder_seat_id, rank=len(ctx.state.proxies))
    state = replace(ctx.state, proxies=(*ctx.state.proxies, grant))
    moment = ctx.moment or datetime.combine(received_on, datetime.min.time())
    status = next(st for st in proxy_statuses(state, ctx.rules, moment) if st.grant == grant)
    if status.reason.startswith("refusé"):
        raise DomainError("Pouvoir " + status.reason + ".")
    proxy = shared_row(session, Proxy, proxy_row_id(meeting_id, grantor_seat_id), meeting_id=meeting_id,
                       grantor_seat_id=grantor_seat_id, holder_seat_id=holder_seat_id,
                       received_on=received_on)
    row = _attendance_row(session, meeting_id, grantor_seat_id)
    if row is None:
        _line(session, meeting_id, grantor_seat_id, AttendanceStatus.REPRESENTED)
    elif row.status is not AttendanceStatus.PRESENT:
        row.status = AttendanceStatus.REPRESENTED
    session.flush()
    return proxy.id


def _body(session: Session, meeting: Meeting) -> Body:
    return get_meeting(session, meeting.id)[1]


def record_vote(session: Session, item_id: uuid.UUID, *, at: datetime,
                mode: VoteMode = VoteMode.SHOW_OF_HANDS,
                ballots: Mapping[uuid.UUID, BallotChoice] | None = None, counts: VoteCounts | None = None,
                nppv: Sequence[uuid.UUID] = ()) -> VoteOutcome:
    """Record the vote on a point, by ballots (one per seat) or by head counts, NPPV members named;
    the result is computed by the body's rules with who takes part at `at`."""
    item, outcome, all_ballots = _compute_vote(session, item_id, at, ballots, counts, nppv)
    _store(session, item, at, mode, outcome, all_ballots)
    return outcome


def cancel_vote(session: Session, item_id: uuid.UUID) -> None:
    """A vote entered wrongly, taken back during the séance to be entered again: the vote and its ballots
    go to the bin, the point is « à traiter » again and its decision a draft. Once the séance is closed,
    a vote is corrected by the procès-verbal, not here."""
    item, _meeting = _held_item(session, item_id, "un vote ne se corrige que pendant la séance ; après, la "
                                "correction passe par le procès-verbal.")
    vote = item_vote(session, item.id)
    if vote is None:
        raise DomainError(f"Aucun vote n'est enregistré sur le point « {item.title} ».")
    vote.deleted = True
    for ballot in session.scalars(select(BallotRow).where(BallotRow.vote_id == vote.id,
                                                          BallotRow.deleted.is_(False))):
        ballot.deleted = True
    item.status = AgendaItemStatus.PENDING
    decision = item_decision(session, item.id)
    if decision is not None:
        decision.status, decision.effective_on = DecisionStatus.DRAFT, None
    session.flush()


def preview_vote(session: Session, item_id: uuid.UUID, *, at: datetime,
                 ballots: Mapping[uuid.UUID, BallotChoice] | None = None, counts: VoteCounts | None = None,
                 nppv: Sequence[uuid.UUID] = ()) -> VoteOutcome:
    """The result `record_vote` would record, without recording anything (shown before saving)."""
    return _compute_vote(session, item_id, at, ballots, counts, nppv)[1]


def _compute_vote(session: Session, item_id: uuid.UUID, at: datetime,
                  ballots: Mapping[uuid.UUID, BallotChoice] | None, counts: VoteCounts | None,
                  nppv: Sequence[uuid.UUID]) -> tuple[AgendaItem, VoteOutcome, list[Ballot]]:
    item, meeting = _votable(session, item_id)
    ctx = seating(session, meeting, _body(session, meeting))
    decision = item_decision(session, item.id)
    feminine = decision is None or decision.kind is not DecisionKind.OPINION
    named = [Ballot(seat, BallotChoice.NPPV) for seat in nppv]
    if (ballots is None) == (counts is None):
        raise DomainError("Saisissez le vote soit par bulletins nominatifs, soit par décompte des voix.")
    if ballots is not None:
        all_ballots = [Ballot(seat, choice) for seat, choice in ballots.items()] + named
        outcome = vote_at(ctx.rules, ctx.state, all_ballots, moment=at, matter=item.matter,
                          feminine=feminine)
        return item, outcome, all_ballots
    assert counts is not None
    return item, _count_vote(ctx, counts, named, at, item, feminine), named


def _held_item(session: Session, item_id: uuid.UUID, refusal: str) -> tuple[AgendaItem, Meeting]:
    """The point and its séance, which must be held (« tenue »); `refusal` says why otherwise."""
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted or item.meeting_id is None:
        raise NotFound("Point de l'ordre du jour", item_id)
    meeting, _ = get_meeting(session, item.meeting_id)
    if meeting.status is not MeetingStatus.HELD:
        raise DomainError(f"La séance n° {meeting.number} n'est pas en cours (« {meeting.status.label} ») : "
                          f"{refusal}")
    return item, meeting


def _votable(session: Session, item_id: uuid.UUID) -> tuple[AgendaItem, Meeting]:
    item, meeting = _held_item(session, item_id, "aucun vote ne peut être enregistré.")
    if item.kind not in VOTED_KINDS:
        raise DomainError(f"Le point « {item.title} » ({item.kind.label.lower()}) n'est pas soumis au vote.")
    if item.status is AgendaItemStatus.WITHDRAWN:
        raise DomainError(f"Le point « {item.title} » a été retiré de l'ordre du jour.")
    if item_vote(session, item.id) is not None:
        raise DomainError(f"Un vote est déjà enregistré sur le point « {item.title} ».")
    return item, meeting


def _count_vote(ctx: SeatingContext, counts: VoteCounts, named: list[Ballot], at: datetime,
                item: AgendaItem, feminine: bool) -> VoteOutcome:
    standing = standing_at(ctx.state, ctx.rules, at)
    for ballot in named:
        if not standing.takes_part(ballot.seat):
            raise DomainError("Un membre noté NPPV n'est ni présent ni représenté à ce moment de la séance.")
    nppv_keys = {b.seat for b in named}
    voters = [s for s in standing.voters if s.key not in nppv_keys]
    cast = counts.votes_for + counts.votes_against + counts.abstentions
    if min(counts.votes_for, counts.votes_against, counts.abstentions) < 0 or cast > len(voters):
        cast_text, voting = plural(cast, "voix saisie", "voix saisies"), plural(len(voters), "membre votant",
                                                                                "membres votants")
        raise DomainError(f"{cast_text} pour {voting} à ce moment de la séance.")
    rights_for = Decimal(0)
    if ctx.rules.weighted:
        if counts.votes_against or counts.abstentions or cast != len(voters):
            raise DomainError("Les votes sont pondérés par les droits statutaires : quand les voix sont "
                              "partagées, saisissez un vote nominatif (un bulletin par membre).")
        rights_for = sum((s.rights for s in voters), Decimal(0))
    base = tally_ballots(ctx.state, named)
    tally = Tally(counts.votes_for, counts.votes_against, counts.abstentions, base.nppv, rights_for,
                  Decimal(0), Decimal(0), base.rights_nppv, base.nppv_names, counts.chair_choice)
    quorum = quorum_of(ctx.state, ctx.rules, standing)
    return decide(ctx.rules, tally, matter=item.matter, quorum=quorum, feminine=feminine)


def _store(session: Session, item: AgendaItem, at: datetime, mode: VoteMode, outcome: VoteOutcome,
           ballots: Sequence[Ballot]) -> None:
    t = outcome.tally
    vote = shared_row(session, Vote, vote_row_id(item.id), item_id=item.id, mode=mode, votes_for=t.votes_for,
                      votes_against=t.votes_against, abstentions=t.abstentions, nppv=t.nppv,
                      rights_for=t.rights_for, rights_against=t.rights_against,
                      rights_abstaining=t.rights_abstaining, rights_nppv=t.rights_nppv, result=outcome.result,
                      quorum_reached=outcome.quorum.reached if outcome.quorum else True, voted_at=at)
    cast = {b.seat: b.choice for b in ballots}
    for earlier in session.scalars(select(BallotRow).where(BallotRow.vote_id == vote.id)).all():
        earlier.deleted = earlier.deleted or earlier.seat_id not in cast  # a vote removed then taken again
    for seat, choice in cast.items():
        assert isinstance(seat, uuid.UUID)  # the seats' keys are their ids here (seating)
        shared_row(session, BallotRow, ballot_row_id(vote.id, seat), vote_id=vote.id, seat_id=seat,
                   choice=choice)
    item.status = AgendaItemStatus.DONE
    decision = item_decision(session, item.id)
    if decision is not None:
        if outcome.result is VoteResult.NO_QUORUM:
            decision.status = DecisionStatus.POSTPONED
        else:
            decision.status = DecisionStatus.ADOPTED if outcome.adopted else DecisionStatus.REJECTED
        decision.effective_on = at.date() if outcome.adopted else None
    session.flush()
