"""Quorum, proxies and vote counting on the tricky cases of issue 4 (pure domain, no database)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import BallotChoice, MajorityKind, MatterKind, QuorumBasis, VoteResult
from app.domain.errors import DomainError
from app.domain.quorum import (
    MeetingState,
    Presence,
    ProxyGrant,
    SeatInfo,
    VotingRules,
    percent_text,
    proxy_statuses,
    quorum_at,
    standing_at,
    threshold_from_decimal,
)
from app.domain.voting import Ballot, Tally, decide, tally_ballots, vote_at

FOR, AGAINST, ABSTAIN, NPPV = BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN, BallotChoice.NPPV
OPEN = datetime(2026, 3, 12, 14, 0)
AT_15 = datetime(2026, 3, 12, 15, 0)
AT_16 = datetime(2026, 3, 12, 16, 0)

# DOMAIN.md §6: État 30 %, Département 40 %, CAF 20 %, France Travail 10 %.
SEATS = (SeatInfo("etat", "État", Decimal(30)), SeatInfo("dep", "Département", Decimal(40)),
         SeatInfo("caf", "CAF", Decimal(20)), SeatInfo("ft", "France Travail", Decimal(10)),
         SeatInfo("guest", "Agence régionale de santé", Decimal(0), has_vote=False))
CA = VotingRules(quorum_threshold=Fraction(2, 3), max_proxies=1)


def state(*presences: Presence, proxies: tuple[ProxyGrant, ...] = (), chair: str | None = "dep",
          second: bool = False, seats: tuple[SeatInfo, ...] = SEATS) -> MeetingState:
    return MeetingState(seats, presences, proxies, second, chair)


def here(*keys: str) -> tuple[Presence, ...]:
    return tuple(Presence(k) for k in keys)


def ballots(**choices: BallotChoice) -> list[Ballot]:
    return [Ballot(seat, choice) for seat, choice in choices.items()]


# Attendance and quorum -----------------------------------------------------------------------------

def test_departure_mid_meeting_breaks_the_quorum() -> None:
    s = state(Presence("etat"), Presence("dep", left_at=AT_15), Presence("caf"))
    assert quorum_at(s, CA, OPEN).reached  # 90 % ≥ ⅔
    later = quorum_at(s, CA, AT_16)
    assert not later.reached and later.rights_share == Fraction(1, 2)
    assert later.sentence().endswith(
        "Le quorum, fixé aux deux tiers des droits statutaires, n'est pas atteint.")
    assert "détenant 50\u00a0% des droits statutaires" in later.sentence()


def test_late_arrival_counts_only_from_its_arrival() -> None:
    s = state(Presence("etat"), Presence("caf"), Presence("dep", arrived_at=AT_15))
    assert not quorum_at(s, CA, OPEN).reached
    assert quorum_at(s, CA, AT_15).reached


def test_quorum_at_the_exact_threshold_is_reached() -> None:
    seats = tuple(SeatInfo(k, k, Decimal(1)) for k in "abc")
    s = state(*here("a", "b"), seats=seats, chair=None)
    assert quorum_at(s, CA, OPEN).reached  # exactly ⅔, compared as fractions


def test_quorum_on_members_disagrees_with_rights() -> None:
    s = state(*here("caf", "ft", "etat"))  # 3 of 4 members but 60 % of the rights
    by_rights = quorum_at(s, CA, OPEN)
    members = VotingRules(quorum_basis=QuorumBasis.MEMBERS, quorum_threshold=Fraction(2, 3))
    by_heads = quorum_at(s, members, OPEN)
    assert not by_rights.reached and by_heads.reached


def test_second_convocation_needs_no_quorum_unless_ruled() -> None:
    s = state(*here("ft"), second=True)
    quorum = quorum_at(s, CA, OPEN)
    assert quorum.reached and not quorum.required
    assert "seconde convocation" in quorum.sentence()
    strict = VotingRules(quorum_threshold=Fraction(2, 3), quorum_on_second_convocation=True)
    assert not quorum_at(s, strict, OPEN).reached


def test_guests_never_count() -> None:
    s = state(*here("guest", "dep", "etat"))
    standing = standing_at(s, CA, OPEN)
    assert [seat.key for seat in standing.present] == ["etat", "dep"]
    assert quorum_at(s, CA, OPEN).total_heads == 4


def test_threshold_read_from_stored_decimal() -> None:
    assert threshold_from_decimal(Decimal("0.6667")) == Fraction(2, 3)
    assert threshold_from_decimal(Decimal("0.5")) == Fraction(1, 2)


# Proxies -------------------------------------------------------------------------------------------

def test_proxy_counts_for_the_quorum_while_its_holder_stays() -> None:
    s = state(Presence("dep", left_at=AT_15), Presence("etat"), proxies=(ProxyGrant("caf", "dep"),))
    assert quorum_at(s, CA, OPEN).represented_heads == 1 and quorum_at(s, CA, OPEN).reached
    status = proxy_statuses(s, CA, AT_16)[0]
    assert not status.counts and "a quitté la séance" in status.reason
    assert quorum_at(s, CA, AT_16).rights_share == Fraction(3, 10)


def test_proxy_to_an_absent_holder_is_void() -> None:
    s = state(*here("dep"), proxies=(ProxyGrant("caf", "ft"),))
    status = proxy_statuses(s, CA, OPEN)[0]
    assert not status.counts and status.reason == "caduc : le mandataire est absent"


def test_proxies_over_the_limit_are_refused_in_order_of_receipt() -> None:
    rules = VotingRules(max_proxies=1)
    s = state(*here("dep"), proxies=(ProxyGrant("ft", "dep", rank=2), ProxyGrant("caf", "dep", rank=1)))
    statuses = {st.grant.grantor: st for st in proxy_statuses(s, rules, OPEN)}
    assert statuses["caf"].counts
    assert not statuses["ft"].counts
    assert statuses["ft"].reason == "refusé : Département détient déjà 1 pouvoir (maximum 1 par mandataire)"


def test_grantor_present_in_person_voids_its_proxy() -> None:
    s = state(*here("dep", "caf"), proxies=(ProxyGrant("caf", "dep"),))
    status = proxy_statuses(s, CA, OPEN)[0]
    assert not status.counts and "présent en personne" in status.reason
    assert len(standing_at(s, CA, OPEN).voters) == 2


def test_second_proxy_of_one_grantor_and_proxy_to_a_guest_are_refused() -> None:
    s = state(*here("dep", "etat", "guest"),
              proxies=(ProxyGrant("caf", "dep", 1), ProxyGrant("caf", "etat", 2),
                       ProxyGrant("ft", "guest", 3)))
    reasons = [st.reason for st in proxy_statuses(s, CA, OPEN)]
    assert reasons == ["", "refusé : le mandant a déjà donné un pouvoir",
                       "refusé : le mandataire n'a pas voix délibérative"]


# Votes ---------------------------------------------------------------------------------------------

def test_unanimity_of_members_present_or_represented() -> None:
    s = state(*here("dep", "etat"), proxies=(ProxyGrant("caf", "dep"),))
    outcome = vote_at(CA, s, ballots(dep=FOR, etat=FOR, caf=FOR), moment=OPEN)
    assert outcome.result is VoteResult.ADOPTED_UNANIMOUS
    assert outcome.sentence == "Adoptée à l'unanimité des membres présents ou représentés"


def test_majority_sentence_gives_rights_heads_and_names_nppv() -> None:
    s = state(*here("dep", "etat", "caf", "ft"))
    outcome = vote_at(CA, s, ballots(dep=FOR, etat=AGAINST, caf=NPPV, ft=FOR), moment=OPEN)
    assert outcome.result is VoteResult.ADOPTED and outcome.share_for == Fraction(5, 8)
    assert outcome.sentence == ("Adoptée à la majorité : 62,5\u00a0% des droits exprimés pour, "
                                "37,5\u00a0% contre ; 2 voix pour, 1 contre ; NPPV : CAF")


def test_weighted_rights_and_head_counts_disagree() -> None:
    s = state(*here("dep", "etat", "caf", "ft"))
    votes = ballots(dep=FOR, etat=AGAINST, caf=AGAINST, ft=AGAINST)  # 40 % for, but 1 head against 3
    assert vote_at(CA, s, votes, moment=OPEN).result is VoteResult.REJECTED
    votes = ballots(dep=FOR, etat=FOR, caf=AGAINST, ft=AGAINST)  # 70 % for, 2 heads against 2
    assert vote_at(CA, s, votes, moment=OPEN).result is VoteResult.ADOPTED
    by_heads = VotingRules(quorum_threshold=Fraction(2, 3), weighted=False, casting_vote=False)
    outcome = vote_at(by_heads, s, votes, moment=OPEN)
    assert outcome.result is VoteResult.REJECTED and outcome.tie


def test_tie_with_casting_vote_of_the_chair() -> None:
    s = state(*here("dep", "etat", "caf", "ft"))
    votes = ballots(dep=FOR, ft=FOR, etat=AGAINST, caf=AGAINST)  # 50 % / 50 %
    outcome = vote_at(CA, s, votes, moment=OPEN)
    assert outcome.result is VoteResult.ADOPTED_CASTING and outcome.tie
    assert outcome.sentence.startswith("Adoptée avec la voix prépondérante du président : partage des voix")


def test_tie_without_casting_vote_is_rejected() -> None:
    s = state(*here("dep", "etat", "caf", "ft"))
    votes = ballots(dep=FOR, ft=FOR, etat=AGAINST, caf=AGAINST)
    rules = VotingRules(casting_vote=False)
    outcome = vote_at(rules, s, votes, moment=OPEN)
    assert outcome.result is VoteResult.REJECTED
    assert outcome.sentence.startswith("Rejetée : partage des voix")
    assert outcome.sentence.endswith("le président n'ayant pas de voix prépondérante")


def test_tie_when_the_chair_voted_against_or_abstained() -> None:
    s = state(*here("dep", "etat", "caf", "ft"), chair="etat")
    votes = ballots(dep=FOR, ft=FOR, etat=AGAINST, caf=AGAINST)
    assert "s'étant portée contre" in vote_at(CA, s, votes, moment=OPEN).sentence
    tally = Tally(votes_for=1, votes_against=1, abstentions=1, rights_for=Decimal(30),
                  rights_against=Decimal(30), rights_abstaining=Decimal(40), chair_choice=ABSTAIN)
    outcome = decide(CA, tally)
    assert outcome.result is VoteResult.REJECTED and "ni pour ni contre" in outcome.sentence


def test_abstentions_counted_or_not() -> None:
    tally = Tally(votes_for=1, votes_against=1, abstentions=1, rights_for=Decimal(40),
                  rights_against=Decimal(30), rights_abstaining=Decimal(30))
    assert decide(VotingRules(), tally).result is VoteResult.ADOPTED  # 40 against 30
    counted = decide(VotingRules(abstentions_counted=True), tally)  # 40 of 100 cast: no majority
    assert counted.result is VoteResult.REJECTED and counted.share_for == Fraction(2, 5)
    assert "30\u00a0% d'abstention" in counted.sentence


def test_unanimity_rule_and_abstentions() -> None:
    rules = VotingRules(majorities=((MatterKind.STATUTES, MajorityKind.UNANIMITY),))
    tally = Tally(votes_for=3, abstentions=1, rights_for=Decimal(80), rights_abstaining=Decimal(20))
    outcome = decide(rules, tally, matter=MatterKind.STATUTES)
    assert outcome.result is VoteResult.ADOPTED_UNANIMOUS
    assert outcome.sentence == "Adoptée à l'unanimité des suffrages exprimés (1 abstention)"
    strict = VotingRules(abstentions_counted=True, majorities=rules.majorities)
    outcome = decide(strict, tally, matter=MatterKind.STATUTES)
    assert outcome.result is VoteResult.REJECTED and "unanimité requise" in outcome.sentence
    against = Tally(votes_for=3, votes_against=1, rights_for=Decimal(90), rights_against=Decimal(10))
    assert decide(rules, against, matter=MatterKind.STATUTES).result is VoteResult.REJECTED


def test_two_thirds_at_the_exact_boundary() -> None:
    rules = VotingRules(majorities=((MatterKind.BUDGET, MajorityKind.TWO_THIRDS),))
    exact = Tally(votes_for=2, votes_against=1, rights_for=Decimal("66.66"), rights_against=Decimal("33.33"))
    outcome = decide(rules, exact, matter=MatterKind.BUDGET)  # 6666/9999 is exactly ⅔
    assert outcome.result is VoteResult.ADOPTED and outcome.share_for == Fraction(2, 3)
    assert outcome.sentence.startswith("Adoptée à la majorité des deux tiers : 66,7\u00a0%")
    below = Tally(votes_for=2, votes_against=1, rights_for=Decimal("66.66"), rights_against=Decimal("33.34"))
    outcome = decide(rules, below, matter=MatterKind.BUDGET)  # 0.6666 < ⅔ although it prints 66,7 %
    assert outcome.result is VoteResult.REJECTED and "deux tiers n'est pas atteinte" in outcome.sentence


def test_no_quorum_and_no_cast_vote() -> None:
    s = state(*here("ft"))
    outcome = vote_at(CA, s, ballots(ft=FOR), moment=OPEN)
    assert outcome.result is VoteResult.NO_QUORUM and outcome.sentence == "Non délibérée : quorum non atteint"
    only_nppv = decide(CA, Tally(nppv=2, rights_nppv=Decimal(50), nppv_names=("CAF", "État")))
    assert only_nppv.result is VoteResult.REJECTED
    assert only_nppv.sentence == "Rejetée : aucun suffrage exprimé ; NPPV : CAF, État"


def test_ballot_of_a_departed_member_or_through_a_void_proxy_is_refused() -> None:
    s = state(Presence("dep", left_at=AT_15), Presence("etat"), Presence("caf"),
              proxies=(ProxyGrant("ft", "dep"),))
    assert vote_at(CA, s, ballots(dep=FOR, ft=FOR, etat=FOR), moment=OPEN).adopted
    with pytest.raises(DomainError, match="Département n'est pas recevable"):
        vote_at(CA, s, ballots(dep=FOR, etat=FOR), moment=AT_16)
    with pytest.raises(DomainError, match="France Travail n'est pas recevable"):
        vote_at(CA, s, ballots(ft=FOR, etat=FOR), moment=AT_16)
    with pytest.raises(DomainError, match="deux fois"):
        vote_at(CA, s, [Ballot("etat", FOR), Ballot("etat", AGAINST)], moment=OPEN)


def test_unanimity_of_those_taking_part_when_a_member_is_nppv() -> None:
    tally = Tally(votes_for=3, nppv=1, rights_for=Decimal(80), rights_nppv=Decimal(20), nppv_names=("CAF",))
    outcome = decide(CA, tally)
    assert outcome.result is VoteResult.ADOPTED_UNANIMOUS
    assert outcome.sentence == "Adoptée à l'unanimité des membres ayant pris part au vote ; NPPV : CAF"


def test_masculine_wording_for_an_avis() -> None:
    outcome = decide(CA, Tally(votes_for=1, rights_for=Decimal(40)), feminine=False)
    assert outcome.sentence == "Adopté à l'unanimité des membres présents ou représentés"


def test_percent_text_rounds_half_up() -> None:
    assert percent_text(Fraction(2, 3)) == "66,7\u00a0%"
    assert percent_text(Fraction(1, 2)) == "50\u00a0%"
    assert percent_text(Fraction(1, 8)) == "12,5\u00a0%"
    assert percent_text(Fraction(1, 2000)) == "0,1\u00a0%"


# Properties ----------------------------------------------------------------------------------------

KEYS = [f"m{i}" for i in range(8)]
CHOICES = st.sampled_from(list(BallotChoice))
RULES = st.builds(VotingRules, abstentions_counted=st.booleans(), casting_vote=st.booleans(),
                  weighted=st.booleans(),
                  majorities=st.sampled_from(list(MajorityKind)).map(lambda m: ((MatterKind.ORDINARY, m),)))


@st.composite
def voting_rounds(draw: st.DrawFn) -> tuple[MeetingState, list[Ballot]]:
    rights = draw(st.lists(st.integers(1, 40), min_size=2, max_size=len(KEYS)))
    seats = tuple(SeatInfo(k, k.upper(), Decimal(r)) for k, r in zip(KEYS, rights, strict=False))
    votes = [Ballot(seat.key, draw(CHOICES)) for seat in seats]
    chair = draw(st.sampled_from([None, *[s.key for s in seats]]))
    return MeetingState(seats, tuple(Presence(s.key) for s in seats), chair=chair), votes


@given(voting_rounds(), RULES, st.randoms())
def test_result_does_not_depend_on_ballot_order(round_: tuple[MeetingState, list[Ballot]],
                                                rules: VotingRules, rnd: object) -> None:
    s, votes = round_
    shuffled = list(votes)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert vote_at(rules, s, votes, moment=OPEN) == vote_at(rules, s, shuffled, moment=OPEN)


@given(voting_rounds(), RULES)
def test_nppv_seats_never_change_the_result_nor_the_base(round_: tuple[MeetingState, list[Ballot]],
                                                         rules: VotingRules) -> None:
    s, votes = round_
    without_nppv = [b for b in votes if b.choice is not NPPV]
    full = decide(rules, tally_ballots(s, votes))
    bare = decide(rules, tally_ballots(s, without_nppv))
    assert full.result is bare.result
    assert (full.share_for, full.share_against) == (bare.share_for, bare.share_against)


@given(voting_rounds(), RULES)
def test_equal_rights_weighted_equals_one_head_one_vote(round_: tuple[MeetingState, list[Ballot]],
                                                        rules: VotingRules) -> None:
    s, votes = round_
    seats = tuple(SeatInfo(x.key, x.name, Decimal(5)) for x in s.seats)
    equal = MeetingState(seats, s.presences, chair=s.chair)
    weighted = decide(VotingRules(**{**rules.__dict__, "weighted": True}), tally_ballots(equal, votes))
    heads = decide(VotingRules(**{**rules.__dict__, "weighted": False}), tally_ballots(equal, votes))
    assert (weighted.result, weighted.share_for) == (heads.result, heads.share_for)


@st.composite
def proxied_meetings(draw: st.DrawFn) -> tuple[MeetingState, VotingRules]:
    seats = tuple(SeatInfo(k, k.upper(), Decimal(draw(st.integers(1, 30)))) for k in KEYS)
    present = draw(st.sets(st.sampled_from(KEYS)))
    grants = draw(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(KEYS)), max_size=10))
    proxies = tuple(ProxyGrant(g, h, rank) for rank, (g, h) in enumerate(grants))
    rules = VotingRules(max_proxies=draw(st.integers(0, 3)), quorum_threshold=Fraction(1, 2))
    return MeetingState(seats, tuple(Presence(k) for k in sorted(present)), proxies), rules


@given(proxied_meetings())
def test_counted_proxies_respect_every_rule(meeting: tuple[MeetingState, VotingRules]) -> None:
    s, rules = meeting
    present = {p.seat for p in s.presences}
    counted = [st.grant for st in proxy_statuses(s, rules, OPEN) if st.counts]
    assert all(g.holder in present and g.grantor not in present and g.holder != g.grantor for g in counted)
    assert len({g.grantor for g in counted}) == len(counted)  # one proxy per grantor
    holders = [g.holder for g in counted]
    assert all(holders.count(h) <= rules.max_proxies for h in holders)
    assert all(st.reason for st in proxy_statuses(s, rules, OPEN) if not st.counts)  # always a reason


@given(proxied_meetings(), st.sampled_from(KEYS))
def test_one_more_member_present_never_lowers_the_quorum(meeting: tuple[MeetingState, VotingRules],
                                                          key: str) -> None:
    s, rules = meeting
    more = MeetingState(s.seats, (*s.presences, Presence(key)), s.proxies)
    before, after = quorum_at(s, rules, OPEN), quorum_at(more, rules, OPEN)
    assert after.rights_share >= before.rights_share and (after.reached or not before.reached)
