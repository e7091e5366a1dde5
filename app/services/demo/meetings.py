"""Meetings of the CA and the COPIL: 2024-2026 held, one convened, one in preparation; their decisions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionKind,
    DecisionStatus,
    MeetingStatus,
    ProjectStatus,
    VoteResult,
)
from app.domain.ids import link_id
from app.models.meeting import AgendaItem, AgendaItemProject, Decision, Meeting
from app.services.demo import agendas as ag
from app.services.demo.common import PREFECTURE, Ctx
from app.services.demo.follow_ups import write_follow_ups
from app.services.demo.governance import TWO_THIRDS, BodyRef
from app.services.demo.organisations import ACCOUNTANT, DIRECTOR, PRESIDENT
from app.services.demo.portfolio import Plan
from app.services.demo.schedule import (
    CA_CONVENED,
    CA_HELD,
    CA_TIME,
    COPIL_HELD,
    COPIL_PREPARING,
    COPIL_TIME,
    at,
)
from app.services.demo.votes import Scenario, write_attendance, write_vote

K = AgendaItemKind
DECIDED = (K.DELIBERATION, K.OPINION)
VOTED = (K.MINUTES, *DECIDED)
CA_SCENARIOS = {
    date(2024, 12, 12): Scenario(substitutes=("etat",), remote=("caf",)),
    date(2025, 3, 13): Scenario(excused=("msa",)),
    date(2026, 6, 18): Scenario(proxies=(("etat", "departement"),)),
    date(2026, 10, 8): Scenario(leaves=("caf", 4), remote=("ft",)),
}


@dataclass
class Sitting:
    """One meeting being written."""

    body: BodyRef
    day: date
    clock: time
    number: int
    status: MeetingStatus
    items: list[ag.ItemSpec]
    scenario: Scenario = Scenario()
    approved_on: date | None = None


def write_meetings(ctx: Ctx) -> None:
    """Every meeting in date order per body, so decision numbers follow the calendar."""
    bodies: dict[str, BodyRef] = ctx.refs["bodies"]
    ctx.refs["sequences"] = {}
    for sitting in _ca_sittings(ctx, bodies["CA"]):
        _write(ctx, sitting)
    for sitting in _copil_sittings(ctx, bodies["COPIL"]):
        _write(ctx, sitting)


def _ca_sittings(ctx: Ctx, body: BodyRef) -> list[Sitting]:
    """CA meetings held 2024-2026 (the last one closed, PV to approve), then the convened one."""
    sittings = []
    for index, day in enumerate(CA_HELD):
        last = index == len(CA_HELD) - 1
        sittings.append(
            Sitting(
                body,
                day,
                CA_TIME,
                _number(CA_HELD, day),
                MeetingStatus.CLOSED if last else MeetingStatus.MINUTES_APPROVED,
                _ca_items(ctx, index),
                CA_SCENARIOS.get(day, Scenario()),
                None if last else CA_HELD[index + 1],
            )
        )
    favourable = [p for p in ctx.refs["plans"] if p.status is ProjectStatus.FAVOURABLE]
    items = [
        *ag.opening_items(CA_HELD[-1]),
        ag.budget_item(CA_CONVENED),
        *_programme(ctx, favourable, opinion=False),
        ag.closing_item(),
    ]
    for item in items:
        item.target = ""  # not validated yet: the decisions are numbered drafts
    sittings.append(Sitting(body, CA_CONVENED, CA_TIME, 4, MeetingStatus.CONVENED, items))
    return sittings


def _ca_items(ctx: Ctx, index: int) -> list[ag.ItemSpec]:
    day = CA_HELD[index]
    budget = ag.budget_item(day)
    if day == date(2025, 6, 19):
        budget.abstain = ("ft",)
    batch = [p for p in ctx.refs["plans"] if p.ca_index == index]
    previous = CA_HELD[index - 1] if index else date(2023, 12, 7)
    return [
        *ag.opening_items(previous),
        budget,
        *ag.special_items(day),
        *_programme(ctx, batch, opinion=False),
        ag.closing_item(),
    ]


def _copil_sittings(ctx: Ctx, body: BodyRef) -> list[Sitting]:
    """COPIL meetings held 2024-2026 (the last one held, not closed), then one in preparation."""
    epcis = [seat.key for seat in body.seats if seat.key.startswith("epci:")]
    scenarios = {
        date(2026, 2, 24): Scenario(excused=("msa",), proxies=((epcis[1], epcis[0]),)),
        date(2026, 9, 22): Scenario(remote=("caf", "fas")),
    }
    sittings = []
    for index, day in enumerate(COPIL_HELD):
        last = index == len(COPIL_HELD) - 1
        sittings.append(
            Sitting(
                body,
                day,
                COPIL_TIME,
                _number(COPIL_HELD, day),
                MeetingStatus.HELD if last else MeetingStatus.MINUTES_APPROVED,
                _copil_items(ctx, index),
                scenarios.get(day, Scenario()),
                None if last else COPIL_HELD[index + 1],
            )
        )
    instruction = [p for p in ctx.refs["plans"] if p.status is ProjectStatus.INSTRUCTION]
    items = [
        *ag.opening_items(COPIL_HELD[-1]),
        *_programme(ctx, instruction, opinion=True),
        ag.information_item("Calendrier de l'évaluation à mi-parcours du PDI"),
        ag.closing_item(),
    ]
    sittings.append(Sitting(body, COPIL_PREPARING, COPIL_TIME, 1, MeetingStatus.PREPARING, items))
    return sittings


def _copil_items(ctx: Ctx, index: int) -> list[ag.ItemSpec]:
    day = COPIL_HELD[index]
    items = ag.opening_items(COPIL_HELD[index - 1] if index else None)
    if index == 0:
        items.append(
            ag.ItemSpec(
                K.OPINION,
                "Avis sur le diagnostic territorial partagé de l'insertion",
                articles=("Article 1 : Avis favorable au diagnostic présenté.",),
            )
        )
    items += _programme(ctx, [p for p in ctx.refs["plans"] if p.copil_index == index], opinion=True)
    if day.month == 9 and day.year >= 2025:
        items.append(ag.information_item("Point d'étape sur l'évaluation du PDI 2024-2027"))
    return [*items, ag.closing_item()]


def _number(days: tuple[date, ...], day: date) -> int:
    return sum(1 for other in days if other.year == day.year and other <= day)


def _programme(ctx: Ctx, plans: list[Plan], *, opinion: bool) -> list[ag.ItemSpec]:
    size = ctx.scale.batch
    items = []
    for start in range(0, len(plans), size):
        batch = plans[start : start + size]
        copil = batch[0].copil_index
        day = None if opinion or copil is None else COPIL_HELD[copil]
        items.append(ag.programme_item(batch, opinion=opinion, copil_day=day))
    return items


def _write(ctx: Ctx, sitting: Sitting) -> None:
    meeting_id = ctx.id("meeting", sitting.body.code, sitting.day.isoformat())
    start = at(sitting.day, sitting.clock)
    times = [start + timedelta(minutes=10 + 12 * n) for n in range(len(sitting.items) + 1)]
    held = sitting.status in (MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)
    _meeting_row(ctx, meeting_id, sitting, start, times[-1] + timedelta(minutes=15) if held else None)
    presence = None
    if held:
        presence = write_attendance(
            ctx,
            meeting_id,
            sitting.body,
            sitting.day,
            (start, times[-1] + timedelta(minutes=15)),
            sitting.scenario,
            threshold=_threshold(sitting.body),
            by_rights=sitting.body.code != "COPIL",
            item_times=times,
        )
    for position, spec in enumerate(sitting.items, start=1):
        item_id = ctx.id("agenda_item", meeting_id, position)
        _item_row(ctx, meeting_id, item_id, position, spec, done=held)
        result = None
        if presence is not None and spec.kind in VOTED:
            result = write_vote(ctx, item_id, spec, presence, position, times[position])
        if spec.kind in DECIDED and sitting.status is not MeetingStatus.PREPARING:
            _decision(ctx, sitting, item_id, spec, result)


def _threshold(body: BodyRef) -> Decimal:
    return TWO_THIRDS if body.code == "CA" else Decimal("0.5")


def _meeting_row(
    ctx: Ctx, meeting_id: uuid.UUID, sitting: Sitting, start: datetime, closed: datetime | None
) -> None:
    body = sitting.body
    secretary_seat = next(s for s in body.seats if s.key == ("caf" if body.code == "CA" else "fas"))
    ctx.add(
        Meeting,
        id=meeting_id,
        body_id=body.id,
        number=sitting.number,
        starts_at=start,
        place=(
            f"Salle de l'assemblée, Hôtel du Département, {PREFECTURE}"
            if body.code == "CA"
            else f"Maison de l'insertion, 3 allée des Tilleuls, {PREFECTURE}"
        ),
        video_link="" if body.code == "CA" else "https://visio.gip-ithm.fr/copil",
        status=sitting.status,
        chair_name=PRESIDENT,
        secretary_name=secretary_seat.representative(sitting.day)[1] if closed else "",
        opened_at=start + timedelta(minutes=5) if closed else None,
        closed_at=closed,
        convened_on=None if sitting.status is MeetingStatus.PREPARING else sitting.day - timedelta(days=21),
        minutes_approved_on=sitting.approved_on,
        guests=f"{DIRECTOR}, directrice du GIP\n{ACCOUNTANT}, agent comptable",
    )


def _item_row(
    ctx: Ctx, meeting_id: uuid.UUID, item_id: uuid.UUID, position: int, spec: ag.ItemSpec, *, done: bool
) -> None:
    summary = ""
    if done and spec.kind is not K.INFORMATION:
        summary = f"Présentation par {spec.rapporteur}. Les membres échangent sur le calendrier et le suivi."
    ctx.add(
        AgendaItem,
        id=item_id,
        meeting_id=meeting_id,
        position=position,
        kind=spec.kind,
        matter=spec.matter,
        title=spec.title,
        rapporteur=spec.rapporteur,
        status=AgendaItemStatus.DONE if done else AgendaItemStatus.PENDING,
        presentation=spec.presentation,
        financial_impact=spec.financial_impact,
        debate_summary=summary,
    )
    for plan in spec.plans:
        ctx.add(AgendaItemProject, id=link_id(item_id, plan.id), item_id=item_id, project_id=plan.id)


def _decision(
    ctx: Ctx, sitting: Sitting, item_id: uuid.UUID, spec: ag.ItemSpec, result: VoteResult | None
) -> None:
    code, year = sitting.body.code, sitting.day.year
    sequences: dict[tuple[str, int], int] = ctx.refs["sequences"]
    sequence = sequences[(code, year)] = sequences.get((code, year), 0) + 1
    decision_id = ctx.id("decision", code, year, sequence)
    status = (
        DecisionStatus.DRAFT
        if result is None
        else (
            DecisionStatus.REJECTED
            if result in (VoteResult.REJECTED, VoteResult.NO_QUORUM)
            else DecisionStatus.ADOPTED
        )
    )
    ctx.add(
        Decision,
        id=decision_id,
        body_id=sitting.body.id,
        item_id=item_id,
        year=year,
        sequence=sequence,
        number=f"{year}-{code}-{sequence:03d}",
        kind=DecisionKind.DELIBERATION if code == "CA" else DecisionKind.OPINION,
        title=spec.title,
        visas="\n".join([*ag.VISAS, *spec.visas]),
        considerations="\n".join(spec.considerations),
        articles="\n".join(spec.articles),
        status=status,
        effective_on=sitting.day if result else None,
        published_on=sitting.day + timedelta(days=7) if result else None,
    )
    ctx.refs.setdefault("decision_numbers", {})[decision_id] = f"{year}-{code}-{sequence:03d}"
    _record(ctx, spec, decision_id)
    if result is not None and sitting.status is MeetingStatus.MINUTES_APPROVED:
        number = f"{year}-{code}-{sequence:03d}"
        write_follow_ups(ctx, sitting.day, item_id, decision_id, number, spec, result)


def _record(ctx: Ctx, spec: ag.ItemSpec, decision_id: uuid.UUID) -> None:
    if spec.target == "diagnostic":
        ctx.refs["diagnostic"]["validated_by_decision_id"] = decision_id
    for plan in spec.plans:
        if spec.target == "ca":
            plan.ca_decision = decision_id
            plan.row["validated_by_decision_id"] = decision_id
        elif spec.target == "copil":
            plan.copil_decision = decision_id
