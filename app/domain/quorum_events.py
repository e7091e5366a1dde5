"""Quorum events during a séance (issue 4): the arrivals and departures after the opening that change
whether the quorum is reached, with the proxies their holder brings or takes away. Pure and exact: every
state is computed by app.domain.quorum with the body's rules, as for the votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from app.domain.enums import QuorumBasis
from app.domain.quorum import (
    MeetingState,
    Quorum,
    SeatInfo,
    SeatKey,
    Standing,
    VotingRules,
    fraction_text,
    percent_text,
    quorum_of,
    standing_at,
)


@dataclass(frozen=True)
class Movement:
    """One member arriving or leaving; `proxies`: the mandants whose pouvoir comes or goes with them."""

    seat: SeatInfo
    arrival: bool
    proxies: tuple[SeatInfo, ...] = ()


@dataclass(frozen=True)
class QuorumEvent:
    """At `moment`, `movements` make the quorum reached (again) or lost: `quorum` is the state after."""

    moment: datetime
    movements: tuple[Movement, ...]
    quorum: Quorum
    reached_before: bool  # at some earlier moment of the séance (« de nouveau atteint »)

    def sentence(self, names: Mapping[SeatKey, str], hour: str) -> str:
        """« À 15 h 20, départ de X (Département) ; le quorum n'est plus atteint (50 % …). »"""
        moves = [_movement_text(m, names.get(m.seat.key, "")) for m in self.movements]
        joined = moves[0] if len(moves) == 1 else ", ".join(moves[:-1]) + " et " + moves[-1]
        if self.quorum.reached:
            verdict = "le quorum est de nouveau atteint" if self.reached_before else \
                "le quorum est désormais atteint"
        else:
            verdict = "le quorum n'est plus atteint"
        return f"À {hour}, {joined} ; {verdict} ({_detail(self.quorum)})."


def quorum_events(state: MeetingState, rules: VotingRules, *, opening: datetime,
                  closing: datetime | None = None) -> tuple[QuorumEvent, ...]:
    """Every change of the quorum's verdict strictly between the opening and the closing, in order."""
    before = standing_at(state, rules, opening)
    reached = quorum_of(state, rules, before).reached
    ever_reached = reached
    events = []
    for moment in _movement_times(state, opening, closing):
        after = standing_at(state, rules, moment)
        quorum = quorum_of(state, rules, after)
        if quorum.reached != reached:
            events.append(QuorumEvent(moment, _movements(state, before, after), quorum, ever_reached))
            reached = quorum.reached
            ever_reached = ever_reached or reached
        before = after
    return tuple(events)


@dataclass(frozen=True)
class ProxySpan:
    """A pouvoir that counted during the séance: from `start` to `end` (None: the opening, the closing)."""

    grantor: SeatInfo
    holder: SeatInfo
    start: datetime | None = None
    end: datetime | None = None


def proxy_spans(state: MeetingState, rules: VotingRules, *, opening: datetime,
                closing: datetime | None = None) -> tuple[ProxySpan, ...]:
    """Every pouvoir that counted at some moment of the séance, in the order of the body's seats.

    A pouvoir only starts or stops counting when someone arrives or leaves, so those moments suffice."""
    spans: dict[SeatKey, ProxySpan] = {}
    for moment in [opening, *_movement_times(state, opening, closing)]:
        counting = {g.key: h for g, h in standing_at(state, rules, moment).represented}
        for key, span in list(spans.items()):
            if span.end is None and counting.get(key) != span.holder:
                spans[key] = replace(span, end=moment)
        for key, holder in counting.items():
            if key not in spans:
                spans[key] = ProxySpan(_seat_of(state, key), holder, None if moment == opening else moment)
    order = [s.key for s in state.voting_seats]
    return tuple(sorted(spans.values(), key=lambda span: order.index(span.grantor.key)))


def _seat_of(state: MeetingState, key: SeatKey) -> SeatInfo:
    seat = state.seat(key)
    assert seat is not None  # only known seats are represented
    return seat


def _movement_times(state: MeetingState, opening: datetime, closing: datetime | None) -> list[datetime]:
    times = {t for p in state.presences for t in (p.arrived_at, p.left_at) if t is not None}
    return sorted(t for t in times if opening < t and (closing is None or t < closing))


def _movements(state: MeetingState, before: Standing, after: Standing) -> tuple[Movement, ...]:
    """Who arrived or left between the two standings (voting seats, in the body's order)."""
    was = {s.key for s in before.present}
    now = {s.key for s in after.present}
    moves = []
    for seat in state.voting_seats:
        if (seat.key in now) == (seat.key in was):
            continue
        arrival = seat.key in now
        gained, lost = _held(after, seat.key) - _held(before, seat.key), _held(before, seat.key) - _held(
            after, seat.key)
        grantors = gained if arrival else lost
        moves.append(Movement(seat, arrival, tuple(s for s in state.voting_seats if s.key in grantors)))
    return tuple(moves)


def _held(standing: Standing, holder: SeatKey) -> set[SeatKey]:
    return {grantor.key for grantor, by in standing.represented if by.key == holder}


def _movement_text(move: Movement, person: str) -> str:
    who = f"{person} ({move.seat.name})" if person else f"du membre « {move.seat.name} »"
    text = ("arrivée " if move.arrival else "départ ") + (f"de {who}" if person else who)
    if move.proxies:
        count = len(move.proxies)
        what = "un pouvoir" if count == 1 else f"{count} pouvoirs"
        holds = "qui détient" if move.arrival else "qui détenait"  # « porteur » would need a gender
        text += f", {holds} {what} ({', '.join(s.name for s in move.proxies)})"
        if not move.arrival:
            text += ", devenu caduc" if count == 1 else ", devenus caducs"
    return text


def _detail(quorum: Quorum) -> str:
    """« 50 % des droits statutaires présents ou représentés, quorum fixé aux deux tiers »."""
    fixed = f"quorum fixé {fraction_text(quorum.threshold)}"
    if quorum.basis is QuorumBasis.RIGHTS:
        return f"{percent_text(quorum.rights_share)} des droits statutaires présents ou représentés, {fixed}"
    heads = quorum.present_heads + quorum.represented_heads
    members = "membre présent ou représenté" if heads <= 1 else "membres présents ou représentés"
    return f"{heads} {members} sur {quorum.total_heads}, {fixed} des membres"
