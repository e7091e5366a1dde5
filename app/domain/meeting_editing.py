"""What the Instances editors load and send back (issue 4): a décision's texts and a point's follow-up
actions. Frozen DTOs; standard library and app.domain only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.domain.enums import DecisionKind, DecisionStatus


@dataclass(frozen=True)
class DecisionText:
    """A décision's title, visas, considérants, articles and date d'effet, with what may still change."""

    id: uuid.UUID
    number: str
    kind: DecisionKind
    status: DecisionStatus
    body_name: str
    meeting_day: date | None
    title: str
    visas: tuple[str, ...]
    considerations: tuple[str, ...]
    articles: tuple[str, ...]
    effective_on: date | None
    visas_proposed: bool  # no visa stored: the usual ones are proposed
    locked: str  # why the text can no longer change (French), else ""
    caution: str  # a reminder shown while it may still change (voted décision), else ""


@dataclass(frozen=True)
class FollowUpEntry:
    """One follow-up action of a point, as the editor shows and sends it."""

    who: str
    what: str
    due_on: date | None = None
    done: bool = False
    id: uuid.UUID | None = None  # the stored action it shows (None: a proposal, or added in the editor)


@dataclass(frozen=True)
class FollowUpPoint:
    """A voted point of a séance with its follow-up actions: stored, else the proposed ones."""

    item_id: uuid.UUID
    position: int
    title: str
    decision_number: str
    decision_sentence: str
    entries: tuple[FollowUpEntry, ...]
    stored: bool  # False: `entries` are proposals derived from the vote, not saved yet
    action_ids: tuple[str, ...] = ()  # the stored actions' ids (hex), in the order of `entries`


@dataclass(frozen=True)
class FollowUpSheet:
    meeting_id: uuid.UUID
    title: str  # "CA – séance n° 3 du jeudi 8 octobre 2026"
    meeting_day: date | None
    points: tuple[FollowUpPoint, ...]
