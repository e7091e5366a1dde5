"""Attendance, proxies, votes and ballots of a held meeting, with quorum checked at every item."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain.enums import AttendanceMode, AttendanceStatus, BallotChoice, MatterKind, VoteMode, VoteResult
from app.domain.ids import attendance_row_id, ballot_row_id, proxy_row_id, vote_row_id
from app.models.meeting import Attendance, Ballot, Proxy, Vote
from app.services.demo.agendas import ItemSpec
from app.services.demo.common import Ctx
from app.services.demo.governance import BodyRef, SeatRef

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scenario:
    """Who is excused, replaced, remote, represented by whom, and who leaves after which item."""

    excused: tuple[str, ...] = ()
    substitutes: tuple[str, ...] = ()
    remote: tuple[str, ...] = ()
    proxies: tuple[tuple[str, str], ...] = ()  # (grantor, holder) seat keys
    leaves: tuple[str, int] | None = None  # seat key, last item position attended


@dataclass
class Presence:
    body: BodyRef
    scenario: Scenario
    threshold: Decimal
    by_rights: bool
    holders: dict[str, str] = field(default_factory=dict)

    def participants(self, position: int) -> list[tuple[SeatRef, bool]]:
        """Voting seats taking part at item `position`: (seat, by proxy)."""
        here = {s.key for s in self.body.voters if self._present(s.key, position)}
        result = [(s, False) for s in self.body.voters if s.key in here]
        result += [(s, True) for s in self.body.voters if self.holders.get(s.key) in here]
        return result

    def _present(self, key: str, position: int) -> bool:
        if key in self.scenario.excused or key in self.holders:
            return False
        leaves = self.scenario.leaves
        return not (leaves and leaves[0] == key and position > leaves[1])

    def quorum(self, position: int) -> bool:
        seats = [seat for seat, _ in self.participants(position)]
        if self.by_rights:
            return sum((s.rights for s in seats), Decimal(0)) >= self.threshold * HUNDRED
        return Decimal(len(seats)) >= self.threshold * len(self.body.voters)


def write_attendance(
    ctx: Ctx,
    meeting_id: uuid.UUID,
    body: BodyRef,
    day: date,
    span: tuple[datetime, datetime],
    scenario: Scenario,
    *,
    threshold: Decimal,
    by_rights: bool,
    item_times: list[datetime],
) -> Presence:
    presence = Presence(body, scenario, threshold, by_rights, dict(scenario.proxies))
    for seat in body.seats:
        status, rep = _status(seat, day, scenario, presence)
        left = span[1]
        if scenario.leaves and scenario.leaves[0] == seat.key:
            left = item_times[scenario.leaves[1]] + timedelta(minutes=10)
        present = status is AttendanceStatus.PRESENT
        ctx.add(
            Attendance,
            id=attendance_row_id(meeting_id, seat.id),
            meeting_id=meeting_id,
            seat_id=seat.id,
            representative_id=rep,
            status=status,
            mode=AttendanceMode.REMOTE if seat.key in scenario.remote else AttendanceMode.ROOM,
            arrived_at=span[0] if present else None,
            left_at=left if present else None,
        )
    _proxies(ctx, meeting_id, body, day, scenario)
    return presence


def _proxies(ctx: Ctx, meeting_id: uuid.UUID, body: BodyRef, day: date, scenario: Scenario) -> None:
    seats = {s.key: s.id for s in body.seats}
    for grantor, holder in scenario.proxies:
        ctx.add(
            Proxy,
            id=proxy_row_id(meeting_id, seats[grantor]),
            meeting_id=meeting_id,
            grantor_seat_id=seats[grantor],
            holder_seat_id=seats[holder],
            received_on=day - timedelta(days=2),
        )


def _status(
    seat: SeatRef, day: date, scenario: Scenario, presence: Presence
) -> tuple[AttendanceStatus, uuid.UUID | None]:
    if seat.key in presence.holders:
        return AttendanceStatus.REPRESENTED, None
    if seat.key in scenario.excused:
        return AttendanceStatus.EXCUSED, None
    rep_id, _ = seat.representative(day, substitute=seat.key in scenario.substitutes)
    return AttendanceStatus.PRESENT, rep_id


def write_vote(
    ctx: Ctx, item_id: uuid.UUID, spec: ItemSpec, presence: Presence, position: int, voted_at: datetime
) -> VoteResult:
    """The vote on one item, as heads and % of rights; ballots for roll calls and every NPPV."""
    choices = [
        (seat, by_proxy, _choice(spec, seat.key)) for seat, by_proxy in presence.participants(position)
    ]
    heads = {choice: sum(1 for _, _, c in choices if c is choice) for choice in BallotChoice}
    rights = {
        choice: sum((s.rights for s, _, c in choices if c is choice), Decimal(0)) for choice in BallotChoice
    }
    quorum = presence.quorum(position)
    result = _result(spec.matter, heads, rights, presence.by_rights) if quorum else VoteResult.NO_QUORUM
    vote_id = vote_row_id(item_id)
    ctx.add(
        Vote,
        id=vote_id,
        item_id=item_id,
        mode=VoteMode.ROLL_CALL if spec.roll_call else VoteMode.SHOW_OF_HANDS,
        votes_for=heads[BallotChoice.FOR],
        votes_against=heads[BallotChoice.AGAINST],
        abstentions=heads[BallotChoice.ABSTAIN],
        nppv=heads[BallotChoice.NPPV],
        rights_for=rights[BallotChoice.FOR],
        rights_against=rights[BallotChoice.AGAINST],
        rights_abstaining=rights[BallotChoice.ABSTAIN],
        rights_nppv=rights[BallotChoice.NPPV],
        result=result,
        quorum_reached=quorum,
        voted_at=voted_at,
    )
    _ballots(ctx, vote_id, choices, roll_call=spec.roll_call)
    return result


def _ballots(
    ctx: Ctx, vote_id: uuid.UUID, choices: list[tuple[SeatRef, bool, BallotChoice]], *, roll_call: bool
) -> None:
    """Every seat's ballot on a roll call; otherwise only the NPPV, which are always named."""
    for seat, by_proxy, choice in choices:
        if roll_call or choice is BallotChoice.NPPV:
            ctx.add(
                Ballot,
                id=ballot_row_id(vote_id, seat.id),
                vote_id=vote_id,
                seat_id=seat.id,
                choice=choice,
                by_proxy=by_proxy,
            )


def _choice(spec: ItemSpec, key: str) -> BallotChoice:
    if key in spec.nppv:
        return BallotChoice.NPPV
    if key in spec.against:
        return BallotChoice.AGAINST
    return BallotChoice.ABSTAIN if key in spec.abstain else BallotChoice.FOR


def _result(
    matter: MatterKind, heads: dict[BallotChoice, int], rights: dict[BallotChoice, Decimal], by_rights: bool
) -> VoteResult:
    weight: dict[BallotChoice, Decimal] = rights if by_rights else {c: Decimal(n) for c, n in heads.items()}
    yes, no = weight[BallotChoice.FOR], weight[BallotChoice.AGAINST]
    if heads[BallotChoice.AGAINST] == 0 and heads[BallotChoice.ABSTAIN] == 0:
        return VoteResult.ADOPTED_UNANIMOUS
    if matter is MatterKind.MEMBERSHIP or (
        matter in (MatterKind.BUDGET, MatterKind.STATUTES) and yes * 3 < (yes + no) * 2
    ):
        return VoteResult.REJECTED
    if yes == no:
        return VoteResult.ADOPTED_CASTING  # the president votes for: voix prépondérante
    return VoteResult.ADOPTED if yes > no else VoteResult.REJECTED
