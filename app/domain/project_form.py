"""The fiche action form as one frozen draft, and what saving it returns (issue 5). Stdlib only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from app.domain.enums import MilestoneStatus, Novelty, OrganisationType, ProjectStatus
from app.domain.errors import DomainError


@dataclass(frozen=True)
class DraftPartner:
    organisation_id: uuid.UUID | None  # None: a row added in the form, organisation not chosen yet
    role: str = ""


@dataclass(frozen=True)
class DraftService:
    service_id: uuid.UUID | None  # None: not chosen yet
    contribution: str = ""


@dataclass(frozen=True)
class DraftMilestone:
    title: str
    due_on: date | None = None
    status: MilestoneStatus = MilestoneStatus.PLANNED
    id: uuid.UUID | None = None  # None: a new milestone


@dataclass(frozen=True)
class DraftRisk:
    description: str
    likelihood: int = 2  # 1 to 4
    impact: int = 2  # 1 to 4
    mitigation: str = ""
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class ProjectDraft:
    """Every field of the fiche action form. `id` None: a new project. Status moves through lifecycle."""

    code: str
    title: str
    id: uuid.UUID | None = None
    summary: str = ""
    objectives: str = ""
    target_public: str = ""
    target_volume: int | None = None
    territory_ids: tuple[uuid.UUID, ...] = ()
    carrier_id: uuid.UUID | None = None
    partners: tuple[DraftPartner, ...] = ()
    services: tuple[DraftService, ...] = ()
    milestones: tuple[DraftMilestone, ...] = ()
    need_ids: tuple[uuid.UUID, ...] = ()
    risks: tuple[DraftRisk, ...] = ()
    axis_ids: tuple[uuid.UUID, ...] = ()
    starts_on: date | None = None
    ends_on: date | None = None
    novelty: Novelty = Novelty.NEW
    pilot_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SavedProject:
    """What the form gets back after a save (the row to refresh in the portfolio)."""

    id: uuid.UUID
    code: str
    title: str
    status: ProjectStatus
    created: bool
    previous: ProjectDraft | None = None  # the fiche as stored just before the save (what undo puts back)


ROW_KEYS = {  # what identifies a row of the draft's lists (app.domain.rebase); the id lists are sets
    "partners": lambda row: row.organisation_id, "services": lambda row: row.service_id,
    "milestones": lambda row: row.id, "risks": lambda row: row.id,
}
LIST_LABELS = {"territory_ids": "Territoires", "partners": "Partenaires", "services": "Services mobilisés",
               "milestones": "Jalons", "need_ids": "Besoins", "risks": "Risques", "axis_ids": "Axes"}


class InvalidDraftError(DomainError):
    """The draft has invalid fields; `problems` maps each field name to its French message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("La fiche action ne peut pas être enregistrée :\n" + "\n".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class OrganisationInfo:
    id: uuid.UUID
    name: str
    short_name: str
    siren: str
    siret: str
    kind: OrganisationType


@dataclass(frozen=True)
class OrganisationMatch:
    """An existing organisation that looks like the one being entered, and why."""

    organisation: OrganisationInfo
    reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Choice:
    """One entry of a form's pick list: what is stored (id), what is shown, and a hint."""

    id: uuid.UUID
    label: str
    detail: str = ""


@dataclass(frozen=True)
class FormChoices:
    """The pick lists of the fiche action form, each sorted for display."""

    organisations: tuple[Choice, ...]  # carriers and partners
    pool_members: tuple[Choice, ...]
    needs: tuple[Choice, ...]
    territories: tuple[Choice, ...]  # EPCI, bassins, TAS and the département first, then communes
    services: tuple[Choice, ...]
    axes: tuple[Choice, ...]  # "PDI 2024-2027 · 1.2.1 Insertion par l'activité économique"
