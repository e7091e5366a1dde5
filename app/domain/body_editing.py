"""What « Modifier l'instance… » loads and sends back (issue 4): a body's rules from the convention
constitutive, its majorities per matter, its seats and their representatives. Frozen DTOs; stdlib and
app.domain only. Droits statutaires are percentages (30 means 30 %), the quorum threshold a ratio."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from app.domain.enums import BodyKind, MajorityKind, MatterKind, QuorumBasis
from app.domain.errors import DomainError
from app.domain.meeting_desk import Choice
from app.domain.rebase import merge_draft, merge_rows


@dataclass(frozen=True)
class RepresentativeForm:
    id: uuid.UUID | None  # None: a new person
    full_name: str
    title: str = ""
    is_substitute: bool = False  # suppléant, else titulaire
    email: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class SeatForm:
    id: uuid.UUID | None  # None: a new seat
    organisation_id: uuid.UUID | None
    voting_rights: Decimal = Decimal(0)
    has_vote: bool = True
    representatives: tuple[RepresentativeForm, ...] = ()
    organisation: str = ""  # its name, for messages and display
    in_use: bool = False  # named in a séance's attendance, proxies or ballots: it cannot be removed


@dataclass(frozen=True)
class BodyRules:
    name: str
    quorum_basis: QuorumBasis
    quorum_threshold: Decimal  # ratio in ]0, 1]: Decimal("0.6667") for two thirds
    quorum_on_second_convocation: bool  # True: the quorum is still required on a second convocation
    abstentions_counted: bool
    casting_vote: bool
    convocation_days: int
    urgent_convocation_days: int
    max_proxies: int
    weighted_votes: bool
    rules_text: str = ""
    majorities: tuple[tuple[MatterKind, MajorityKind], ...] = field(default=())


@dataclass(frozen=True)
class BodyForm:
    id: uuid.UUID
    code: str  # read-only: it is part of every decision number
    kind: BodyKind
    rules: BodyRules
    seats: tuple[SeatForm, ...]
    organisations: tuple[Choice, ...]  # what a seat may be given to
    open_meeting: str = ""  # « séance n° 5 du mardi 22 septembre 2026 » when one is open: rules frozen
    majority_rules: tuple[tuple[str, MatterKind], ...] = ()  # stored rule (hex id) → its matter: conflicts


def every_matter(rules: BodyRules) -> BodyRules:
    """The majorities as the form shows them: one per matter, simple where none is stored."""
    chosen = dict(rules.majorities)
    return replace(rules, majorities=tuple((matter, chosen.get(matter, MajorityKind.SIMPLE))
                                           for matter in MatterKind))


def as_edited(seat: SeatForm) -> SeatForm:
    """A seat as its form edits it: without what is only shown (its organisation's name, « in use »)."""
    return replace(seat, organisation="", in_use=False)


def merged_seat(base: SeatForm, mine: SeatForm, current: SeatForm) -> tuple[SeatForm, SeatForm | None]:
    """A seat changed in the form and elsewhere, merged by field and by représentant (app.domain.rebase);
    the seat a second save starts from when a part clashes, else None."""
    seat, clashes, retry = merge_draft(base, mine, current, {"representatives": lambda person: person.id})
    return seat, retry if clashes else None


def merge_seats(base: Sequence[SeatForm], mine: Sequence[SeatForm],
                current: Sequence[SeatForm]) -> tuple[tuple[SeatForm, ...], tuple[SeatForm, ...] | None]:
    """An instance's seats as edited (as_edited), merged by seat: the seats, and the retry base or None."""
    was, now, there = (tuple(map(as_edited, side)) for side in (base, mine, current))
    return merge_rows(was, now, there, key=lambda seat: seat.id, merge=merged_seat)


class InvalidBodyError(DomainError):
    """Invalid fields of a new body; `problems` maps code / name to French messages."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("L'instance ne peut pas être créée :\n" + "\n".join(problems.values()))
        self.problems = problems
