"""Follow-up actions of the past séances' decisions (issue 4, relevé de décisions: who, what, when).

Written for the séances whose minutes are approved; the last CA, closed but not yet approved, keeps the
proposals derived from its votes for the coordinator to confirm (and the open COPIL decides its own). Due
dates follow the séance's day; an action is done when its due date is before the demo's « today ». Ids
come from the decision and the action's rank, so the same seed gives the same rows."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from app.domain.enums import VoteResult
from app.models.meeting import FollowUpAction
from app.services.demo import agendas as ag
from app.services.demo.common import TODAY, Ctx
from app.services.demo.organisations import DIRECTOR

SECRETARIAT = "Secrétariat du GIP"
DIRECTION = f"{DIRECTOR}, directrice du GIP"


def write_follow_ups(ctx: Ctx, day: date, item_id: uuid.UUID, decision_id: uuid.UUID, number: str,
                     spec: ag.ItemSpec, result: VoteResult) -> None:
    """Two or three actions per voted decision of a closed séance."""
    for position, (who, what, due) in enumerate(_actions(day, number, spec, result), start=1):
        ctx.add(FollowUpAction, id=ctx.id("follow_up", decision_id, position), item_id=item_id,
                decision_id=decision_id, position=position, who=who, what=what, due_on=due, done=due < TODAY)


def _actions(day: date, number: str, spec: ag.ItemSpec,
             result: VoteResult) -> list[tuple[str, str, date]]:
    if result in (VoteResult.REJECTED, VoteResult.NO_QUORUM):
        what = f"Retravailler le dossier « {spec.title} » avec les membres et le présenter de nouveau"
        return [(spec.rapporteur, what, day + timedelta(days=90))]
    actions = [(SECRETARIAT, f"Publier la décision n° {number} et la transmettre au contrôle de légalité",
                day + timedelta(days=7))]
    for plan in spec.plans[:2]:
        title = plan.row.get("title", "") or plan.row.get("code", "")
        actions.append((DIRECTION, f"Notifier la décision au porteur de « {title} » et lui adresser la "
                                   "convention de financement", day + timedelta(days=21)))
    actions.append((spec.rapporteur, "Rendre compte de la mise en œuvre à la séance suivante",
                    day + timedelta(days=60)))
    return actions
