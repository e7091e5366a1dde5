"""Counting a vote by the body's rules, exactly (Fractions, never floats), and saying it in French.

NPPV (ne prend pas part au vote) is never a cast vote and never in the base; abstentions are cast only when
the rules say so; a tie goes to the chair's casting vote when the body grants one and the chair voted.
Attendance, proxies and quorum come from `app.domain.quorum` (issue 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from app.domain.enums import BallotChoice, MajorityKind, MatterKind, VoteResult
from app.domain.errors import DomainError, require_known
from app.domain.quorum import MeetingState, Quorum, SeatKey, VotingRules, percent_text, quorum_of, standing_at

TWO_THIRDS = Fraction(2, 3)


@dataclass(frozen=True)
class Ballot:
    """One seat's choice (cast in person or by its proxy holder)."""

    seat: SeatKey
    choice: BallotChoice


@dataclass(frozen=True)
class Tally:
    """A vote's counts, as heads and as droits statutaires (in % of the body's rights)."""

    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    nppv: int = 0
    rights_for: Decimal = Decimal(0)
    rights_against: Decimal = Decimal(0)
    rights_abstaining: Decimal = Decimal(0)
    rights_nppv: Decimal = Decimal(0)
    nppv_names: tuple[str, ...] = ()
    chair_choice: BallotChoice | None = None  # None: the chair did not vote (or is unknown)


@dataclass(frozen=True)
class VoteOutcome:
    result: VoteResult
    sentence: str  # French, ready for the documents
    tally: Tally
    majority: MajorityKind
    share_for: Fraction  # of the cast base, in rights when weighted, else in heads
    share_against: Fraction
    tie: bool = False
    quorum: Quorum | None = None

    @property
    def adopted(self) -> bool:
        return self.result in (VoteResult.ADOPTED, VoteResult.ADOPTED_UNANIMOUS, VoteResult.ADOPTED_CASTING)


def tally_ballots(state: MeetingState, ballots: Iterable[Ballot]) -> Tally:
    """Sum the ballots with each seat's rights; the order of the ballots never matters."""
    heads = dict.fromkeys(BallotChoice, 0)
    rights = dict.fromkeys(BallotChoice, Decimal(0))
    nppv: list[str] = []
    chair: BallotChoice | None = None
    for ballot in ballots:
        seat = state.seat(ballot.seat)
        if seat is None:
            raise DomainError("Bulletin d'un siège inconnu de cette instance.")
        require_known(ballot.choice, f"Le choix du bulletin de {seat.name}")
        heads[ballot.choice] += 1
        rights[ballot.choice] += seat.rights
        chair = ballot.choice if ballot.seat == state.chair else chair
        if ballot.choice is BallotChoice.NPPV:
            nppv.append(seat.name)
    return Tally(heads[BallotChoice.FOR], heads[BallotChoice.AGAINST], heads[BallotChoice.ABSTAIN],
                 heads[BallotChoice.NPPV], rights[BallotChoice.FOR], rights[BallotChoice.AGAINST],
                 rights[BallotChoice.ABSTAIN], rights[BallotChoice.NPPV], tuple(sorted(nppv)), chair)


def vote_at(rules: VotingRules, state: MeetingState, ballots: Iterable[Ballot], *, moment: datetime,
            matter: MatterKind = MatterKind.ORDINARY, feminine: bool = True) -> VoteOutcome:
    """Check the ballots against who takes part at `moment`, then count them by the rules."""
    ballots = tuple(ballots)
    standing = standing_at(state, rules, moment)
    seen: set[SeatKey] = set()
    for ballot in ballots:
        seat = state.seat(ballot.seat)
        name = seat.name if seat else "un siège inconnu"
        if ballot.seat in seen:
            raise DomainError(f"{name} a voté deux fois sur le même point.")
        if not standing.takes_part(ballot.seat):
            raise DomainError(f"Le vote de {name} n'est pas recevable : ce membre n'est ni présent "
                              "ni valablement représenté à ce moment de la séance.")
        seen.add(ballot.seat)
    quorum = quorum_of(state, rules, standing)
    return decide(rules, tally_ballots(state, ballots), matter=matter, quorum=quorum, feminine=feminine)


def decide(rules: VotingRules, tally: Tally, *, matter: MatterKind = MatterKind.ORDINARY,
           quorum: Quorum | None = None, feminine: bool = True) -> VoteOutcome:
    """The result of a tally under the majority the rules require for this matter."""
    majority = rules.majority_for(matter)
    require_known(majority, "La règle de majorité de cette instance")
    f, a, ab = _measures(tally, rules.weighted)
    base = f + a + (ab if rules.abstentions_counted else 0)
    share_for, share_against = (f / base, a / base) if base else (Fraction(0), Fraction(0))
    out = _Builder(rules, tally, majority, share_for, share_against, quorum, feminine)
    if quorum is not None and not quorum.reached:
        return out.make(VoteResult.NO_QUORUM, "Non délibéré" + out.e + " : quorum non atteint")
    if not base:
        return out.make(VoteResult.REJECTED, out.rejected + " : aucun suffrage exprimé")
    if a == 0 and (ab == 0 or not rules.abstentions_counted):
        return out.unanimous()
    if majority is MajorityKind.UNANIMITY:
        return out.make(VoteResult.REJECTED, f"{out.rejected} : l'unanimité requise n'est pas atteinte "
                                             f"({out.detail()})")
    if majority is MajorityKind.TWO_THIRDS:
        if share_for >= TWO_THIRDS:
            return out.make(VoteResult.ADOPTED,
                            f"{out.adopted} à la majorité des deux tiers : {out.detail()}")
        return out.make(VoteResult.REJECTED, f"{out.rejected} : la majorité des deux tiers n'est pas "
                                             f"atteinte ({out.detail()})")
    if share_for * 2 == 1:
        return out.tie()
    if share_for * 2 > 1:
        return out.make(VoteResult.ADOPTED, f"{out.adopted} à la majorité : {out.detail()}")
    return out.make(VoteResult.REJECTED, f"{out.rejected} : {out.detail()}")


def _measures(tally: Tally, weighted: bool) -> tuple[Fraction, Fraction, Fraction]:
    if weighted:
        return Fraction(tally.rights_for), Fraction(tally.rights_against), Fraction(tally.rights_abstaining)
    return Fraction(tally.votes_for), Fraction(tally.votes_against), Fraction(tally.abstentions)


@dataclass(frozen=True)
class _Builder:
    """Phrases the outcome: one place for the French wording of every result."""

    rules: VotingRules
    tally: Tally
    majority: MajorityKind
    share_for: Fraction
    share_against: Fraction
    quorum: Quorum | None
    feminine: bool

    @property
    def e(self) -> str:
        return "e" if self.feminine else ""

    @property
    def adopted(self) -> str:
        return "Adopté" + self.e

    @property
    def rejected(self) -> str:
        return "Rejeté" + self.e

    def make(self, result: VoteResult, sentence: str, *, tie: bool = False) -> VoteOutcome:
        return VoteOutcome(result, sentence + self.nppv_suffix(), self.tally, self.majority, self.share_for,
                           self.share_against, tie, self.quorum)

    def unanimous(self) -> VoteOutcome:
        if self.tally.abstentions:
            count = _abstentions(self.tally.abstentions)
            return self.make(VoteResult.ADOPTED_UNANIMOUS,
                             f"{self.adopted} à l'unanimité des suffrages exprimés ({count})")
        # A member that does not take part (NPPV) is present but not among the voters.
        who = "ayant pris part au vote" if self.tally.nppv else "présents ou représentés"
        return self.make(VoteResult.ADOPTED_UNANIMOUS, f"{self.adopted} à l'unanimité des membres {who}")

    def tie(self) -> VoteOutcome:
        chair = self.tally.chair_choice
        detail = f"partage des voix ({self.detail()})"
        if not self.rules.casting_vote:
            reason = "le président n'ayant pas de voix prépondérante"
        elif chair is BallotChoice.FOR:
            return self.make(VoteResult.ADOPTED_CASTING, f"{self.adopted} avec la voix prépondérante du "
                                                         f"président : {detail}", tie=True)
        elif chair is BallotChoice.AGAINST:
            reason = "la voix prépondérante du président s'étant portée contre"
        else:
            reason = "le président ne s'étant prononcé ni pour ni contre"
        return self.make(VoteResult.REJECTED, f"{self.rejected} : {detail}, {reason}", tie=True)

    def detail(self) -> str:
        t = self.tally
        heads = f"{_voices(t.votes_for)} pour, {t.votes_against} contre"
        if t.abstentions:
            heads += f", {_abstentions(t.abstentions)}"
        if not self.rules.weighted:
            return heads
        rights = (f"{percent_text(self.share_for)} des droits exprimés pour, "
                  f"{percent_text(self.share_against)} contre")
        if self.rules.abstentions_counted and t.abstentions:
            rights += f", {percent_text(1 - self.share_for - self.share_against)} d'abstention"
        return f"{rights} ; {heads}"

    def nppv_suffix(self) -> str:
        if not self.tally.nppv:
            return ""
        names = ", ".join(self.tally.nppv_names) or str(self.tally.nppv)
        return f" ; NPPV : {names}"


def _voices(count: int) -> str:
    return f"{count} voix"


def _abstentions(count: int) -> str:
    return f"{count} abstention{'s' if count > 1 else ''}"
