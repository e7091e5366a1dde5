"""Who sits at a given moment of a séance, which proxies count, and whether the quorum is reached.

Pure and exact (issue 4): Fractions for every ratio, Decimals for droits statutaires, no floats, no I/O.
Ballot counting and the result sentences live in `app.domain.voting`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from app.domain.enums import MajorityKind, MatterKind, QuorumBasis
from app.domain.errors import require_known

SeatKey = Hashable
NBSP = "\u00a0"


@dataclass(frozen=True)
class VotingRules:
    """A body's rules from its convention constitutive (DOMAIN.md §2, Governance)."""

    quorum_basis: QuorumBasis = QuorumBasis.RIGHTS
    quorum_threshold: Fraction = Fraction(1, 2)  # share of rights or of members, reached when >=
    quorum_on_second_convocation: bool = False
    abstentions_counted: bool = False  # abstentions count as cast votes
    casting_vote: bool = True  # voix prépondérante du président
    max_proxies: int = 2  # pouvoirs per holder
    weighted: bool = True  # votes weighted by droits statutaires, else one head one vote
    majorities: tuple[tuple[MatterKind, MajorityKind], ...] = ()

    def majority_for(self, matter: MatterKind) -> MajorityKind:
        return dict(self.majorities).get(matter, MajorityKind.SIMPLE)


@dataclass(frozen=True)
class SeatInfo:
    """A seat of the body: member organisation and its droits statutaires (in % of the body's rights)."""

    key: SeatKey
    name: str
    rights: Decimal
    has_vote: bool = True


@dataclass(frozen=True)
class Presence:
    """One seat's attendance in person (room or video). `None` times mean from the opening / to the end."""

    seat: SeatKey
    arrived_at: datetime | None = None
    left_at: datetime | None = None

    def at(self, moment: datetime) -> bool:
        arrived = self.arrived_at is None or self.arrived_at <= moment
        return arrived and (self.left_at is None or moment < self.left_at)


@dataclass(frozen=True)
class ProxyGrant:
    """Pouvoir: `grantor` (mandant) is represented by `holder` (mandataire). Earlier `rank` wins."""

    grantor: SeatKey
    holder: SeatKey
    rank: int = 0


@dataclass(frozen=True)
class ProxyStatus:
    grant: ProxyGrant
    counts: bool
    reason: str = ""  # French, empty when the proxy counts


@dataclass(frozen=True)
class MeetingState:
    """The body's seats, who attended in person and the proxies received, for one séance."""

    seats: tuple[SeatInfo, ...]
    presences: tuple[Presence, ...] = ()
    proxies: tuple[ProxyGrant, ...] = ()
    second_convocation: bool = False
    chair: SeatKey | None = None

    def seat(self, key: SeatKey) -> SeatInfo | None:
        return next((s for s in self.seats if s.key == key), None)

    @property
    def voting_seats(self) -> tuple[SeatInfo, ...]:
        return tuple(s for s in self.seats if s.has_vote)


@dataclass(frozen=True)
class Standing:
    """Who takes part at one moment: members present in person and members represented by a proxy."""

    moment: datetime
    present: tuple[SeatInfo, ...]
    represented: tuple[tuple[SeatInfo, SeatInfo], ...]  # (mandant, mandataire)
    proxies: tuple[ProxyStatus, ...] = field(default=())

    @property
    def voters(self) -> tuple[SeatInfo, ...]:
        return self.present + tuple(grantor for grantor, _ in self.represented)

    def takes_part(self, key: SeatKey) -> bool:
        return any(s.key == key for s in self.voters)


@dataclass(frozen=True)
class Quorum:
    required: bool
    reached: bool
    basis: QuorumBasis
    threshold: Fraction
    present_heads: int
    represented_heads: int
    total_heads: int
    present_rights: Decimal
    represented_rights: Decimal
    total_rights: Decimal

    @property
    def rights_share(self) -> Fraction:
        total = Fraction(self.total_rights)
        return Fraction(self.present_rights + self.represented_rights) / total if total else Fraction(0)

    @property
    def heads_share(self) -> Fraction:
        heads = self.present_heads + self.represented_heads
        return Fraction(heads, self.total_heads) if self.total_heads else Fraction(0)

    def heads_text(self) -> str:
        """« 3 membres sur 4 présents ou représentés (2 présents, 1 représenté) »."""
        heads = self.present_heads + self.represented_heads
        detail = [_count(self.present_heads, "présent")]
        if self.represented_heads:
            detail.append(_count(self.represented_heads, "représenté"))
        return (f"{_count(heads, 'membre')} sur {self.total_heads} {_plural(heads, 'présent')} ou "
                f"{_plural(heads, 'représenté')} ({', '.join(detail)})")

    def sentence(self) -> str:
        """The attendance and quorum statement printed in délibérations and minutes."""
        text = f"{self.heads_text()}, détenant {percent_text(self.rights_share)} des droits statutaires"
        return f"{text}. {self._verdict()}"

    def _verdict(self) -> str:
        if self.basis is QuorumBasis.NONE:
            return "L'instance délibère sans condition de quorum."
        if not self.required:
            return "Sur seconde convocation, l'instance délibère sans condition de quorum."
        basis = "des droits statutaires" if self.basis is QuorumBasis.RIGHTS else "des membres"
        verdict = "est atteint" if self.reached else "n'est pas atteint"
        return f"Le quorum, fixé {fraction_text(self.threshold)} {basis}, {verdict}."


def _plural(count: int, word: str) -> str:
    return word + ("s" if count > 1 else "")


def _count(count: int, word: str) -> str:
    return f"{count} {_plural(count, word)}"


def standing_at(state: MeetingState, rules: VotingRules, moment: datetime) -> Standing:
    """Members present and represented at `moment` (arrivals, departures and proxies taken into account)."""
    present_keys = {p.seat for p in state.presences if p.at(moment)}
    present = tuple(s for s in state.voting_seats if s.key in present_keys)
    statuses = proxy_statuses(state, rules, moment)
    represented = tuple((_seat(state, st.grant.grantor), _seat(state, st.grant.holder))
                        for st in statuses if st.counts)
    return Standing(moment, present, represented, statuses)


def _seat(state: MeetingState, key: SeatKey) -> SeatInfo:
    seat = state.seat(key)
    assert seat is not None  # proxy_statuses only lets known seats count
    return seat


def proxy_statuses(state: MeetingState, rules: VotingRules, moment: datetime) -> tuple[ProxyStatus, ...]:
    """Each proxy with whether it counts at `moment` and, if not, why (in French)."""
    present = {p.seat for p in state.presences if p.at(moment)}
    ever_left = {p.seat for p in state.presences if p.left_at is not None and p.left_at <= moment}
    held: dict[SeatKey, int] = {}
    granted: set[SeatKey] = set()
    result = []
    for grant in sorted(state.proxies, key=lambda g: g.rank):
        reason = _structural_reason(state, grant, granted)
        if not reason and grant.grantor in present:
            reason = "sans effet : le mandant est présent en personne"
        if not reason:
            granted.add(grant.grantor)
            held[grant.holder] = held.get(grant.holder, 0) + 1
            if held[grant.holder] > rules.max_proxies:
                reason = _over_limit(state, grant, rules.max_proxies)
        if not reason and grant.holder not in present:
            reason = ("caduc : le mandataire a quitté la séance" if grant.holder in ever_left
                      else "caduc : le mandataire est absent")
        result.append(ProxyStatus(grant, not reason, reason))
    return tuple(result)


def _structural_reason(state: MeetingState, grant: ProxyGrant, granted: set[SeatKey]) -> str:
    grantor, holder = state.seat(grant.grantor), state.seat(grant.holder)
    if grantor is None or not grantor.has_vote:
        return "refusé : le mandant n'a pas voix délibérative"
    if holder is None or not holder.has_vote:
        return "refusé : le mandataire n'a pas voix délibérative"
    if grant.grantor == grant.holder:
        return "refusé : un membre ne peut se donner pouvoir à lui-même"
    if grant.grantor in granted:
        return "refusé : le mandant a déjà donné un pouvoir"
    return ""


def _over_limit(state: MeetingState, grant: ProxyGrant, limit: int) -> str:
    holder = _seat(state, grant.holder).name
    if limit == 0:
        return "refusé : le règlement n'autorise pas les pouvoirs"
    plural = "s" if limit > 1 else ""
    return f"refusé : {holder} détient déjà {limit} pouvoir{plural} (maximum {limit} par mandataire)"


def quorum_at(state: MeetingState, rules: VotingRules, moment: datetime) -> Quorum:
    """The quorum at `moment`, on the body's basis; not required on a second convocation if so ruled."""
    return quorum_of(state, rules, standing_at(state, rules, moment))


def quorum_of(state: MeetingState, rules: VotingRules, standing: Standing) -> Quorum:
    require_known(rules.quorum_basis, "La base du quorum de cette instance")
    voting = state.voting_seats
    present_rights = sum((s.rights for s in standing.present), Decimal(0))
    represented_rights = sum((g.rights for g, _ in standing.represented), Decimal(0))
    total_rights = sum((s.rights for s in voting), Decimal(0))
    required = rules.quorum_basis is not QuorumBasis.NONE and not (
        state.second_convocation and not rules.quorum_on_second_convocation)
    quorum = Quorum(required, True, rules.quorum_basis, rules.quorum_threshold, len(standing.present),
                    len(standing.represented), len(voting), present_rights, represented_rights, total_rights)
    share = quorum.rights_share if rules.quorum_basis is QuorumBasis.RIGHTS else quorum.heads_share
    reached = not required or share >= rules.quorum_threshold
    return replace(quorum, reached=reached)


def threshold_from_decimal(value: Decimal) -> Fraction:
    """Stored thresholds are decimals ("0.6667" for ⅔): read them as the nearest fraction over ≤ 100."""
    return Fraction(value).limit_denominator(100)


def percent_text(ratio: Fraction) -> str:
    """Fraction(2, 3) → "66,7 %" (one decimal, half up, no trailing ",0"; no-break space)."""
    tenths = (ratio * 1000 + Fraction(1, 2)).__floor__()
    whole, rest = divmod(tenths, 10)
    return f"{whole}{',' + str(rest) if rest else ''}{NBSP}%"


def fraction_text(ratio: Fraction) -> str:
    """A statutory fraction after "fixé": "à la moitié", "aux deux tiers"…, else "à 60 %"."""
    names = {Fraction(1, 2): "à la moitié", Fraction(2, 3): "aux deux tiers", Fraction(1, 3): "au tiers",
             Fraction(3, 4): "aux trois quarts", Fraction(1, 4): "au quart", Fraction(1): "à la totalité"}
    return names.get(ratio, "à " + percent_text(ratio))


def total_rights(seats: Iterable[SeatInfo]) -> Decimal:
    return sum((s.rights for s in seats if s.has_vote), Decimal(0))
