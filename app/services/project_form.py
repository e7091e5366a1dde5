"""The fiche action form: load a draft, validate it with French messages per field, save it (issue 5).

Association rows get the id link_id(project, child) so that the same link made on two workstations
merges; a removed link is soft-deleted (the sync triggers refuse a physical DELETE). No commit here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError, NotFound
from app.domain.field_labels import field_label
from app.domain.ids import link_id, new_id
from app.domain.project_form import (
    LIST_LABELS,
    ROW_KEYS,
    DraftMilestone,
    DraftPartner,
    DraftRisk,
    DraftService,
    InvalidDraftError,
    ProjectDraft,
    SavedProject,
)
from app.domain.rebase import EditedElsewhereError, merge_draft
from app.models.base import Synced
from app.models.diagnostic import Need
from app.models.framework import Axis
from app.models.geography import Territory
from app.models.organisation import Organisation, Service
from app.models.pool import PoolMember
from app.models.project import (
    Milestone,
    Project,
    ProjectAxis,
    ProjectNeed,
    ProjectPartner,
    ProjectRisk,
    ProjectService,
    ProjectTerritory,
)
from app.services.organisations import find_or_create_organisation, identifier_problems

MAX_ROLE = 300  # a role or a contribution is a phrase, not a document
SIMPLE_FIELDS = ("code", "title", "summary", "objectives", "target_public", "target_volume", "carrier_id",
                 "starts_on", "ends_on", "novelty", "pilot_id")


def load_project_draft(session: Session, project_id: uuid.UUID) -> ProjectDraft:
    """The form's content for an existing project."""
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    live = _live_links(session, project_id)
    return ProjectDraft(
        id=project.id, **{name: getattr(project, name) for name in SIMPLE_FIELDS},
        territory_ids=tuple(link.territory_id for link in live(ProjectTerritory)),
        partners=tuple(DraftPartner(link.organisation_id, link.role) for link in live(ProjectPartner)),
        services=tuple(DraftService(link.service_id, link.contribution) for link in live(ProjectService)),
        milestones=tuple(DraftMilestone(m.title, m.due_on, m.status, m.id) for m in
                         sorted(live(Milestone), key=lambda m: (m.due_on is None, m.due_on, m.title))),
        need_ids=tuple(link.need_id for link in live(ProjectNeed)),
        risks=tuple(DraftRisk(r.description, r.likelihood, r.impact, r.mitigation, r.id)
                    for r in live(ProjectRisk)),
        axis_ids=tuple(link.axis_id for link in live(ProjectAxis)))


def _live_links(session: Session, project_id: uuid.UUID) -> Any:
    def live(model: type[Any]) -> list[Any]:
        return list(session.scalars(select(model).where(model.project_id == project_id,
                                                        model.deleted.is_(False))))
    return live


def save_project(session: Session, draft: ProjectDraft, *, base: ProjectDraft | None = None) -> SavedProject:
    """Validate and write the draft (a new project when `draft.id` is None); raises InvalidDraftError.

    `base`: the fiche as the form loaded it. Only what the form changed is then written, over what a
    sync round may have brought since; a field changed on both sides raises EditedElsewhereError."""
    previous = load_project_draft(session, draft.id) if draft.id is not None else None
    if base is not None and previous is not None:
        draft = _rebased(base, draft, previous)
    problems = draft_problems(session, draft)
    if problems:
        raise InvalidDraftError(problems)
    project = _target(session, draft)
    for name in SIMPLE_FIELDS:
        value = getattr(draft, name)
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    pid = project.id
    _sync_links(session, ProjectAxis, pid, "axis_id", {a: {} for a in draft.axis_ids})
    _sync_links(session, ProjectNeed, pid, "need_id", {n: {} for n in draft.need_ids})
    _sync_links(session, ProjectTerritory, pid, "territory_id", {t: {} for t in draft.territory_ids})
    partners = {p.organisation_id: {"role": p.role.strip()} for p in draft.partners if p.organisation_id}
    services = {s.service_id: {"contribution": s.contribution.strip()}
                for s in draft.services if s.service_id}
    _sync_links(session, ProjectPartner, pid, "organisation_id", partners)  # draft_problems refused None ids
    _sync_links(session, ProjectService, pid, "service_id", services)
    _sync_rows(session, Milestone, pid, [(m.id, {"title": m.title.strip(), "due_on": m.due_on,
                                                 "status": m.status}) for m in draft.milestones])
    _sync_rows(session, ProjectRisk, pid, [(r.id, {"description": r.description.strip(),
                                                   "likelihood": r.likelihood, "impact": r.impact,
                                                   "mitigation": r.mitigation.strip()}) for r in draft.risks])
    session.flush()
    return SavedProject(project.id, project.code, project.title, project.status, draft.id is None, previous)


def _rebased(base: ProjectDraft, draft: ProjectDraft, current: ProjectDraft) -> ProjectDraft:
    merged, clashes, retry = merge_draft(base, draft, current, ROW_KEYS)
    if clashes:  # the form's base then takes what clashed as stored now (a list: its clashing rows only)
        raise EditedElsewhereError.of({name: getattr(retry, name) for name in clashes},
                                      lambda name: LIST_LABELS.get(name) or field_label("project", name))
    return merged


def _target(session: Session, draft: ProjectDraft) -> Project:
    if draft.id is None:
        project = Project(id=new_id())
        session.add(project)
        return project
    existing = session.get(Project, draft.id)
    if existing is None or existing.deleted:
        raise NotFound("Projet", draft.id)
    return existing


def _sync_links(session: Session, model: type[Any], project_id: uuid.UUID, child: str,
                wanted: Mapping[uuid.UUID, Mapping[str, Any]]) -> None:
    """Make the live links exactly `wanted` (child id → extra columns): revive, add, soft-delete."""
    seen = set()
    for link in session.scalars(select(model).where(model.project_id == project_id)):
        key = getattr(link, child)
        seen.add(key)
        link.deleted = key not in wanted
        for column, value in wanted.get(key, {}).items():
            setattr(link, column, value)
    for key, extra in wanted.items():
        if key not in seen:
            session.add(model(id=link_id(project_id, key), project_id=project_id, **{child: key}, **extra))


def _sync_rows(session: Session, model: type[Synced], project_id: uuid.UUID,
               wanted: Sequence[tuple[uuid.UUID | None, Mapping[str, Any]]]) -> None:
    """Milestones and risks: rows of their own; kept ones updated, new ones added, others soft-deleted."""
    kept = {row_id for row_id, _ in wanted if row_id is not None}
    rows = {row.id: row for row in session.scalars(select(model).where(
        model.project_id == project_id))}  # type: ignore[attr-defined]
    for row_id, existing in rows.items():
        existing.deleted = row_id not in kept
    for wanted_id, values in wanted:
        row: Any = rows.get(wanted_id) if wanted_id is not None else None
        if row is None:
            row = model(id=wanted_id or new_id(), project_id=project_id)
            session.add(row)
        for column, value in values.items():
            setattr(row, column, value)


def draft_problems(session: Session, draft: ProjectDraft) -> dict[str, str]:
    """Field name → French message, for every invalid field of the draft (empty when it can be saved)."""
    problems: dict[str, str] = {}
    problems.update(_identity_problems(session, draft))
    if draft.starts_on and draft.ends_on and draft.ends_on < draft.starts_on:
        problems["ends_on"] = "La date de fin précède la date de début."
    if draft.target_volume is not None and draft.target_volume < 0:
        problems["target_volume"] = "Le volume de public visé ne peut pas être négatif."
    problems.update(_reference_problems(session, draft))
    problems.update(_row_problems(draft))
    problems.update(_link_problems(session, draft))
    return problems


def _identity_problems(session: Session, draft: ProjectDraft) -> dict[str, str]:
    problems = {}
    code = draft.code.strip()
    if not code:
        problems["code"] = "Le code de la fiche action est obligatoire (par exemple « FA-1.2-01 »)."
    else:
        clash = session.execute(select(Project.id, Project.title).where(
            Project.code == code, Project.deleted.is_(False))).first()
        if clash is not None and clash[0] != draft.id:
            problems["code"] = f"Le code « {code} » est déjà utilisé par « {clash[1]} »."
    if not draft.title.strip():
        problems["title"] = "L'intitulé de la fiche action est obligatoire."
    return problems


def _reference_problems(session: Session, draft: ProjectDraft) -> dict[str, str]:
    checks: list[tuple[str, type[Synced], Sequence[uuid.UUID | None], str]] = [
        ("carrier_id", Organisation, [draft.carrier_id], "Le porteur choisi n'existe plus."),
        ("pilot_id", PoolMember, [draft.pilot_id], "Le pilote choisi ne fait plus partie du pool."),
        ("axis_ids", Axis, draft.axis_ids, "Un des axes choisis a été supprimé."),
        ("need_ids", Need, draft.need_ids, "Un des besoins choisis a été supprimé."),
        ("territory_ids", Territory, draft.territory_ids, "Un des territoires choisis n'existe plus."),
        ("partners", Organisation, [p.organisation_id for p in draft.partners],
         "Un des partenaires choisis n'existe plus."),
        ("services", Service, [s.service_id for s in draft.services],
         "Un des services choisis n'existe plus."),
    ]
    problems = {}
    for field, model, ids, message in checks:
        for key in ids:
            row = session.get(model, key) if key is not None else None
            if key is not None and (row is None or row.deleted):
                problems[field] = message
    return problems


def _row_problems(draft: ProjectDraft) -> dict[str, str]:
    problems = {}
    if any(not m.title.strip() for m in draft.milestones):
        problems["milestones"] = "Chaque jalon doit avoir un intitulé."
    if any(not r.description.strip() for r in draft.risks):
        problems["risks"] = "Chaque risque doit être décrit."
    elif any(not (1 <= r.likelihood <= 4 and 1 <= r.impact <= 4) for r in draft.risks):
        problems["risks"] = "La probabilité et l'impact d'un risque se notent de 1 à 4."
    return problems


def _link_problems(session: Session, draft: ProjectDraft) -> dict[str, str]:
    """Partners and their role, services and their contribution: each row chosen, described, once."""
    problems = {}
    partners = [(p.organisation_id, p.role) for p in draft.partners]
    partner = _rows_problem(session, Organisation, partners, "partenaire", "Précisez le rôle de",
                            "Un même partenaire figure deux fois")
    if partner is None and draft.carrier_id is not None and draft.carrier_id in {p for p, _ in partners}:
        partner = "Le porteur figure aussi parmi les partenaires : retirez-le de la liste."
    if partner:
        problems["partners"] = partner
    service = _rows_problem(session, Service, [(s.service_id, s.contribution) for s in draft.services],
                            "service mobilisé", "Précisez la contribution de",
                            "Un même service figure deux fois")
    if service:
        problems["services"] = service
    return problems


def _rows_problem(session: Session, model: type[Any], rows: Sequence[tuple[uuid.UUID | None, str]],
                  noun: str, describe: str, twice: str) -> str | None:
    """The first problem of a (chosen id, text) list, naming the line or the organisation/service."""
    seen: set[uuid.UUID] = set()
    for line, (key, text) in enumerate(rows, start=1):
        if key is None:
            return f"Ligne {line} : choisissez le {noun} dans la liste (ou retirez la ligne)."
        name = getattr(session.get(model, key), "name", "") or f"ligne {line}"
        if key in seen:
            return f"{twice} : « {name} » (ligne {line})."
        seen.add(key)
        if not text.strip():
            return f"{describe} « {name} » (ligne {line})."
        if len(text.strip()) > MAX_ROLE:
            return f"Le texte de la ligne {line} (« {name} ») dépasse {MAX_ROLE} caractères."
    return None


def save_project_with_carrier(session: Session, draft: ProjectDraft, *, name: str, siren: str = "",
                              siret: str = "", base: ProjectDraft | None = None) -> SavedProject:
    """Save the draft with a carrier typed in the form: the existing organisation with this SIREN (or
    name), else a new one. SIREN/SIRET problems come back per field, like the draft's own (issue 5 UI)."""
    problems = identifier_problems(siren, siret)
    if problems:
        raise InvalidDraftError(problems | draft_problems(session, draft))
    carrier = find_or_create_organisation(session, name=name, siren=siren, siret=siret)
    return save_project(session, replace(draft, carrier_id=carrier.id), base=base)


def remove_project(session: Session, project_id: uuid.UUID) -> SavedProject:
    """Put a fiche in the bin (soft delete: its links and plan stay, a restore brings all back)."""
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    project.deleted = True
    session.flush()
    return SavedProject(project.id, project.code, project.title, project.status, False)


def restore_project(session: Session, project_id: uuid.UUID) -> SavedProject:
    """Take a fiche out of the bin; refused when its code has been given to another fiche since."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound("Projet", project_id)
    clash = session.scalar(select(Project.title).where(Project.code == project.code, Project.id != project.id,
                                                       Project.deleted.is_(False)))
    if clash is not None:
        raise DomainError(f"Le code « {project.code} » est maintenant celui de « {clash} » : la fiche "
                          "ne peut pas être rétablie sous ce code.")
    project.deleted = False
    session.flush()
    return SavedProject(project.id, project.code, project.title, project.status, True)
