"""Read side of the Instances editors and of the live-meeting mode (issue 4): one séance with the ids the
UI needs to edit it, the seats with their attendance now, the proxies and the quorum at a given moment.
Pure functions over a Session; no Qt, no commit."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AttendanceMode
from app.domain.meeting_desk import Choice, DeskItem, DeskProxy, DeskSeat, MeetingDesk
from app.domain.quorum import proxy_statuses, quorum_at
from app.formatting import long_date
from app.models.body import Body
from app.models.meeting import AgendaItem, AgendaItemProject, Attendance, Decision, Meeting, Proxy, Vote
from app.models.project import Project
from app.services.meeting_papers import get_meeting, live_items, minutes_it_approves, seat_people
from app.services.meeting_state import SeatingContext, seating


def meeting_desk(session: Session, meeting_id: uuid.UUID, *, at: datetime | None = None) -> MeetingDesk:
    """The séance as the editors show it; the quorum and proxies are evaluated at `at` (default: the
    opening, else the scheduled start, else now)."""
    meeting, body = get_meeting(session, meeting_id)
    ctx = seating(session, meeting, body)
    moment = at or ctx.moment or datetime.now().replace(microsecond=0)
    day = meeting.starts_at.date() if meeting.starts_at else None
    title = f"{body.code} – séance n° {meeting.number}" + (f" du {long_date(day)}" if day else "")
    return MeetingDesk(
        id=meeting.id, body_code=body.code, body_name=body.name, title=title, status=meeting.status,
        starts_at=meeting.starts_at, weighted=ctx.rules.weighted, max_proxies=ctx.rules.max_proxies,
        items=tuple(_items(session, live_items(session, meeting.id))),
        seats=tuple(_seats(session, ctx, moment, day)),
        proxies=tuple(_proxies(session, meeting.id, ctx, moment)),
        moment=moment, quorum=quorum_at(ctx.state, ctx.rules, moment),
        approves_minutes_of=_day(minutes_it_approves(session, meeting)))


def _day(meeting: Meeting | None) -> date | None:
    return meeting.starts_at.date() if meeting is not None and meeting.starts_at is not None else None


def _items(session: Session, items: list[AgendaItem]) -> list[DeskItem]:
    ids = [item.id for item in items]
    decisions = {d.item_id: d for d in session.scalars(
        select(Decision).where(Decision.item_id.in_(ids), Decision.deleted.is_(False)))}
    votes = {v.item_id: v for v in session.scalars(
        select(Vote).where(Vote.item_id.in_(ids), Vote.deleted.is_(False)))}
    links: dict[uuid.UUID | None, list[uuid.UUID]] = {}
    for link in session.scalars(select(AgendaItemProject).where(
            AgendaItemProject.item_id.in_(ids), AgendaItemProject.deleted.is_(False))):
        if link.project_id is not None:
            links.setdefault(link.item_id, []).append(link.project_id)
    return [_item(item, decisions.get(item.id), votes.get(item.id), links.get(item.id, [])) for item in items]


def _item(item: AgendaItem, decision: Decision | None, vote: Vote | None,
          projects: list[uuid.UUID]) -> DeskItem:
    return DeskItem(
        id=item.id, position=item.position, kind=item.kind, matter=item.matter, title=item.title,
        rapporteur=item.rapporteur, presentation=item.presentation, financial_impact=item.financial_impact,
        status=item.status, decision_id=decision.id if decision else None,
        decision_number=decision.number if decision else "", project_ids=tuple(projects),
        vote_text=vote.result.label if vote else "", vote_id=vote.id if vote else None,
        vote_counts=(vote.votes_for, vote.votes_against, vote.abstentions) if vote else ())


def _seats(session: Session, ctx: SeatingContext, moment: datetime, day: date | None) -> list[DeskSeat]:
    rows: dict[object, Attendance] = {row.seat_id: row for row in ctx.attendance}
    present = {p.seat for p in ctx.state.presences if p.at(moment)}
    seats = []
    for seat in ctx.state.seats:
        row = rows.get(seat.key)
        people = tuple(Choice(rep.id, rep.full_name + (" (suppléant)" if rep.is_substitute else ""))
                       for rep in seat_people(session, seat.key, day))  # type: ignore[arg-type]
        chosen = row.representative_id if row and row.representative_id else None
        person = ctx.people.get(chosen, "") if chosen else ""
        seats.append(DeskSeat(
            seat_id=seat.key, organisation=seat.name,  # type: ignore[arg-type]
            representative=person or (people[0].label if people else ""),
            rights=seat.rights, has_vote=seat.has_vote, status=row.status if row else None,
            mode=row.mode if row else AttendanceMode.ROOM, arrived_at=row.arrived_at if row else None,
            left_at=row.left_at if row else None, present_now=seat.key in present,
            representative_id=chosen or (people[0].id if people else None), people=people,
            attendance_id=row.id if row else None))
    return seats


def _proxies(
    session: Session, meeting_id: uuid.UUID, ctx: SeatingContext, moment: datetime
) -> list[DeskProxy]:
    state = ctx.state
    stmt = select(Proxy).where(Proxy.meeting_id == meeting_id, Proxy.deleted.is_(False))
    rows = {(p.grantor_seat_id, p.holder_seat_id): p.id for p in session.scalars(stmt)}

    def name(key: object) -> str:
        seat = state.seat(key)
        return seat.name if seat else ""

    return [DeskProxy(st.grant.grantor, name(st.grant.grantor),  # type: ignore[arg-type]
                      st.grant.holder, name(st.grant.holder), st.counts, st.reason,  # type: ignore[arg-type]
                      rows.get((st.grant.grantor, st.grant.holder)))  # type: ignore[arg-type]
            for st in proxy_statuses(state, ctx.rules, moment)]


def body_choices(session: Session) -> list[Choice]:
    """The organes a séance can be created for, by code."""
    stmt = select(Body).where(Body.deleted.is_(False)).order_by(Body.code)
    return [Choice(body.id, f"{body.code} – {body.name}") for body in session.scalars(stmt)]


def project_choices(session: Session) -> list[Choice]:
    """Every project, as "code – titre", for the agenda editor's picker."""
    stmt = select(Project).where(Project.deleted.is_(False)).order_by(Project.code)
    return [Choice(project.id, f"{project.code} – {project.title}") for project in session.scalars(stmt)]
