"""Governance read use cases (instances): meetings, their detail, decisions, bodies. No Qt, no commit."""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.domain.enums import MajorityKind, MatterKind
from app.domain.errors import NotFound
from app.domain.governance import (
    AgendaItemLine,
    AttendanceLine,
    BodySummary,
    DecisionSummary,
    MeetingDetail,
    MeetingSummary,
    ProxyLine,
    SeatLine,
    VoteSummary,
)
from app.domain.quorum import (
    MeetingState,
    VotingRules,
    proxy_statuses,
    quorum_at,
)
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.meeting import AgendaItem, Attendance, Decision, Meeting, Vote
from app.models.organisation import Organisation
from app.services.meeting_state import seating

log = logging.getLogger(__name__)



def list_meetings(session: Session) -> list[MeetingSummary]:
    """Every meeting of every body, most recent first."""
    bodies: dict[uuid.UUID | None, Body] = {
        b.id: b for b in session.scalars(select(Body).where(Body.deleted.is_(False)))
    }
    items = _count_by(session, AgendaItem.meeting_id)
    decisions = Counter(
        meeting_id
        for meeting_id in session.scalars(
            select(AgendaItem.meeting_id)
            .join(Decision, Decision.item_id == AgendaItem.id)
            .where(Decision.deleted.is_(False), AgendaItem.deleted.is_(False))
        )
    )
    meetings = session.scalars(
        select(Meeting).where(Meeting.deleted.is_(False)).order_by(Meeting.starts_at.desc())
    )
    return [_meeting_summary(m, bodies.get(m.body_id), items[m.id], decisions[m.id]) for m in meetings]


def get_meeting(session: Session, meeting_id: uuid.UUID) -> MeetingDetail:
    """One meeting with its agenda, votes, attendance, proxies (with their validity), quorum and guests."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted:
        raise NotFound("Séance", meeting_id)
    body = session.get(Body, meeting.body_id) if meeting.body_id else None
    items = _agenda(session, meeting.id)
    summary = _meeting_summary(meeting, body, len(items), sum(1 for i in items if i.decision_number))
    ctx = seating(session, meeting, body, official=False)
    return MeetingDetail(
        summary=summary,
        video_link=meeting.video_link,
        chair=meeting.chair_name,
        secretary=meeting.secretary_name,
        convened_on=meeting.convened_on,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        minutes_approved_on=meeting.minutes_approved_on,
        urgent=meeting.urgent,
        second_convocation=meeting.second_convocation,
        quorum_basis=ctx.rules.quorum_basis,
        quorum_threshold=body.quorum_threshold if body else _ZERO,
        items=tuple(items),
        attendance=tuple(_attendance_lines(ctx.state, ctx.attendance, ctx.people)),
        proxies=tuple(_proxy_lines(ctx.state, ctx.rules, ctx.moment)),
        guests=tuple(line.strip() for line in meeting.guests.splitlines() if line.strip()),
        quorum=quorum_at(ctx.state, ctx.rules, ctx.moment) if ctx.moment else None,
    )


def list_decisions(session: Session) -> list[DecisionSummary]:
    """Every decision, newest number first, with its text and vote."""
    bodies: dict[uuid.UUID | None, Body] = {b.id: b for b in session.scalars(select(Body))}
    items = {i.id: i for i in session.scalars(select(AgendaItem))}
    meetings = {m.id: m for m in session.scalars(select(Meeting))}
    votes = _votes_by_item(session)
    rows = session.scalars(
        select(Decision)
        .where(Decision.deleted.is_(False))
        .order_by(Decision.year.desc(), Decision.sequence.desc(), Decision.number.desc())
    )
    result = []
    for decision in rows:
        item = items.get(decision.item_id) if decision.item_id else None
        meeting = meetings.get(item.meeting_id) if item and item.meeting_id else None
        result.append(_decision_summary(decision, bodies.get(decision.body_id), item, meeting, votes))
    return result


def list_bodies(session: Session) -> list[BodySummary]:
    """Every body with its rules from the convention, its majorities and its seats."""
    orgs = _organisation_names(session)
    majorities = defaultdict(list)
    for rule in session.scalars(select(MajorityRule).where(MajorityRule.deleted.is_(False))):
        majorities[rule.body_id].append((rule.matter, rule.majority))
    seats = defaultdict(list)
    for seat in session.scalars(select(Seat).where(Seat.deleted.is_(False)).order_by(Seat.position)):
        seats[seat.body_id].append(seat)
    people = _representatives_by_seat(session)
    meetings = _count_by(session, Meeting.body_id)
    bodies = session.scalars(select(Body).where(Body.deleted.is_(False)).order_by(Body.name))
    return [
        _body_summary(
            body,
            tuple(majorities[body.id]),
            tuple(_seat_line(s, orgs, people.get(s.id, [])) for s in seats[body.id]),
            meetings[body.id],
        )
        for body in bodies
    ]


_ZERO = Decimal(0)


def _count_by(session: Session, column: InstrumentedAttribute[uuid.UUID | None]) -> Counter[uuid.UUID]:
    table = column.class_
    stmt = select(column, func.count()).where(table.deleted.is_(False)).group_by(column)
    return Counter({key: count for key, count in session.execute(stmt) if key is not None})


def _meeting_summary(meeting: Meeting, body: Body | None, items: int, decisions: int) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.id,
        body_code=body.code if body else "",
        body_name=body.name if body else "",
        number=meeting.number,
        starts_at=meeting.starts_at,
        place=meeting.place,
        status=meeting.status,
        items_count=items,
        decisions_count=decisions,
    )


def _vote_summary(vote: Vote) -> VoteSummary:
    return VoteSummary(
        mode=vote.mode,
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        abstentions=vote.abstentions,
        nppv=vote.nppv,
        rights_for=vote.rights_for,
        rights_against=vote.rights_against,
        rights_abstaining=vote.rights_abstaining,
        rights_nppv=vote.rights_nppv,
        result=vote.result,
        quorum_reached=vote.quorum_reached,
    )


def _votes_by_item(session: Session) -> dict[uuid.UUID, VoteSummary]:
    votes = session.scalars(select(Vote).where(Vote.deleted.is_(False)))
    return {vote.item_id: _vote_summary(vote) for vote in votes if vote.item_id}


def _agenda(session: Session, meeting_id: uuid.UUID) -> list[AgendaItemLine]:
    items = list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position)
        )
    )
    ids = [item.id for item in items]
    stmt = select(Decision.item_id, Decision.number).where(
        Decision.item_id.in_(ids), Decision.deleted.is_(False)
    )
    numbers = {item_id: number for item_id, number in session.execute(stmt)}
    votes = {
        vote.item_id: _vote_summary(vote)
        for vote in session.scalars(select(Vote).where(Vote.item_id.in_(ids), Vote.deleted.is_(False)))
    }
    return [
        AgendaItemLine(
            position=item.position,
            kind=item.kind,
            title=item.title,
            rapporteur=item.rapporteur,
            status=item.status,
            decision_number=numbers.get(item.id, ""),
            vote=votes.get(item.id),
        )
        for item in items
    ]


def _organisation_names(session: Session) -> dict[uuid.UUID, str]:
    return {org.id: org.short_name or org.name for org in session.scalars(select(Organisation))}


def _attendance_lines(
    state: MeetingState, rows: tuple[Attendance, ...], people: dict[uuid.UUID, str]
) -> list[AttendanceLine]:
    lines = []
    for row in rows:
        seat = state.seat(row.seat_id)
        lines.append(
            AttendanceLine(
                organisation=seat.name if seat else "",
                representative=people.get(row.representative_id, "") if row.representative_id else "",
                voting_rights=seat.rights if seat else _ZERO,
                has_vote=seat.has_vote if seat else False,
                status=row.status,
                mode=row.mode,
            )
        )
    return sorted(lines, key=lambda line: (-line.voting_rights, line.organisation))


def _proxy_lines(state: MeetingState, rules: VotingRules, moment: datetime | None) -> list[ProxyLine]:
    def name(key: object) -> str:
        seat = state.seat(key)
        return seat.name if seat else ""

    if moment is None:
        return [ProxyLine(name(g.grantor), name(g.holder)) for g in state.proxies]
    return [
        ProxyLine(name(st.grant.grantor), name(st.grant.holder), st.counts, st.reason)
        for st in proxy_statuses(state, rules, moment)
    ]


def _decision_summary(
    decision: Decision,
    body: Body | None,
    item: AgendaItem | None,
    meeting: Meeting | None,
    votes: dict[uuid.UUID, VoteSummary],
) -> DecisionSummary:
    return DecisionSummary(
        id=decision.id,
        number=decision.number,
        title=decision.title,
        kind=decision.kind,
        body_code=body.code if body else "",
        body_name=body.name if body else "",
        meeting_date=meeting.starts_at if meeting else None,
        status=decision.status,
        effective_on=decision.effective_on,
        published_on=decision.published_on,
        item_title=item.title if item else "",
        visas=_lines(decision.visas),
        considerations=_lines(decision.considerations),
        articles=_lines(decision.articles),
        vote=votes.get(item.id) if item else None,
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _representatives_by_seat(session: Session) -> dict[uuid.UUID, list[Representative]]:
    people: dict[uuid.UUID, list[Representative]] = defaultdict(list)
    stmt = select(Representative).where(Representative.deleted.is_(False)).order_by(Representative.full_name)
    for person in session.scalars(stmt):
        if person.seat_id:
            people[person.seat_id].append(person)
    return people


def _seat_line(seat: Seat, orgs: dict[uuid.UUID, str], people: list[Representative]) -> SeatLine:
    return SeatLine(
        organisation=orgs.get(seat.organisation_id, "") if seat.organisation_id else "",
        voting_rights=seat.voting_rights,
        has_vote=seat.has_vote,
        holders=tuple(p.full_name for p in people if not p.is_substitute),
        substitutes=tuple(p.full_name for p in people if p.is_substitute),
    )


def _body_summary(
    body: Body,
    majorities: tuple[tuple[MatterKind, MajorityKind], ...],
    seats: tuple[SeatLine, ...],
    meetings: int,
) -> BodySummary:
    return BodySummary(
        id=body.id,
        code=body.code,
        name=body.name,
        kind=body.kind,
        quorum_basis=body.quorum_basis,
        quorum_threshold=body.quorum_threshold,
        quorum_on_second_convocation=body.quorum_on_second_convocation,
        abstentions_counted=body.abstentions_counted,
        casting_vote=body.casting_vote,
        convocation_days=body.convocation_days,
        urgent_convocation_days=body.urgent_convocation_days,
        max_proxies=body.max_proxies,
        weighted_votes=body.weighted_votes,
        rules_text=body.rules_text,
        majorities=majorities,
        seats=seats,
        meetings_count=meetings,
    )
