"""Project lifecycle: guarded status transitions recorded as ProjectStatusChange rows (issue 5). No commit.

The graph lives in app.domain.lifecycle; here are the rules that need data: "validé" needs an adopted
decision of a body (not a mere avis), "en cours" a start date, "clos" an end date and a final report.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import DecisionKind, DecisionStatus
from app.domain.enums import ProjectStatus as S
from app.domain.errors import DomainError, NotFound
from app.domain.ids import new_id
from app.domain.lifecycle import (
    NEEDS_REASON,
    StatusChangeEntry,
    TransitionOption,
    move_refusal,
    next_statuses,
)
from app.models.meeting import Decision
from app.models.project import Project, ProjectStatusChange
from app.services.profile import get_profile

log = logging.getLogger(__name__)


def change_status(session: Session, project_id: uuid.UUID, target: S, *, by: str | None = None,
                  comment: str = "", decision_id: uuid.UUID | None = None,
                  at: datetime | None = None) -> StatusChangeEntry:
    """Move the project to `target` if the graph and the rules allow it; record who, when and why."""
    project = _project(session, project_id)
    refusal = move_refusal(project.status, target) or _rule_refusal(session, project, target, comment,
                                                                    decision_id)
    if refusal:
        raise DomainError(refusal)
    if target is S.VALIDATED:
        project.validated_by_decision_id = decision_id or project.validated_by_decision_id
    change = ProjectStatusChange(
        id=new_id(), project_id=project.id, from_status=project.status, to_status=target,
        changed_at=(at or datetime.now()).replace(microsecond=0), changed_by=by or _author(session),
        decision_id=decision_id or (project.validated_by_decision_id if target is S.VALIDATED else None),
        comment=comment.strip())
    project.status = target
    session.add(change)
    session.flush()
    log.info("Project %s: %s -> %s", project.code, change.from_status, target)
    return _entry(session, change)


def revert_status_change(session: Session, change_id: uuid.UUID, *, by: str | None = None,
                         at: datetime | None = None) -> StatusChangeEntry:
    """Undo a status change made by mistake: the project goes back to the former status, and the
    history gains a *correction* entry (to → from) that says which change it cancels.

    Why a new entry rather than erasing the first one: the status history of a fiche action is read by
    the COPIL and by auditors of public money. A change that was recorded, even for a few seconds,
    may already have been seen (sync to the other workstations, a printed fiche, an export). Erasing it
    would make the record say something other than what happened; a correction entry keeps both facts
    (the mistake and its correction, who and when) and the current status stays the last entry's. The
    correction goes against the graph (e.g. « en instruction » → « idée ») on purpose, so it is only
    allowed for the latest change of the project, while the project is still in the status it set."""
    change = session.get(ProjectStatusChange, change_id)
    if change is None or change.deleted or change.project_id is None:
        raise NotFound("Changement de statut", change_id)
    project = _project(session, change.project_id)
    if _latest_change_id(session, project.id) != change.id or project.status is not change.to_status:
        raise DomainError(f"Le statut de « {project.code} » a changé depuis le passage « "
                          f"{change.to_status.label.lower()} » : ce passage ne peut plus être annulé ici.")
    when = change.changed_at.strftime("%d/%m/%Y %H:%M") if change.changed_at else "?"
    correction = ProjectStatusChange(
        id=new_id(), project_id=project.id, from_status=change.to_status, to_status=change.from_status,
        changed_at=max((at or datetime.now()).replace(microsecond=0), change.changed_at or datetime.min),
        changed_by=by or _author(session),
        comment=f"Annulation du passage « {change.to_status.label.lower()} » du {when} (saisie erronée).")
    if change.to_status is S.VALIDATED:
        project.validated_by_decision_id = _earlier_validation(session, project.id, change.id)
    project.status = change.from_status
    session.add(correction)
    session.flush()
    log.info("Project %s: %s reverted to %s", project.code, change.to_status, change.from_status)
    return _entry(session, correction)


def _latest_change_id(session: Session, project_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(ProjectStatusChange.id)
                          .where(ProjectStatusChange.project_id == project_id,
                                 ProjectStatusChange.deleted.is_(False))
                          .order_by(ProjectStatusChange.changed_at.desc(), ProjectStatusChange.id.desc())
                          .limit(1))


def _earlier_validation(session: Session, project_id: uuid.UUID, but: uuid.UUID) -> uuid.UUID | None:
    """The decision of an earlier validation of the project, if any (else the project is not validated)."""
    return session.scalar(select(ProjectStatusChange.decision_id)
                          .where(ProjectStatusChange.project_id == project_id, ProjectStatusChange.id != but,
                                 ProjectStatusChange.to_status == S.VALIDATED,
                                 ProjectStatusChange.deleted.is_(False))
                          .order_by(ProjectStatusChange.changed_at.desc()).limit(1))


def history(session: Session, project_id: uuid.UUID) -> tuple[StatusChangeEntry, ...]:
    """The project's transitions, oldest first."""
    _project(session, project_id)
    stmt = (select(ProjectStatusChange)
            .where(ProjectStatusChange.project_id == project_id, ProjectStatusChange.deleted.is_(False))
            .order_by(ProjectStatusChange.changed_at, ProjectStatusChange.id))
    return tuple(_entry(session, change) for change in session.scalars(stmt))


def transition_refusal(session: Session, project_id: uuid.UUID, target: S) -> str | None:
    """Why `target` is refused now (for a greyed-out menu entry's tooltip), or None.

    The motif and the decision are asked by the dialog, so their absence does not count here."""
    project = _project(session, project_id)
    refusal = move_refusal(project.status, target)
    if refusal or (target is S.VALIDATED and project.validated_by_decision_id is None):
        return refusal
    return _rule_refusal(session, project, target, "motif fourni par le dialogue", None)


def transition_options(session: Session, project_id: uuid.UUID) -> tuple[TransitionOption, ...]:
    """The moves of the graph from the project's status, each with its refusal (if any) and needs."""
    project = _project(session, project_id)
    return tuple(TransitionOption(target, transition_refusal(session, project_id, target),
                                  target in NEEDS_REASON,
                                  target is S.VALIDATED and project.validated_by_decision_id is None)
                 for target in next_statuses(project.status))


def _rule_refusal(session: Session, project: Project, target: S, comment: str,
                  decision_id: uuid.UUID | None) -> str | None:
    if target in NEEDS_REASON and not comment.strip():
        return f"Indiquez le motif pour passer le projet « {target.label.lower()} »."
    if target is S.VALIDATED:
        return _decision_refusal(session, decision_id or project.validated_by_decision_id)
    if target is S.RUNNING and project.starts_on is None:
        return "Renseignez la date de début avant de passer le projet « en cours »."
    if target is S.CLOSED:
        missing = [label for label, ok in (("la date de fin", project.ends_on is not None),
                                           ("le rapport final", bool(project.final_report.strip())))
                   if not ok]
        if missing:
            return f"Pour clore le projet, renseignez {' et '.join(missing)}."
    return None


def _decision_refusal(session: Session, decision_id: uuid.UUID | None) -> str | None:
    if decision_id is None:
        return ("Un projet n'est « validé » que par une décision d'une instance : indiquez la "
                "délibération qui le valide.")
    decision = session.get(Decision, decision_id)
    if decision is None or decision.deleted:
        return "La décision indiquée est introuvable."
    if decision.kind is DecisionKind.OPINION:
        return (f"« {decision.number} » est un avis : la validation demande une délibération ou une "
                "décision adoptée.")
    if decision.status is not DecisionStatus.ADOPTED:
        return (f"La décision {decision.number or decision.title} n'est pas adoptée "
                f"(statut : {decision.status.label.lower()}).")
    return None


def _project(session: Session, project_id: uuid.UUID) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    return project


def _entry(session: Session, change: ProjectStatusChange) -> StatusChangeEntry:
    decision = session.get(Decision, change.decision_id) if change.decision_id else None
    return StatusChangeEntry(change.id, change.changed_at, change.from_status, change.to_status,
                             change.changed_by, change.comment, change.decision_id,
                             decision.number if decision else "")


def _author(session: Session) -> str:
    profile = get_profile(session)
    return profile.signature if profile else ""
