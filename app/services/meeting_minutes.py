"""The séance's papers after it is held (issue 4): procès-verbal and relevé de décisions.

Attendance, quorum and votes are recounted by app.domain.quorum / voting at the opening and at the moment
of each vote, as for the délibération. No Qt, no commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents_dto import AttendeeLine, DocumentInfo
from app.domain.enums import (
    AgendaItemKind,
    AttendanceMode,
    AttendanceStatus,
    DecisionKind,
    DecisionStatus,
    DocumentKind,
    MatterKind,
)
from app.domain.errors import DomainError, require_known
from app.domain.meeting_docs_dto import (
    AgendaLine,
    DecisionsSummaryDoc,
    FollowUp,
    MeetingRef,
    MinutesDoc,
    MinutesItem,
    SummaryLine,
)
from app.domain.meeting_editing import FollowUpEntry
from app.domain.quorum import Quorum, SeatInfo, quorum_at, standing_at
from app.domain.quorum_events import ProxySpan, proxy_spans, quorum_events
from app.domain.voting import VoteOutcome
from app.formatting import long_date
from app.models.meeting import AgendaItem, Attendance, Decision, FollowUpAction, Vote
from app.services.document_register import register_document
from app.services.meeting_documents import _convening, _hour, _outcome, rights_text
from app.services.meeting_papers import agenda_lines, get_meeting, item_decision, meeting_ref
from app.services.meeting_state import SeatingContext, item_vote, seating

Events = tuple[str, ...]
VOTED_KINDS = (AgendaItemKind.DELIBERATION, AgendaItemKind.OPINION, AgendaItemKind.MINUTES)


def item_outcome(session: Session, ctx: SeatingContext, item: AgendaItem) -> VoteOutcome | None:
    """The vote on `item` recounted by the body's rules at the moment it was taken (None: no vote)."""
    vote = item_vote(session, item.id)
    if vote is None:
        return None
    moment = vote.voted_at or ctx.moment or datetime.now()
    standing = standing_at(ctx.state, ctx.rules, moment)
    decision = item_decision(session, item.id)
    feminine = decision is None or decision.kind is not DecisionKind.OPINION
    return _outcome(session, ctx, vote, item, standing, feminine)


def minutes_doc(session: Session, meeting_id: uuid.UUID, *, author: str | None = None) -> MinutesDoc:
    """The procès-verbal of a séance that has been held."""
    meeting, body = get_meeting(session, meeting_id)
    if meeting.opened_at is None:
        raise DomainError(f"La séance n° {meeting.number} n'a pas encore été ouverte : son procès-verbal "
                          "ne peut pas être établi.")
    ref = meeting_ref(session, meeting, body, author=author)
    ctx = seating(session, meeting, body)
    present, represented, excused, absent = _attendance(ctx, meeting.opened_at, meeting.closed_at)
    quorum = quorum_at(ctx.state, ctx.rules, meeting.opened_at)
    lines = agenda_lines(session, meeting_id, with_withdrawn=True)
    events, late = _placed_events(session, ctx, lines, meeting.opened_at, meeting.closed_at)
    items = _minutes_items(session, ctx, lines, events, quorum)
    return MinutesDoc(
        meeting=ref, opened=_hour(meeting.opened_at), closed=_hour(meeting.closed_at) if meeting.closed_at
        else "—", convening=_convening(ref.body_the, meeting, body, ref.gip), present=present,
        represented=represented, excused=excused, absent=absent,
        guests=tuple(g.strip() for g in meeting.guests.splitlines() if g.strip()),
        quorum_sentence="À l'ouverture de la séance : " + quorum.sentence(), items=items,
        approved_on=meeting.minutes_approved_on, place=ref.gip.city, closing_events=late)


def _placed_events(session: Session, ctx: SeatingContext, lines: list[tuple[AgendaLine, AgendaItem]],
                   opening: datetime, closing: datetime | None) -> tuple[list[Events], Events]:
    """The quorum events in the flow of the séance: each one right after the last vote taken before it
    (a vote at the very minute of a movement already counts it), so before the next point; the events
    after the last point close the list."""
    names: dict[Hashable, str] = {row.seat_id: ctx.people.get(row.representative_id, "")
                                  for row in ctx.attendance
                                  if row.seat_id is not None and row.representative_id is not None}
    voted = [_voted_at(session, item) for _, item in lines]
    slots: list[list[str]] = [[] for _ in lines]
    late: list[str] = []
    for event in quorum_events(ctx.state, ctx.rules, opening=opening, closing=closing):
        text = event.sentence(names, _hour(event.moment))
        after = max((i for i, at in enumerate(voted) if at is not None and at < event.moment), default=-1)
        (slots[after + 1] if after + 1 < len(lines) else late).append(text)
    return [tuple(slot) for slot in slots], tuple(late)


def _voted_at(session: Session, item: AgendaItem) -> datetime | None:
    stmt = select(Vote.voted_at).where(Vote.item_id == item.id, Vote.deleted.is_(False))
    return session.scalars(stmt).first()


def _attendance(ctx: SeatingContext, opening: datetime,
                closing: datetime | None) -> tuple[tuple[AttendeeLine, ...], ...]:
    rows: dict[Hashable, Attendance] = {row.seat_id: row for row in ctx.attendance}
    spans = proxy_spans(ctx.state, ctx.rules, opening=opening, closing=closing)
    present_keys = {p.seat for p in ctx.state.presences}
    represented = tuple(_line(ctx, span.grantor, rows, _proxy_note(span), person=False) for span in spans)
    taken = present_keys | {span.grantor.key for span in spans}
    present = tuple(_line(ctx, seat, rows, _times(rows.get(seat.key), opening, closing))
                    for seat in ctx.state.voting_seats if seat.key in present_keys)
    others = [seat for seat in ctx.state.voting_seats if seat.key not in taken]
    excused = tuple(_line(ctx, s, rows, "excusé") for s in others
                    if getattr(rows.get(s.key), "status", None) is AttendanceStatus.EXCUSED)
    absent = tuple(_line(ctx, s, rows, "absent") for s in others
                   if getattr(rows.get(s.key), "status", None) is not AttendanceStatus.EXCUSED)
    return present, represented, excused, absent


def _proxy_note(span: ProxySpan) -> str:
    """« pouvoir à Département », with its times when it did not count for the whole séance (a holder
    arriving late or leaving early)."""
    note = f"pouvoir à {span.holder.name}"
    if span.start and span.end:
        return f"{note}, de {_hour(span.start)} à {_hour(span.end)}"
    if span.start:
        return f"{note}, à partir de {_hour(span.start)}"
    return f"{note}, jusqu'à {_hour(span.end)}" if span.end else note


def _line(ctx: SeatingContext, seat: SeatInfo, rows: dict[Hashable, Attendance], note: str, *,
          person: bool = True) -> AttendeeLine:
    row = rows.get(seat.key)
    name = ctx.people.get(row.representative_id, "") if row and row.representative_id and person else ""
    return AttendeeLine(seat.name, name, rights_text(seat.rights), note)


def _times(row: Attendance | None, opening: datetime, closing: datetime | None) -> str:
    """"à distance, arrivée à 15 h": only arrivals after the opening and departures before the end."""
    if row is None:
        return ""
    notes = ["à distance"] if row.mode is AttendanceMode.REMOTE else []
    if row.arrived_at is not None and row.arrived_at > opening:
        notes.append(f"arrivée à {_hour(row.arrived_at)}")
    if row.left_at is not None and (closing is None or row.left_at < closing):
        notes.append(f"départ à {_hour(row.left_at)}")
    return ", ".join(notes)


def _minutes_items(session: Session, ctx: SeatingContext, lines: list[tuple[AgendaLine, AgendaItem]],
                   events: list[Events], opening: Quorum) -> tuple[MinutesItem, ...]:
    """The points in order; a vote states the attendance again when it changed since the last one stated
    (the opening's, or the previous vote's), so each vote can be checked against its quorum."""
    items, stated = [], opening
    for (line, item), before in zip(lines, events, strict=True):
        minutes, at_vote = _minutes_item(session, ctx, line, item, stated, before)
        items.append(minutes)
        stated = at_vote or stated
    return tuple(items)


def _minutes_item(session: Session, ctx: SeatingContext, line: AgendaLine, item: AgendaItem,
                  stated: Quorum, events: Events) -> tuple[MinutesItem, Quorum | None]:
    if line.withdrawn:
        return MinutesItem(line, "", "", "Point retiré de l'ordre du jour.", events=events), None
    outcome = item_outcome(session, ctx, item)
    decision = item_decision(session, item.id)
    result = ""
    if decision is not None:
        result = f"{decision.kind.label} n° {decision.number} : {_status_word(decision)}."
    at_vote = outcome.quorum if outcome else None
    changed = at_vote is not None and _attendance_key(at_vote) != _attendance_key(stated)
    note = f"Au moment du vote : {at_vote.sentence()}" if changed and at_vote else ""
    vote = outcome.sentence if outcome else ""
    return MinutesItem(line, item.debate_summary, vote, result, note, events), at_vote


def _attendance_key(quorum: Quorum) -> tuple[object, ...]:
    return (quorum.present_heads, quorum.represented_heads, quorum.present_rights, quorum.represented_rights)


def _status_word(decision: Decision) -> str:
    words = {DecisionStatus.ADOPTED: "adoptée", DecisionStatus.REJECTED: "rejetée",
             DecisionStatus.WITHDRAWN: "retirée", DecisionStatus.POSTPONED: "ajournée",
             DecisionStatus.DRAFT: "non votée"}
    require_known(decision.status, f"Le statut de la décision {decision.number or decision.title}")
    word = words[decision.status]
    return word[:-1] if decision.kind is DecisionKind.OPINION else word


def decisions_summary_doc(session: Session, meeting_id: uuid.UUID, *,
                          author: str | None = None) -> DecisionsSummaryDoc:
    """The relevé de décisions: per voted point the decision in one sentence, the vote, the follow-up."""
    meeting, body = get_meeting(session, meeting_id)
    if meeting.opened_at is None:
        raise DomainError(f"La séance n° {meeting.number} n'a pas encore été ouverte : aucune décision à "
                          "relever.")
    ref = meeting_ref(session, meeting, body, author=author)
    ctx = seating(session, meeting, body)
    opening = meeting.opened_at
    lines = tuple(_summary_line(session, ctx, ref, line, item)
                  for line, item in agenda_lines(session, meeting_id, with_withdrawn=True)
                  if item.kind in VOTED_KINDS)
    quorum = quorum_at(ctx.state, ctx.rules, opening)
    return DecisionsSummaryDoc(ref, quorum.sentence(), lines)


def _summary_line(session: Session, ctx: SeatingContext, ref: MeetingRef, line: AgendaLine,
                  item: AgendaItem) -> SummaryLine:
    outcome = None if line.withdrawn else item_outcome(session, ctx, item)
    decision = item_decision(session, item.id)
    sentence = decision_sentence(ref, item, decision, outcome, withdrawn=line.withdrawn)
    vote = outcome.sentence if outcome else ("" if line.withdrawn else "pas de vote enregistré")
    return SummaryLine(line, sentence, vote, _follow_ups(session, ref, item, decision, outcome))


def decision_sentence(ref: MeetingRef, item: AgendaItem, decision: Decision | None,
                      outcome: VoteOutcome | None, *, withdrawn: bool = False) -> str:
    """"Le conseil d'administration adopte la délibération n° 2026-CA-007 (…)"."""
    if withdrawn:
        return "Point retiré de l'ordre du jour : aucune décision."
    if item.kind is AgendaItemKind.MINUTES:
        verb = "approuve" if outcome is None or outcome.adopted else "n'approuve pas"
        prefix = "approbation du "
        what = item.title[len(prefix):] if item.title.lower().startswith(prefix) else \
            f"procès-verbal : « {item.title} »"
        return f"{ref.body_the} {verb} le {what}."
    if decision is None or outcome is None:
        return f"Point ajourné : « {item.title} » n'a pas été mis aux voix."
    if decision.kind is DecisionKind.OPINION:
        opinion = "un avis favorable" if outcome.adopted else "un avis défavorable"
        return f"{ref.body_the} émet {opinion} (avis n° {decision.number}) : {decision.title}."
    verb = "adopte" if outcome.adopted else "rejette"
    kind = decision.kind.label.lower()
    return f"{ref.body_the} {verb} la {kind} n° {decision.number} : {decision.title}."


def _follow_ups(session: Session, ref: MeetingRef, item: AgendaItem, decision: Decision | None,
                outcome: VoteOutcome | None) -> tuple[FollowUp, ...]:
    """The point's stored follow-up actions once the coordinator has set them, else the proposals."""
    stored = stored_follow_ups(session, item.id)
    if stored is not None:
        return tuple(FollowUp(a.who, a.what, _when(a.due_on, done=a.done, undated="échéance à fixer"))
                     for a in stored)
    return tuple(FollowUp(e.who, e.what, _when(e.due_on)) for e in proposed_follow_ups(ref, item, decision,
                                                                                           outcome))


def _when(due: date | None, *, done: bool = False, undated: str = "prochaine séance") -> str:
    text = long_date(due) if due else undated
    return f"{text}, réalisée" if done else text


def stored_follow_ups(session: Session, item_id: uuid.UUID) -> list[FollowUpAction] | None:
    """The point's live actions in order; None when the coordinator never set any (then: proposals).

    Deleted rows count as « set »: a point whose actions were all removed has none, not proposals. Two
    actions added at the same place on two workstations come in the same order on every one (by id)."""
    rows = list(session.scalars(select(FollowUpAction).where(FollowUpAction.item_id == item_id)
                                .order_by(FollowUpAction.position, FollowUpAction.id)))
    return [row for row in rows if not row.deleted] if rows else None


def proposed_follow_ups(ref: MeetingRef, item: AgendaItem, decision: Decision | None,
                        outcome: VoteOutcome | None) -> tuple[FollowUpEntry, ...]:
    """Follow-up actions (who, what, when) derived from the vote: what a relevé usually says."""
    day = ref.day
    soon = day + timedelta(days=15) if day else None
    director = ref.gip.director or "Direction du GIP"
    if outcome is None or decision is None:
        if item.kind is AgendaItemKind.MINUTES:
            return (FollowUpEntry(ref.secretary_name or director, "Signer le procès-verbal approuvé et le "
                                                                  "verser au registre", soon),)
        return ()
    if not outcome.adopted:
        return (FollowUpEntry(item.rapporteur or director, "Retravailler le dossier et le présenter à une "
                                                           "prochaine séance"),)
    kind = decision.kind.label.lower()
    article = "l'" if kind[0] == "a" else "la "
    ups = [FollowUpEntry(director, f"Publier et notifier {article}{kind} n° {decision.number} aux membres",
                         soon)]
    if item.matter is MatterKind.BUDGET:
        ups.append(FollowUpEntry(director, "Transmettre la délibération au commissaire du Gouvernement et "
                                           "au contrôleur budgétaire", soon))
    if item.matter is MatterKind.PROGRAMME:
        ups.append(FollowUpEntry(item.rapporteur or director, "Notifier la décision aux porteurs et préparer "
                                                              "les conventions de financement",
                                 day + timedelta(days=45) if day else None))
    return tuple(ups)


def issue_minutes(session: Session, meeting_id: uuid.UUID, *, author: str | None = None,
                  new_version: bool = False) -> DocumentInfo:
    from app.reports.minutes import TEMPLATE_VERSION, render_minutes

    doc = minutes_doc(session, meeting_id, author=author)
    pdf, pages = render_minutes(doc)
    return register_document(
        session, kind=DocumentKind.MINUTES, subject_type="meeting", subject_id=meeting_id,
        title=f"{doc.reference} : {doc.meeting.label}", reference=doc.reference, pdf_bytes=pdf,
        author=doc.meeting.author, template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)


def issue_decisions_summary(session: Session, meeting_id: uuid.UUID, *, author: str | None = None,
                            new_version: bool = False) -> DocumentInfo:
    from app.reports.decisions_summary import TEMPLATE_VERSION, render_decisions_summary

    doc = decisions_summary_doc(session, meeting_id, author=author)
    pdf, pages = render_decisions_summary(doc)
    return register_document(
        session, kind=DocumentKind.DECISIONS_SUMMARY, subject_type="meeting", subject_id=meeting_id,
        title=f"{doc.reference} : {doc.meeting.label}", reference=doc.reference, pdf_bytes=pdf,
        author=doc.meeting.author, template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)

