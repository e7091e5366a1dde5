"""Status-change history of every project, consistent with its current status and its decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from app.domain.enums import ProjectStatus
from app.models.project import ProjectStatusChange
from app.services.demo.common import Ctx
from app.services.demo.organisations import DIRECTOR
from app.services.demo.portfolio import Plan
from app.services.demo.schedule import CA_HELD, COPIL_HELD

S = ProjectStatus
Step = tuple[ProjectStatus, date, uuid.UUID | None, str]
COMMENTS = {
    S.INSTRUCTION: "Dossier complet : instruction technique par le pool.",
    S.FAVOURABLE: "Avis favorable du comité de pilotage.",
    S.POSTPONED: "Ajourné par le comité de pilotage : plan de financement à consolider.",
    S.REFUSED: "Avis défavorable : action redondante avec l'offre existante sur le territoire.",
    S.VALIDATED: "Validé par le conseil d'administration.",
    S.CONTRACTED: "Convention signée avec le porteur.",
    S.RUNNING: "Démarrage opérationnel de l'action.",
    S.SUSPENDED: "Suspendu : départ de la coordinatrice du porteur, recrutement en cours.",
    S.CLOSED: "Bilan final remis ; action close.",
    S.ABANDONED: "Le porteur renonce à l'action (difficultés de recrutement).",
}


def write_history(ctx: Ctx) -> None:
    for plan in ctx.refs["plans"]:
        previous = S.IDEA
        for number, (status, day, decision, author) in enumerate(_steps(plan)):
            ctx.add(
                ProjectStatusChange,
                id=ctx.id("status_change", plan.index, number),
                project_id=plan.id,
                from_status=previous,
                to_status=status,
                changed_at=datetime.combine(day, time(10, 0)),
                changed_by=author,
                decision_id=decision,
                comment=COMMENTS[status],
            )
            previous = status


def _steps(plan: Plan) -> list[Step]:
    """The transitions that lead to the plan's status, in date order."""
    if plan.status is S.IDEA:
        return []
    steps: list[Step] = [(S.INSTRUCTION, plan.created_on + timedelta(days=20), None, "Pool – instruction")]
    if plan.status is S.INSTRUCTION or plan.copil_index is None:
        return steps
    copil = COPIL_HELD[plan.copil_index]
    if plan.status in (S.POSTPONED, S.REFUSED):
        return [*steps, (plan.status, copil, plan.copil_decision, "Comité de pilotage")]
    steps.append((S.FAVOURABLE, copil, plan.copil_decision, "Comité de pilotage"))
    if plan.ca_index is None:
        return steps
    validated = CA_HELD[plan.ca_index]
    steps.append((S.VALIDATED, validated, plan.ca_decision, "Conseil d'administration"))
    if plan.status is S.VALIDATED:
        return steps
    steps.append((S.CONTRACTED, validated + timedelta(days=30), None, DIRECTOR))
    return steps + _after_contract(plan)


def _after_contract(plan: Plan) -> list[Step]:
    start: date = plan.row["starts_on"]
    if plan.status is S.CONTRACTED:
        return []
    if plan.status is S.ABANDONED and plan.last_change is not None and plan.last_change <= start:
        return [(S.ABANDONED, plan.last_change, None, DIRECTOR)]
    steps: list[Step] = [(S.RUNNING, start, None, "Pool – pilote")]
    if plan.status is not S.RUNNING and plan.last_change is not None:
        steps.append((plan.status, plan.last_change, None, DIRECTOR))
    return steps
