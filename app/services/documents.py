"""The documents register: every generated official PDF, and whether its file still matches its hash."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents import DocumentEntry, FileState
from app.files import sha256_of
from app.models.document import Document

log = logging.getLogger(__name__)



def list_documents(session: Session, *, folder: Path) -> list[DocumentEntry]:
    """Every registered document, newest first; files are looked for in `folder` and hashed."""
    stmt = select(Document).where(Document.deleted.is_(False)).order_by(Document.generated_at.desc())
    return [_entry(document, folder) for document in session.scalars(stmt)]


def file_state(path: Path, expected_sha256: str) -> FileState:
    """INTACT when the file exists and hashes to `expected_sha256`."""
    if not path.is_file():
        return FileState.MISSING
    return FileState.INTACT if sha256_of(path) == expected_sha256.lower() else FileState.MODIFIED


def _entry(document: Document, folder: Path) -> DocumentEntry:
    path = folder / document.file_name if document.file_name else None
    state = file_state(path, document.sha256) if path else FileState.MISSING
    if state is not FileState.INTACT:
        log.info("Document %s: %s", document.reference or document.id, state.label)
    return DocumentEntry(
        id=document.id,
        kind=document.kind,
        title=document.title,
        reference=document.reference,
        version=document.version,
        status=document.status,
        subject_type=document.subject_type,
        template_version=document.template_version,
        generated_at=document.generated_at,
        generated_by=document.generated_by,
        sha256=document.sha256,
        file_name=document.file_name,
        pages=document.pages,
        file_state=state,
    )
