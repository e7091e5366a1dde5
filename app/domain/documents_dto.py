"""What the official documents are made from: frozen DTOs built by services, rendered by app.reports.

Every text is already French and final (dates, percentages, vote sentences): a report only lays it out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.enums import DocumentKind, DocumentStatus
from app.domain.settings import GipIdentity


@dataclass(frozen=True)
class DocumentInfo:
    """One registered PDF (the register of issue 4): who made it, when, its hash and its file."""

    id: uuid.UUID
    kind: DocumentKind
    subject_type: str
    subject_id: uuid.UUID | None
    title: str
    reference: str
    version: int
    previous_version_id: uuid.UUID | None
    template_version: str
    generated_at: datetime | None
    generated_by: str
    sha256: str
    file_name: str  # relative to the documents folder beside the database
    pages: int
    status: DocumentStatus


@dataclass(frozen=True)
class AttendeeLine:
    """A member at the séance: organisation, who sat for it, its droits statutaires ("40 %")."""

    organisation: str
    representative: str
    rights: str
    note: str = ""  # "arrivé à 14 h 20", "représenté par le Département", "à distance"


@dataclass(frozen=True)
class VoteFigures:
    """A vote's counts as heads and as droits statutaires, formatted."""

    votes_for: int
    votes_against: int
    abstentions: int
    nppv: int
    rights_for: str
    rights_against: str
    rights_abstaining: str
    rights_nppv: str
    nppv_names: tuple[str, ...]


@dataclass(frozen=True)
class DeliberationDoc:
    """A délibération (or avis, décision) of one body, ready to print (DOMAIN.md §3)."""

    gip: GipIdentity
    kind_label: str  # "Délibération"
    number: str  # "2026-CA-014"
    title: str  # the Objet
    is_draft: bool  # not yet adopted: printed as "Projet de délibération"
    body_name: str  # "Conseil d'administration"
    body_the: str  # "Le conseil d'administration", "L'assemblée générale"
    body_of: str  # "du conseil d'administration", "de l'assemblée générale"
    meeting_label: str  # "séance n° 3 du jeudi 12 mars 2026"
    meeting_date: date | None
    convening: str  # "Le conseil d'administration, régulièrement convoqué le …, s'est réuni le … à …"
    present: tuple[AttendeeLine, ...]
    represented: tuple[AttendeeLine, ...]
    excused: tuple[AttendeeLine, ...]
    quorum_sentence: str
    quorum_reached: bool
    chair_name: str
    secretary_name: str
    rapporteur: str
    visas: tuple[str, ...]
    considerations: tuple[str, ...]
    articles: tuple[str, ...]
    vote_sentence: str
    vote: VoteFigures | None
    place: str  # "Tulle"
    signed_on: date | None
    published_on: date | None
    author: str
    operative: str = "DÉCIDE :"  # "ÉMET L'AVIS SUIVANT :" for an avis

    @property
    def reference(self) -> str:
        return f"{self.kind_label} n° {self.number}" if self.number else self.kind_label
