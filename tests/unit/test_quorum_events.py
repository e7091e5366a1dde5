"""Quorum events of the procès-verbal (issue 4): which arrivals and departures make or break the quorum,
computed by the body's rules (pure domain, no database)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from app.domain.enums import QuorumBasis
from app.domain.quorum import MeetingState, Presence, ProxyGrant, SeatInfo, VotingRules
from app.domain.quorum_events import proxy_spans, quorum_events

OPEN, CLOSE = datetime(2026, 12, 10, 14, 30), datetime(2026, 12, 10, 17, 0)
SEATS = (SeatInfo("etat", "État", Decimal(30)), SeatInfo("dep", "Département", Decimal(40)),
         SeatInfo("caf", "CAF", Decimal(20)), SeatInfo("ft", "France Travail", Decimal(10)),
         SeatInfo("msa", "MSA", Decimal(0), has_vote=False))
CA = VotingRules(quorum_threshold=Fraction(2, 3))  # quorum: two thirds of the droits statutaires
NAMES = {"etat": "Anne Morel", "dep": "Jean-Marc Delpeuch", "caf": "Léa Dumas", "ft": "Sophie Nouaille"}


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 10, hour, minute)


def events(*presences: Presence, proxies: tuple[ProxyGrant, ...] = (), rules: VotingRules = CA,
           second: bool = False) -> list[tuple[datetime, str]]:
    state = MeetingState(SEATS, presences, proxies, second)
    found = quorum_events(state, rules, opening=OPEN, closing=CLOSE)
    return [(e.moment, e.sentence(NAMES, f"{e.moment.hour} h {e.moment.minute:02d}")) for e in found]


def test_an_arrival_that_restores_the_quorum() -> None:
    """État and CAF at the opening (50 %); the Département arrives at 14 h 50 (90 %)."""
    found = events(Presence("etat"), Presence("caf"), Presence("dep", arrived_at=at(14, 50)))
    assert found == [(at(14, 50), "À 14 h 50, arrivée de Jean-Marc Delpeuch (Département) ; le quorum est "
                                  "désormais atteint (90\u00a0% des droits statutaires présents ou "
                                  "représentés, quorum fixé aux deux tiers).")]


def test_a_departure_that_breaks_it_then_an_arrival_that_restores_it() -> None:
    """The Département leaves at 15 h 20 (70 → 30 %), its pouvoir given to the CAF, which arrives at
    15 h 40 and brings it (90 %)."""
    found = events(Presence("etat"), Presence("dep", left_at=at(15, 20)),
                   Presence("caf", arrived_at=at(15, 40)), proxies=(ProxyGrant("dep", "caf"),))
    assert found == [
        (at(15, 20), "À 15 h 20, départ de Jean-Marc Delpeuch (Département) ; le quorum n'est plus "
                     "atteint (30\u00a0% des droits statutaires présents ou représentés, quorum fixé aux "
                     "deux tiers)."),
        (at(15, 40), "À 15 h 40, arrivée de Léa Dumas (CAF), qui détient un pouvoir (Département) ; le "
                     "quorum est de nouveau atteint (90\u00a0% des droits statutaires présents ou "
                     "représentés, quorum fixé aux deux tiers).")]


def test_the_proxies_fall_with_their_holder() -> None:
    """The Département holds France Travail's pouvoir: both go at 15 h 20 (from 80 % to 40 %)."""
    found = events(Presence("etat"), Presence("dep", left_at=at(15, 20)),
                   proxies=(ProxyGrant("ft", "dep"),))
    assert found == [(at(15, 20), "À 15 h 20, départ de Jean-Marc Delpeuch (Département), qui détenait "
                                  "un pouvoir (France Travail), devenu caduc ; le quorum n'est plus atteint "
                                  "(30\u00a0% des droits statutaires présents ou représentés, quorum fixé "
                                  "aux deux tiers).")]


def test_a_holder_arriving_brings_the_proxies_he_carries() -> None:
    found = events(Presence("etat"), Presence("dep", arrived_at=at(15)),
                   proxies=(ProxyGrant("ft", "dep"), ProxyGrant("caf", "dep", rank=1)))
    assert len(found) == 1 and "arrivée de Jean-Marc Delpeuch (Département), qui détient 2 pouvoirs (CAF, " \
        "France Travail) ; le quorum est désormais atteint (100\u00a0%" in found[0][1]


def test_no_event_when_the_verdict_does_not_change() -> None:
    assert events(Presence("etat"), Presence("dep"), Presence("caf", left_at=at(15)),
                  Presence("ft", arrived_at=at(15, 10))) == []  # 100 → 80 → 90 %: always reached
    assert events(Presence("etat"), Presence("ft", arrived_at=at(15))) == []  # 30 → 40 %: never reached
    assert events(Presence("etat"), Presence("dep", left_at=at(15)), second=True) == []  # 2nd convocation
    assert events(Presence("etat"), Presence("dep"), Presence("msa", left_at=at(15))) == []  # no vote


def test_movements_at_the_opening_or_the_closing_are_not_events() -> None:
    assert events(Presence("etat"), Presence("dep", arrived_at=OPEN, left_at=CLOSE)) == []


def test_a_members_quorum_counts_heads() -> None:
    rules = VotingRules(quorum_basis=QuorumBasis.MEMBERS, quorum_threshold=Fraction(1, 2))
    found = events(Presence("etat"), Presence("dep", left_at=at(16)), Presence("caf", left_at=at(16)),
                   rules=rules)
    assert found == [(at(16), "À 16 h 00, départ de Jean-Marc Delpeuch (Département) et départ de Léa Dumas "
                              "(CAF) ; le quorum n'est plus atteint (1 membre présent ou représenté sur 4, "
                              "quorum fixé à la moitié des membres).")]


def test_proxy_spans_follow_their_holder() -> None:
    """France Travail's pouvoir counts from the Département's arrival to its departure; the CAF's for the
    whole séance; MSA's (no vote) never."""
    presences = (Presence("etat"), Presence("dep", arrived_at=at(14, 50), left_at=at(15, 20)))
    proxies = (ProxyGrant("ft", "dep"), ProxyGrant("caf", "etat", rank=1), ProxyGrant("msa", "etat", rank=2))
    state = MeetingState(SEATS, presences, proxies)
    spans = proxy_spans(state, CA, opening=OPEN, closing=CLOSE)
    assert [(s.grantor.name, s.holder.name, s.start, s.end) for s in spans] == [
        ("CAF", "État", None, None), ("France Travail", "Département", at(14, 50), at(15, 20))]
