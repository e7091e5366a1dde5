"""The lifecycle of a fiche action: which status may follow which (issue 5). Pure rules, no storage.

The conditions that need data (a decision of a body, an end date, a final report) are checked by
`app.services.lifecycle`; this graph only says which moves exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import ProjectStatus as S

TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.IDEA: (S.INSTRUCTION, S.ABANDONED),
    S.INSTRUCTION: (S.FAVOURABLE, S.POSTPONED, S.REFUSED, S.ABANDONED),
    S.POSTPONED: (S.INSTRUCTION, S.ABANDONED),
    S.REFUSED: (S.INSTRUCTION,),  # a project may be submitted again after rework
    S.FAVOURABLE: (S.VALIDATED, S.POSTPONED, S.REFUSED, S.ABANDONED),
    S.VALIDATED: (S.CONTRACTED, S.ABANDONED),
    S.CONTRACTED: (S.RUNNING, S.ABANDONED),
    S.RUNNING: (S.SUSPENDED, S.CLOSED, S.ABANDONED),
    S.SUSPENDED: (S.RUNNING, S.ABANDONED),
    S.CLOSED: (),
    S.ABANDONED: (),
}

# Leaving the happy path must be explained in the history (the COPIL reads it).
NEEDS_REASON = frozenset({S.POSTPONED, S.REFUSED, S.ABANDONED, S.SUSPENDED})
# Projects that no longer answer anything (coverage, totals of the active portfolio).
INACTIVE = frozenset({S.REFUSED, S.ABANDONED})


def next_statuses(current: S) -> tuple[S, ...]:
    """The statuses a project in `current` may move to (none from a newer version's status)."""
    return TRANSITIONS.get(current, ())


def move_refusal(current: S, target: S) -> str | None:
    """The French reason why `current` → `target` is not a move of the graph, or None if it is."""
    if current is target:
        return f"Le projet est déjà au statut « {current.label} »."
    if current.unknown:
        return (f"Le statut « {current.value} » vient d'une version plus récente de Maillage : mettez "
                "Maillage à jour sur ce poste pour le changer.")
    if target in TRANSITIONS[current]:
        return None
    if not TRANSITIONS[current]:
        return f"Un projet « {current.label.lower()} » ne change plus de statut."
    allowed = ", ".join(f"« {status.label.lower()} »" for status in TRANSITIONS[current])
    return (f"Un projet « {current.label.lower()} » ne peut pas passer « {target.label.lower()} » : "
            f"statuts possibles : {allowed}.")


@dataclass(frozen=True)
class StatusChangeEntry:
    """One line of a project's lifecycle history, with the decision that motivated it."""

    id: uuid.UUID
    changed_at: datetime | None
    from_status: S
    to_status: S
    changed_by: str
    comment: str
    decision_id: uuid.UUID | None
    decision_number: str


@dataclass(frozen=True)
class TransitionOption:
    """One entry of the « Changer le statut » menu: possible now or not (and why), what it asks for."""

    target: S
    refusal: str | None  # None: possible now
    needs_reason: bool  # the dialog asks for a motif
    needs_decision: bool  # the dialog asks for the validating decision

    @property
    def allowed(self) -> bool:
        return self.refusal is None
