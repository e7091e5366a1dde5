"""Follow-up actions of a séance's points (issue 4, DOMAIN §3 « relevé de décisions »: who, what, when).

A point shows its stored actions once the coordinator has set them, else proposals derived from its vote
(meeting_minutes.proposed_follow_ups), which the relevé prints as they are until then. Saving replaces the
point's actions: rows are reused in order, extra ones soft-deleted (never removed: SYNC.md). No Qt, no commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AgendaItemStatus
from app.domain.errors import DomainError, NotFound
from app.domain.ids import follow_up_row_id, new_id
from app.domain.meeting_docs_dto import MeetingRef
from app.domain.meeting_editing import FollowUpEntry, FollowUpPoint, FollowUpSheet
from app.domain.rebase import EditedElsewhereError, merge_rows, rebase_value
from app.domain.voting import VoteOutcome
from app.formatting import long_date
from app.models.meeting import AgendaItem, Decision, FollowUpAction, Meeting
from app.services.meeting_minutes import (
    VOTED_KINDS,
    decision_sentence,
    item_outcome,
    proposed_follow_ups,
    stored_follow_ups,
)
from app.services.meeting_papers import agenda_lines, get_meeting, item_decision, meeting_ref
from app.services.meeting_state import seating

log = logging.getLogger(__name__)


def follow_up_sheet(session: Session, meeting_id: uuid.UUID) -> FollowUpSheet:
    """Every point of a séance that has been opened, with its actions (stored or proposed)."""
    meeting, body = get_meeting(session, meeting_id)
    _require_opened(meeting)
    ref = meeting_ref(session, meeting, body)
    ctx = seating(session, meeting, body)
    points = []
    for line, item in agenda_lines(session, meeting_id):
        decision = item_decision(session, item.id)
        outcome = item_outcome(session, ctx, item)
        stored = stored_follow_ups(session, item.id)
        entries = _entries(ref, item, stored, decision, outcome)
        sentence = decision_sentence(ref, item, decision, outcome) if item.kind in VOTED_KINDS \
            else f"{item.kind.label} : point sans vote."
        points.append(FollowUpPoint(item.id, line.position, item.title, decision.number if decision else "",
                                    sentence, entries, stored is not None,
                                    tuple(action.id.hex for action in stored or ())))
    title = f"{body.code} – séance n° {meeting.number}" + (f" du {long_date(ref.day)}" if ref.day else "")
    return FollowUpSheet(meeting.id, title, ref.day, tuple(points))


def _entries(ref: MeetingRef, item: AgendaItem, stored: Sequence[FollowUpAction] | None,
             decision: Decision | None, outcome: VoteOutcome | None) -> tuple[FollowUpEntry, ...]:
    """A point's actions as the editor shows them: the stored ones, else those proposed from its vote."""
    if stored is not None:
        return tuple(FollowUpEntry(a.who, a.what, a.due_on, a.done, a.id) for a in stored)
    return proposed_follow_ups(ref, item, decision, outcome)


def decision_meeting(session: Session, decision_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """(séance, point) of a décision, for « Actions de suivi… » from the Décisions tab."""
    decision = session.get(Decision, decision_id)
    item = session.get(AgendaItem, decision.item_id) if decision and decision.item_id else None
    if decision is None or item is None or item.meeting_id is None:
        raise NotFound("Point de la décision", decision_id)
    return item.meeting_id, item.id


def save_follow_ups(session: Session, item_id: uuid.UUID, entries: Sequence[FollowUpEntry], *,
                    base: Sequence[FollowUpEntry] | None = None) -> None:
    """Set the point's actions to exactly `entries`, in order (an empty list: no action at all).

    `base`: the actions as the editor showed them. Stored actions merge by action (app.domain.rebase): what
    the editor left as it was keeps what is stored now (a sync round may have brought a colleague's); an
    action changed on both sides, differently, is refused (EditedElsewhereError, naming the point). Proposals
    not yet stored are one value: stored meanwhile on another workstation and changed here, they clash."""
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted or item.meeting_id is None:
        raise NotFound("Point de l'ordre du jour", item_id)
    meeting, body = get_meeting(session, item.meeting_id)
    _require_opened(meeting)
    if item.status is AgendaItemStatus.WITHDRAWN:
        raise DomainError(f"Le point « {item.title} » a été retiré : il n'appelle aucune suite.")
    if base is not None:
        outcome = item_outcome(session, seating(session, meeting, body), item)
        current = _entries(meeting_ref(session, meeting, body), item, stored_follow_ups(session, item.id),
                           item_decision(session, item.id), outcome)
        entries, retry = _rebased(tuple(base), tuple(entries), current)
        if retry is not None:
            now = " ; ".join(f"{entry.who} : {entry.what}" for entry in current)  # as the refusal quotes it
            raise EditedElsewhereError.of({"entries": retry},
                                          lambda _name: f"Actions de suivi du point « {item.title} »",
                                          shown=lambda _name: now)
    day = meeting.starts_at.date() if meeting.starts_at else None
    for number, entry in enumerate(entries, start=1):
        _check(number, entry, day)
    _store(session, item, entries)
    session.flush()
    log.info("Follow-up actions of item %s: %d", item.id, len(entries))


def _rebased(base: tuple[FollowUpEntry, ...], mine: tuple[FollowUpEntry, ...],
             current: tuple[FollowUpEntry, ...]
             ) -> tuple[tuple[FollowUpEntry, ...], tuple[FollowUpEntry, ...] | None]:
    """The actions to store, and None, or the retry base when some clash (app.domain.rebase.merge_rows):
    stored actions by id, proposals (no id yet) as one list."""
    if any(entry.id is None for entry in base):
        entries, clash = rebase_value(base, mine, current)
        return entries, current if clash else None
    return merge_rows(base, mine, current, key=lambda entry: entry.id)


def _store(session: Session, item: AgendaItem, entries: Sequence[FollowUpEntry]) -> None:
    """Each action in its stored row (by id), in the order given; the others soft-deleted; a new action
    in a new row."""
    query = select(FollowUpAction).where(FollowUpAction.item_id == item.id)
    rows = {row.id: row for row in session.scalars(query)}
    decision = item_decision(session, item.id)
    taken = set(rows)
    kept = set()
    for position, entry in enumerate(entries, start=1):
        row = rows.get(entry.id) if entry.id is not None else None
        if row is None:
            row = FollowUpAction(id=_new_row_id(item.id, position, taken), item_id=item.id)
            taken.add(row.id)
            session.add(row)
        kept.add(row.id)
        row.decision_id = decision.id if decision else None
        row.position, row.deleted = position, False
        row.who, row.what, row.due_on, row.done = entry.who.strip(), entry.what.strip(), entry.due_on, \
            entry.done
    for row in rows.values():
        if row.id not in kept:
            row.deleted = True
    if not rows and not entries:  # « no action »: a deleted marker, so that proposals are not offered again
        session.add(FollowUpAction(id=_new_row_id(item.id, 1, taken), item_id=item.id, deleted=True))


def _new_row_id(item_id: uuid.UUID, position: int, taken: set[uuid.UUID]) -> uuid.UUID:
    """The id of a point's action at a position it has never had: the same on every workstation (two
    laptops keeping the same proposals offline make one list, not two: app.domain.ids); a fresh one when
    a row of the point already has it (an action keeps its row when it moves)."""
    row_id = follow_up_row_id(item_id, position)
    return row_id if row_id not in taken else new_id()


def _check(number: int, entry: FollowUpEntry, day: date | None) -> None:
    if not entry.what.strip():
        raise DomainError(f"Action n° {number} : dites ce qui doit être fait.")
    if not entry.who.strip():
        raise DomainError(f"Action n° {number} : indiquez qui en est chargé (une personne ou un service).")
    if entry.due_on is not None and day is not None and entry.due_on < day:
        raise DomainError(f"Action n° {number} : l'échéance ({long_date(entry.due_on)}) précède la séance.")


def _require_opened(meeting: Meeting) -> None:
    if meeting.opened_at is None:
        raise DomainError(f"La séance n° {meeting.number} n'a pas encore été ouverte : les actions de suivi "
                          "se décident en séance.")
