"""The documents register as the UI shows it, with the state of each file against its SHA-256."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import DocumentKind, DocumentStatus, LabelledEnum


class FileState(LabelledEnum):
    INTACT = "intact", "Fichier conforme"
    MODIFIED = "modified", "Fichier modifié"
    MISSING = "missing", "Fichier absent"


@dataclass(frozen=True)
class DocumentEntry:
    id: uuid.UUID
    kind: DocumentKind
    title: str
    reference: str
    version: int
    status: DocumentStatus
    subject_type: str
    template_version: str
    generated_at: datetime | None
    generated_by: str
    sha256: str
    file_name: str
    pages: int
    file_state: FileState

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits, enough to compare by eye with a printed footer."""
        return self.sha256[:12]
