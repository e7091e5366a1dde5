"""Frameworks (PDI, Pacte) with their axis trees, and the projects (fiches action) with their plans."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.enums import FrameworkKind, Novelty, ProjectStatus, TerritoryLevel
from app.models.framework import Axis, Framework
from app.models.project import Project
from app.services.demo.catalogue import PACTE_AXES, PDI_AXES, TEMPLATES, Template
from app.services.demo.common import DEPT_NAME, TODAY, Ctx, Row
from app.services.demo.project_links import write_project_links
from app.services.demo.schedule import CA_HELD, COPIL_HELD, copil_before

S = ProjectStatus
SMALL_MIX = (
    (S.IDEA, 2),
    (S.INSTRUCTION, 3),
    (S.FAVOURABLE, 3),
    (S.POSTPONED, 2),
    (S.REFUSED, 2),
    (S.VALIDATED, 3),
    (S.CONTRACTED, 3),
    (S.RUNNING, 7),
    (S.SUSPENDED, 2),
    (S.CLOSED, 2),
    (S.ABANDONED, 1),
)
VALIDATED_OR_LATER = (S.VALIDATED, S.CONTRACTED, S.RUNNING, S.SUSPENDED, S.CLOSED, S.ABANDONED)
# Which CA meeting (index in CA_HELD) may have validated a project now in this status.
CA_CHOICES = {
    S.VALIDATED: (8,),
    S.CONTRACTED: (6, 7),
    S.RUNNING: (0, 1, 2, 3, 4, 5, 6),
    S.SUSPENDED: (1, 2, 3, 4, 5),
    S.CLOSED: (0, 1, 2),
    S.ABANDONED: (2, 3, 4, 5),
}
# Preferred carriers per template: a key of ctx.refs["orgs"] or an index in ctx.refs["carriers"].
CARRIER_HINTS: tuple[str | int, ...] = (
    "departement",
    "ft",
    3,
    "gip",
    2,
    2,
    13,
    11,
    15,
    14,
    6,
    "gip",
    "gip",
    "gip",
    1,
    7,
    5,
    2,
    1,
    9,
    7,
    "ft",
)
DEPT_WIDE = (0, 1, 11, 13)
NEXT_START = date(2027, 1, 1)


@dataclass
class Plan:
    """A project as the later steps need it (history, meetings, funding, pool)."""

    index: int
    id: uuid.UUID
    template: Template
    status: ProjectStatus
    row: Row
    created_on: date
    ca_index: int | None = None  # validating CA meeting (CA_HELD)
    copil_index: int | None = None  # COPIL opinion (COPIL_HELD)
    last_change: date | None = None  # suspension, closure or abandonment
    territories: list[uuid.UUID] = field(default_factory=list)
    annual_cents: int = 0
    carrier_key: str = ""  # a member's key when a member carries the project (NPPV at its validation)
    ca_decision: uuid.UUID | None = None
    copil_decision: uuid.UUID | None = None


def write_frameworks(ctx: Ctx) -> None:
    """The PDI 2019-2023 (replaced), the PDI 2024-2027 and the Pacte local des solidarités, with axes."""
    old = ctx.id("framework", "PDI 2019-2023")
    ctx.add(
        Framework,
        id=old,
        code="PDI 2019-2023",
        title=f"Programme départemental d'insertion {DEPT_NAME} 2019-2023",
        kind=FrameworkKind.PDI,
        starts_on=date(2019, 1, 1),
        ends_on=date(2023, 12, 31),
    )
    pdi = _framework(
        ctx,
        "PDI 2024-2027",
        f"Programme départemental d'insertion {DEPT_NAME} 2024-2027",
        FrameworkKind.PDI,
        PDI_AXES,
        replaces=old,
    )
    pacte = _framework(
        ctx, "PLS 2024-2027", "Pacte local des solidarités 2024-2027", FrameworkKind.PACTE, PACTE_AXES
    )
    ctx.refs["frameworks"] = {"pdi": pdi, "pacte": pacte}


def _framework(
    ctx: Ctx,
    code: str,
    title: str,
    kind: FrameworkKind,
    axes: tuple[tuple[str, str], ...],
    *,
    replaces: uuid.UUID | None = None,
) -> uuid.UUID:
    framework_id = ctx.id("framework", code)
    ctx.add(
        Framework,
        id=framework_id,
        code=code,
        title=title,
        kind=kind,
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
        replaces_id=replaces,
    )
    ids: dict[str, uuid.UUID] = {}
    for number, axis_title in axes:
        ids[number] = ctx.id("axis", code, number)
        parent = number.rpartition(".")[0]
        ctx.add(
            Axis,
            id=ids[number],
            framework_id=framework_id,
            parent_id=ids.get(parent),
            number=number,
            title=axis_title,
            position=int(number.rpartition(".")[2]),
        )
    ctx.refs.setdefault("axes", {})[kind.value] = ids
    return framework_id


def write_projects(ctx: Ctx) -> None:
    """Plan every project (status, dates, meetings), queue its row and its links."""
    statuses = _statuses(ctx)
    uses: dict[int, int] = {}
    per_action: dict[str, int] = {}  # codes number the projects of an action: several templates share one
    plans = []
    for index, status in enumerate(statuses):
        template_index = (
            index % len(TEMPLATES) if index < 2 * len(TEMPLATES) else ctx.rng.randrange(len(TEMPLATES))
        )
        use = uses[template_index] = uses.get(template_index, 0) + 1
        action = TEMPLATES[template_index].action
        per_action[action] = per_action.get(action, 0) + 1
        plans.append(_plan(ctx, index, template_index, (use, per_action[action]), status))
        if index % 500 == 0:
            ctx.progress.step(index, len(statuses), "Projets")
    ctx.refs["plans"] = plans
    write_project_links(ctx, plans)


def _statuses(ctx: Ctx) -> list[ProjectStatus]:
    if ctx.scale.projects == sum(n for _, n in SMALL_MIX):
        statuses = [status for status, count in SMALL_MIX for _ in range(count)]
        ctx.rng.shuffle(statuses)
        return statuses
    kinds, weights = zip(*SMALL_MIX, strict=True)
    return [*kinds, *ctx.rng.choices(kinds, weights=weights, k=ctx.scale.projects - len(kinds))]


def _plan(ctx: Ctx, index: int, template_index: int, uses: tuple[int, int], status: ProjectStatus) -> Plan:
    template = TEMPLATES[template_index]
    use, number = uses
    project_id = ctx.id("project", index)
    territory, territories = _territories(ctx, template_index, use)
    title = template.title if use == 1 else f"{template.title} – {territory}"
    annual = ctx.rng.randint(30, 400) * 100_000
    row = ctx.add(
        Project,
        id=project_id,
        code=f"FA-{template.action}-{number:02d}",
        title=title,
        summary=f"Fiche action de l'action {template.action} du PDI 2024-2027 : {title}.",
        objectives=template.objectives,
        target_public=template.public,
        target_volume=ctx.rng.randint(*template.volume),
        status=status,
        novelty=Novelty.NEW if ctx.rng.random() < 0.6 else Novelty.REINFORCED,
    )
    plan = Plan(index, project_id, template, status, row, TODAY, territories=territories, annual_cents=annual)
    row["carrier_id"], plan.carrier_key = _carrier(ctx, template_index, use)
    _schedule(ctx, plan)
    return plan


def _territories(ctx: Ctx, template_index: int, use: int) -> tuple[str, list[uuid.UUID]]:
    groups = ctx.refs["groups"]
    if use == 1 and template_index in DEPT_WIDE:
        return DEPT_NAME, [ctx.refs["dept"].id]
    if use == 1:
        epcis = ctx.rng.sample(groups[TerritoryLevel.EPCI], k=ctx.rng.randint(1, 2))
        return epcis[0].name, [g.id for g in epcis]
    bassin = groups[TerritoryLevel.BASSIN][use % len(groups[TerritoryLevel.BASSIN])]
    return bassin.name.replace("Bassin d'emploi de ", "bassin de "), [bassin.id]


def _carrier(ctx: Ctx, template_index: int, use: int) -> tuple[uuid.UUID, str]:
    carriers: list[uuid.UUID] = ctx.refs["carriers"]
    hint = CARRIER_HINTS[template_index]
    if use > 1:
        return ctx.rng.choice(carriers), ""
    if isinstance(hint, str):
        return ctx.refs["orgs"][hint], hint
    return carriers[min(hint, len(carriers) - 1)], ""


def _schedule(ctx: Ctx, plan: Plan) -> None:
    """Dates consistent with the status: meetings that gave the opinion and the validation."""
    rng, status, row = ctx.rng, plan.status, plan.row
    row["starts_on"], row["ends_on"] = NEXT_START, date(2028, 12, 31)
    if status in VALIDATED_OR_LATER:
        plan.ca_index = rng.choice(CA_CHOICES[status])
        validated = CA_HELD[plan.ca_index]
        plan.copil_index = copil_before(validated)
        plan.created_on = COPIL_HELD[plan.copil_index] - timedelta(days=rng.randint(60, 150))
        _run_dates(ctx, plan, validated)
    elif status in (S.FAVOURABLE, S.POSTPONED, S.REFUSED):
        plan.copil_index = 5 if status is S.FAVOURABLE else rng.choice((4, 5))
        plan.created_on = COPIL_HELD[plan.copil_index] - timedelta(days=rng.randint(60, 150))
    else:
        plan.created_on = TODAY - timedelta(days=rng.randint(20, 90 if status is S.IDEA else 200))


def _run_dates(ctx: Ctx, plan: Plan, validated: date) -> None:
    rng, status, row = ctx.rng, plan.status, plan.row
    if status in (S.VALIDATED, S.CONTRACTED):
        return
    start = _first_of_next_month(validated + timedelta(days=45))
    row["starts_on"] = start
    row["ends_on"] = date(start.year + rng.choice((2, 3)), start.month, 1) - timedelta(days=1)
    if status is S.CLOSED:
        row["ends_on"] = rng.choice((date(2025, 12, 31), date(2026, 6, 30)))
        plan.last_change = row["ends_on"] + timedelta(days=rng.randint(20, 60))
        row["final_report"] = (
            "Objectifs atteints à 85 % ; 70 % des personnes accompagnées en emploi ou en "
            "formation à six mois. L'action est reprise dans le droit commun du porteur."
        )
    elif status is S.SUSPENDED:
        plan.last_change = date(2026, rng.randint(5, 9), rng.randint(1, 28))
    elif status is S.ABANDONED:
        plan.last_change = min(TODAY, validated + timedelta(days=rng.randint(200, 300)))
        row["ends_on"] = plan.last_change


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
