"""Co-funding read models and the progression rule of a funding line (issue 5). Stdlib only.

Every amount is an integer number of cents: sums are exact.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.domain.enums import FundingNature, FundingStatus
from app.domain.errors import DomainError

FUNDING_ORDER: tuple[FundingStatus, ...] = (
    FundingStatus.PLANNED, FundingStatus.REQUESTED, FundingStatus.NOTIFIED,
    FundingStatus.COMMITTED, FundingStatus.PAID, FundingStatus.SETTLED,
)
# From "notifié" on, a line stands on an act: a decision number or a convention.
NEEDS_ACT = frozenset({FundingStatus.NOTIFIED, FundingStatus.COMMITTED, FundingStatus.PAID,
                       FundingStatus.SETTLED})


def funding_frozen(status: FundingStatus) -> bool:
    """From « engagé » on, a line is not edited any more: it is corrected by a new line or an avenant.
    A newer version's status (received by sync) counts as frozen: nothing is inferred from it."""
    return status.unknown or FUNDING_ORDER.index(status) >= FUNDING_ORDER.index(FundingStatus.COMMITTED)


def next_funding_statuses(status: FundingStatus) -> tuple[FundingStatus, ...]:
    """Where a line may move: forward only; nowhere from a newer version's status."""
    return () if status.unknown else FUNDING_ORDER[FUNDING_ORDER.index(status) + 1:]


def funding_move_refusal(current: FundingStatus, target: FundingStatus) -> str | None:
    """Why a line cannot go from `current` to `target` (French), or None: only forward, never back."""
    if current is target:
        return f"Le financement est déjà « {current.label.lower()} »."
    if current.unknown:
        return (f"Le statut « {current.value} » vient d'une version plus récente de Maillage : mettez "
                "Maillage à jour sur ce poste pour le faire avancer.")
    if FUNDING_ORDER.index(target) < FUNDING_ORDER.index(current):
        return (f"Un financement « {current.label.lower()} » ne peut pas revenir à "
                f"« {target.label.lower()} » : corrigez par une nouvelle ligne ou un avenant.")
    return None


@dataclass(frozen=True)
class Total:
    """One group of a breakdown: its label, its sum and how many lines or projects made it."""

    key: str
    label: str
    cents: int
    count: int


@dataclass(frozen=True)
class FundingTotals:
    """The portfolio's funding broken down four ways. Each breakdown of lines sums to `total`, except
    `by_axis`, where a project attached to several axes counts in each of them."""

    total: int
    by_funder: tuple[Total, ...]
    by_year: tuple[Total, ...]
    by_status: tuple[Total, ...]
    by_axis: tuple[Total, ...]


@dataclass(frozen=True)
class ContributionRow:
    """A member's statutory contribution for one year: called, paid (payments summed), in kind."""

    organisation_id: uuid.UUID | None
    member: str
    year: int
    called_cents: int
    paid_cents: int
    in_kind_cents: int

    @property
    def outstanding_cents(self) -> int:
        return self.called_cents - self.paid_cents


@dataclass(frozen=True)
class StackedSeries:
    """Chart data: one series per funder, one value per year (cents), for a stacked bar chart."""

    years: tuple[int, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def year_totals(self) -> tuple[int, ...]:
        return tuple(sum(values[i] for _, values in self.series) for i in range(len(self.years)))


@dataclass(frozen=True)
class ConsumptionPoint:
    """Per fiscal year: everything programmed, what is committed (engagé or later), what is paid."""

    year: int
    programmed_cents: int
    committed_cents: int
    paid_cents: int


@dataclass(frozen=True)
class FundingLineInfo:
    id: uuid.UUID
    project_id: uuid.UUID | None
    funder: str
    fiscal_year: int
    amount_cents: int
    status: FundingStatus
    act_reference: str
    funder_id: uuid.UUID | None = None
    nature: FundingNature = FundingNature.CASH


LINE_FIELDS = {  # a funding line's edited columns → their field in the form (and in `problems`)
    "funder_id": "funder", "fiscal_year": "fiscal_year", "amount_cents": "amount", "nature": "nature",
    "act_reference": "act",
}


class InvalidFundingLineError(DomainError):
    """Invalid fields of a funding line; `problems` maps the form's fields (LINE_FIELDS) to French."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("La ligne de financement ne peut pas être enregistrée :\n"
                         + "\n".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class CallLine:
    """One member in « Appeler les contributions… »: what it is called for the year (the year before's
    amount is the usual proposal) and what it already paid."""

    organisation_id: uuid.UUID
    member: str
    called_cents: int
    previous_cents: int
    paid_cents: int
    called: bool  # a call exists for the year (even at 0)
