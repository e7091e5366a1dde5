"""The GIP's pool of agents and their assignments (a few overloaded on purpose: Σ FTE > quotité)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.domain.enums import AssignmentRole, EmploymentStatus, PoolFunction, ProjectStatus, TerritoryLevel
from app.domain.ids import link_id
from app.models.pool import Assignment, PoolMember, PoolMemberTerritory
from app.services.demo.common import TODAY, Ctx
from app.services.demo.names import email, person
from app.services.demo.portfolio import Plan
from app.services.demo.schedule import COPIL_HELD

F = PoolFunction
FUNCTIONS = (
    F.COORDINATOR,
    F.PROJECT_DEVELOPER,
    F.SOCIAL_ENGINEER,
    F.PROJECT_DEVELOPER,
    F.FACILITATOR,
    F.SOCIAL_ENGINEER,
    F.EVALUATION_OFFICER,
    F.PROJECT_DEVELOPER,
    F.FACILITATOR,
    F.SOCIAL_ENGINEER,
    F.PROJECT_DEVELOPER,
    F.EVALUATION_OFFICER,
    F.FACILITATOR,
    F.SOCIAL_ENGINEER,
    F.PROJECT_DEVELOPER,
)
# employer key in ctx.refs["orgs"], status; cycled over the members
EMPLOYERS = (
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("departement", EmploymentStatus.SECONDED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("ft", EmploymentStatus.SECONDED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("departement", EmploymentStatus.SECONDED),
    ("caf", EmploymentStatus.SECONDED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("etat", EmploymentStatus.DETACHED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("departement", EmploymentStatus.SECONDED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("ft", EmploymentStatus.SECONDED),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
    ("gip", EmploymentStatus.GIP_EMPLOYEE),
)
QUOTITES = (
    Decimal("1"),
    Decimal("1"),
    Decimal("0.8"),
    Decimal("1"),
    Decimal("0.5"),
    Decimal("0.9"),
    Decimal("0.8"),
    Decimal("1"),
    Decimal("0.6"),
)
SKILLS = (
    "Ingénierie de projet",
    "Animation partenariale",
    "Évaluation des politiques publiques",
    "IAE",
    "Mobilité",
    "Analyse de données",
    "Commande publique",
    "Jeunesse",
    "Logement",
    "Santé publique",
    "Fonds européens",
    "Médiation numérique",
    "Participation des personnes accompagnées",
)
S = ProjectStatus
STAFFED = (
    S.INSTRUCTION,
    S.FAVOURABLE,
    S.POSTPONED,
    S.REFUSED,
    S.VALIDATED,
    S.CONTRACTED,
    S.RUNNING,
    S.SUSPENDED,
    S.CLOSED,
    S.ABANDONED,
)
PILOTS = (F.PROJECT_DEVELOPER, F.SOCIAL_ENGINEER, F.COORDINATOR)


@dataclass(frozen=True)
class Agent:
    id: uuid.UUID
    first_name: str
    last_name: str
    function: PoolFunction
    working_time: Decimal

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def write_pool(ctx: Ctx) -> None:
    names: set[tuple[str, str]] = set()
    agents = [_member(ctx, number, names) for number in range(ctx.scale.pool)]
    ctx.refs["pool"] = agents


def _member(ctx: Ctx, number: int, names: set[tuple[str, str]]) -> Agent:
    first, last = person(ctx.rng)
    while (first, last) in names:
        first, last = person(ctx.rng)
    names.add((first, last))
    employer, status = EMPLOYERS[number % len(EMPLOYERS)]
    agent = Agent(
        ctx.id("pool_member", number),
        first,
        last,
        FUNCTIONS[number % len(FUNCTIONS)],
        ctx.rng.choice(QUOTITES),
    )
    agreement = (
        f"Convention de mise à disposition n° 2024-MAD-{number + 1:03d} du 2 janvier 2024"
        if status is EmploymentStatus.SECONDED
        else ""
    )
    ctx.add(
        PoolMember,
        id=agent.id,
        first_name=first,
        last_name=last,
        function=agent.function,
        employer_id=ctx.refs["orgs"][employer],
        employment_status=status,
        working_time=agent.working_time,
        skills=", ".join(ctx.rng.sample(SKILLS, k=3)),
        email=email(first, last, "gip-ithm.fr"),
        phone=f"05 55 {ctx.rng.randint(10, 99)} {ctx.rng.randint(10, 99)} {ctx.rng.randint(10, 99)}",
        secondment_agreement=agreement,
    )
    groups = ctx.refs["groups"][TerritoryLevel.EPCI]
    for group in ctx.rng.sample(groups, k=ctx.rng.randint(1, 2)):
        ctx.add(
            PoolMemberTerritory, id=link_id(agent.id, group.id), member_id=agent.id, territory_id=group.id
        )
    return agent


def write_assignments(ctx: Ctx) -> None:
    """One pilot per staffed project, 0 to 2 contributors; the first two developers carry too much."""
    agents: list[Agent] = ctx.refs["pool"]
    pilots = [a for a in agents if a.function in PILOTS]
    weights = [6 if number < 2 else 1 for number in range(len(pilots))]
    large = ctx.size == "large"
    for plan in ctx.refs["plans"]:
        if plan.status not in STAFFED:
            continue
        start, end = _period(plan)
        pilot = ctx.rng.choices(pilots, weights=weights, k=1)[0]
        plan.row["pilot_id"] = pilot.id
        fte = Decimal(ctx.rng.choice(("0.05", "0.1")) if large else ctx.rng.choice(("0.2", "0.3", "0.4")))
        _assign(ctx, plan, pilot, AssignmentRole.PILOT, fte, start, end)
        for other in ctx.rng.sample([a for a in agents if a is not pilot], k=ctx.rng.randint(0, 2)):
            role = (
                AssignmentRole.FACILITATOR if other.function is F.FACILITATOR else AssignmentRole.CONTRIBUTOR
            )
            fte = Decimal(
                ctx.rng.choice(("0.02", "0.05")) if large else ctx.rng.choice(("0.1", "0.15", "0.2"))
            )
            _assign(ctx, plan, other, role, fte, start, end)


def _period(plan: Plan) -> tuple[date, date]:
    start = plan.created_on + timedelta(days=15)
    if plan.status in (S.REFUSED, S.POSTPONED) and plan.copil_index is not None:
        return start, COPIL_HELD[plan.copil_index] + timedelta(days=30)
    if plan.last_change is not None:
        return start, max(start, min(plan.last_change, TODAY))
    return start, plan.row["ends_on"]


def _assign(
    ctx: Ctx, plan: Plan, agent: Agent, role: AssignmentRole, fte: Decimal, start: date, end: date
) -> None:
    ctx.add(
        Assignment,
        id=link_id(plan.id, agent.id),
        member_id=agent.id,
        project_id=plan.id,
        role=role,
        fte=fte,
        starts_on=start,
        ends_on=end,
    )
