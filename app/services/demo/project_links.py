"""What hangs from a project: axes, needs, territories, partners, services, milestones and risks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.domain.enums import MilestoneStatus, ProjectStatus
from app.domain.ids import link_id
from app.models.project import (
    Milestone,
    ProjectAxis,
    ProjectNeed,
    ProjectPartner,
    ProjectRisk,
    ProjectService,
    ProjectTerritory,
)
from app.services.demo.catalogue import MILESTONES, RISKS
from app.services.demo.common import TODAY, Ctx

if TYPE_CHECKING:
    from app.services.demo.portfolio import Plan

S = ProjectStatus
STARTED = (S.RUNNING, S.SUSPENDED, S.CLOSED, S.ABANDONED)
PARTNER_ROLES = ("Prescripteur", "Partenaire opérationnel", "Cofinanceur", "Appui technique")
SERVICE_ROLES = (
    "Orientation des bénéficiaires",
    "Mise à disposition d'un référent",
    "Appui à l'instruction",
    "Participation au comité de suivi",
)


def write_project_links(ctx: Ctx, plans: list[Plan]) -> None:
    for plan in plans:
        _axes(ctx, plan)
        _needs(ctx, plan)
        for territory_id in plan.territories:
            ctx.add(
                ProjectTerritory,
                id=link_id(plan.id, territory_id),
                project_id=plan.id,
                territory_id=territory_id,
            )
        _partners(ctx, plan)
        _milestones(ctx, plan)
        _risks(ctx, plan)


def _axes(ctx: Ctx, plan: Plan) -> None:
    axes = ctx.refs["axes"]
    targets = [axes["pdi"][plan.template.action]]
    if plan.template.pacte:
        targets.append(axes["pacte"][plan.template.pacte])
    for axis_id in targets:
        ctx.add(ProjectAxis, id=link_id(plan.id, axis_id), project_id=plan.id, axis_id=axis_id)


def _needs(ctx: Ctx, plan: Plan) -> None:
    need_ids = {code: need_id for need_id, code, _ in ctx.refs["needs"]}
    for code in plan.template.needs:
        ctx.add(ProjectNeed, id=link_id(plan.id, need_ids[code]), project_id=plan.id, need_id=need_ids[code])


def _partners(ctx: Ctx, plan: Plan) -> None:
    partners = ctx.rng.sample(ctx.refs["partners"], k=ctx.rng.randint(1, 2))
    for number, org_id in enumerate(partners):
        role = plan.template.partner_role if number == 0 else ctx.rng.choice(PARTNER_ROLES)
        ctx.add(
            ProjectPartner, id=link_id(plan.id, org_id), project_id=plan.id, organisation_id=org_id, role=role
        )
    for service_id in ctx.rng.sample(ctx.refs["services"], k=ctx.rng.randint(0, 2)):
        ctx.add(
            ProjectService,
            id=link_id(plan.id, service_id),
            project_id=plan.id,
            service_id=service_id,
            contribution=ctx.rng.choice(SERVICE_ROLES),
        )


def _milestones(ctx: Ctx, plan: Plan) -> None:
    start: date = plan.row["starts_on"]
    end: date = plan.row["ends_on"]
    offsets = (-30, 30, 60, (end - start).days // 2, 365, (end - start).days)
    for number, (title, offset) in enumerate(zip(MILESTONES, offsets, strict=True)):
        due = start + timedelta(days=offset)
        ctx.add(
            Milestone,
            id=ctx.id("milestone", plan.index, number),
            project_id=plan.id,
            title=title,
            due_on=due,
            status=_milestone_status(ctx, plan, due),
        )


def _milestone_status(ctx: Ctx, plan: Plan, due: date) -> MilestoneStatus:
    if plan.status is S.ABANDONED and plan.last_change and due > plan.last_change:
        return MilestoneStatus.CANCELLED
    if due >= TODAY or plan.status not in STARTED:
        return MilestoneStatus.LATE if plan.status is S.SUSPENDED and due < TODAY else MilestoneStatus.PLANNED
    return MilestoneStatus.LATE if ctx.rng.random() < 0.12 else MilestoneStatus.DONE


def _risks(ctx: Ctx, plan: Plan) -> None:
    for number, (description, mitigation) in enumerate(ctx.rng.sample(RISKS, k=ctx.rng.randint(1, 2))):
        ctx.add(
            ProjectRisk,
            id=ctx.id("risk", plan.index, number),
            project_id=plan.id,
            description=description,
            likelihood=ctx.rng.randint(1, 4),
            impact=ctx.rng.randint(1, 4),
            mitigation=mitigation,
        )
