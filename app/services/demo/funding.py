"""Co-funding lines per project, funder and year; members' statutory contributions and their payments."""

from __future__ import annotations

import uuid
from datetime import date

from app.domain.enums import FundingNature, FundingStatus, ProjectStatus
from app.models.funding import ContributionPayment, FundingLine, MemberContribution
from app.services.demo.common import Ctx
from app.services.demo.portfolio import Plan

S, FS = ProjectStatus, FundingStatus
FUNDERS = ("departement", "etat", "caf", "ft", "fse", "epci")
FUNDER_WEIGHTS = (10, 7, 5, 4, 3, 3)
BEFORE_DECISION = {
    S.IDEA: FS.PLANNED,
    S.INSTRUCTION: FS.REQUESTED,
    S.FAVOURABLE: FS.REQUESTED,
    S.POSTPONED: FS.REQUESTED,
    S.REFUSED: FS.REQUESTED,
    S.VALIDATED: FS.NOTIFIED,
    S.CONTRACTED: FS.COMMITTED,
}
# member key, called in euros for 2024 (+2 % a year), in kind in euros and its description
CONTRIBUTIONS = (
    ("departement", 620_000, 165_000, "Mise à disposition de trois agents (2,6 ETP)"),
    ("etat", 450_000, 62_000, "Détachement d'un agent de la DDETS"),
    ("caf", 300_000, 58_000, "Mise à disposition d'une conseillère"),
    ("ft", 160_000, 120_000, "Mise à disposition de deux conseillers"),
    ("msa", 25_000, 0, ""),
)
UNPAID_2026 = {"departement": 0.6, "ft": 0.5, "msa": 0.0}  # share paid so far in 2026


def write_funding(ctx: Ctx) -> None:
    for plan in ctx.refs["plans"]:
        years = _years(plan)
        funders = _funders(ctx, plan)
        for year in years:
            shares = _split(ctx, plan.annual_cents, len(funders))
            for number, (funder_id, key) in enumerate(funders):
                _line(ctx, plan, year, number, funder_id, key, shares[number])


def _years(plan: Plan) -> list[int]:
    start: date = plan.row["starts_on"]
    end: date = plan.row["ends_on"]
    if plan.status is S.ABANDONED and plan.last_change is not None:
        end = plan.last_change
    return list(range(max(start.year, 2024), min(end.year, 2027) + 1))


def _funders(ctx: Ctx, plan: Plan) -> list[tuple[uuid.UUID, str]]:
    keys: list[str] = []
    wanted = ctx.rng.randint(2, 4)
    while len(keys) < wanted:
        key = ctx.rng.choices(FUNDERS, weights=FUNDER_WEIGHTS, k=1)[0]
        if key not in keys:
            keys.append(key)
    orgs = ctx.refs["orgs"]
    epcis = [key for key in orgs if key.startswith("epci:")]
    return [(orgs[key] if key != "epci" else orgs[ctx.rng.choice(epcis)], key) for key in keys]


def _split(ctx: Ctx, total: int, parts: int) -> list[int]:
    """Shares in whole hundreds of euros summing exactly to `total` cents."""
    weights = [ctx.rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [int(total * w / sum(weights)) // 10_000 * 10_000 for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _line(ctx: Ctx, plan: Plan, year: int, number: int, funder_id: uuid.UUID, key: str, cents: int) -> None:
    status = _status(plan, year)
    decided = status not in (FS.PLANNED, FS.REQUESTED)
    numbers: dict[uuid.UUID, str] = ctx.refs["decision_numbers"]
    reference = numbers.get(plan.ca_decision, "") if decided and plan.ca_decision else ""
    if status in (FS.COMMITTED, FS.PAID, FS.SETTLED):
        reference += f" ; convention n° {year}-{plan.index + 1:04d}"
    nature = FundingNature.STAFF if key == "departement" and plan.index % 7 == 3 else FundingNature.CASH
    ctx.add(
        FundingLine,
        id=ctx.id("funding_line", plan.index, year, number),
        project_id=plan.id,
        funder_id=funder_id,
        fiscal_year=year,
        amount_cents=cents,
        nature=nature,
        status=status,
        act_reference=reference.strip(" ;"),
        decision_id=plan.ca_decision if decided else None,
    )


def _status(plan: Plan, year: int) -> FundingStatus:
    if plan.status in BEFORE_DECISION:
        return BEFORE_DECISION[plan.status]
    if plan.status is S.CLOSED or year <= 2024:
        return FS.SETTLED
    if year == 2025:
        return FS.PAID
    if year == 2026:
        return FS.PAID if plan.status in (S.RUNNING, S.ABANDONED) else FS.COMMITTED
    return FS.COMMITTED if plan.status in (S.RUNNING, S.SUSPENDED) else FS.PLANNED


def write_contributions(ctx: Ctx) -> None:
    """Members' contributions 2024-2026: paid in two instalments, 2026 not fully paid by everyone."""
    orgs = ctx.refs["orgs"]
    for key, called, in_kind, description in CONTRIBUTIONS:
        for year in (2024, 2025, 2026):
            growth = 1.02 ** (year - 2024)
            called_cents = round(called * growth) * 100
            contribution_id = ctx.id("contribution", key, year)
            ctx.add(
                MemberContribution,
                id=contribution_id,
                organisation_id=orgs[key],
                year=year,
                called_cents=called_cents,
                in_kind_cents=round(in_kind * growth) * 100,
                in_kind_description=description,
            )
            _payments(ctx, contribution_id, key, year, called_cents)


def _payments(ctx: Ctx, contribution_id: uuid.UUID, key: str, year: int, called: int) -> None:
    paid_share = UNPAID_2026.get(key, 1.0) if year == 2026 else 1.0
    first = called * 60 // 100
    instalments = [(date(year, 4, 15), first), (date(year, 10, 15), called - first)]
    if paid_share < 1.0:
        instalments = instalments[:1] if paid_share > 0 else []
    for number, (day, cents) in enumerate(instalments, start=1):
        ctx.add(
            ContributionPayment,
            id=ctx.id("contribution_payment", key, year, number),
            contribution_id=contribution_id,
            paid_on=day,
            amount_cents=cents,
            reference=f"Titre de recette n° {year}-{ctx.rng.randint(100, 999)}",
        )
