"""The documents register: file and SHA-256 beside the database, drafts regenerated, sent ones immutable."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import db
from app.config import documents_dir
from app.db_errors import LocalDatabaseError
from app.domain.documents import FileState
from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DocumentKind, DocumentStatus
from app.domain.errors import DomainError
from app.models.meeting import Decision
from app.models.project import Project
from app.services.document_register import (
    document_path,
    register_document,
    set_document_status,
    verify_document,
)
from app.services.meeting_documents import issue_deliberation

SUBJECT = uuid.UUID("0190c1f2-0000-7000-8000-000000000014")
PDF_V1 = b"%PDF-1.7\n1 0 obj << /Type /Pages >> endobj 2 0 obj << /Type /Page >> endobj\n%%EOF\n"
PDF_V2 = PDF_V1.replace(b"%%EOF", b"% corrected\n%%EOF")


def _register(session: Session, pdf: bytes = PDF_V1, **kwargs: object) -> DocumentInfo:
    return register_document(
        session, kind=DocumentKind.DELIBERATION, subject_type="decision", subject_id=SUBJECT,
        title="Délibération n° 2026-CA-014", reference="Délibération n° 2026-CA-014", pdf_bytes=pdf,
        author="Jeanne Martin", template_version="deliberation-1", **kwargs)  # type: ignore[arg-type]


def test_registering_stores_the_file_with_its_hash(session: Session, bound_db: Path) -> None:
    info = _register(session)
    path = documents_dir(bound_db) / info.file_name
    assert path.read_bytes() == PDF_V1 and info.sha256 == hashlib.sha256(PDF_V1).hexdigest()
    assert info.version == 1 and info.pages == 1 and info.status is DocumentStatus.DRAFT
    assert info.file_name.startswith("deliberation/Deliberation-n-2026-CA-014-v1-")
    assert document_path(session, info.id) == path
    assert verify_document(session, info.id) is FileState.INTACT


def test_a_draft_is_regenerated_in_place(session: Session) -> None:
    first = _register(session)
    second = _register(session, PDF_V2)
    assert (second.id, second.version, second.file_name) == (first.id, 1, first.file_name)
    assert verify_document(session, second.id) is FileState.INTACT


def test_a_sent_document_is_immutable_and_corrected_by_a_new_version(session: Session) -> None:
    first = _register(session)
    set_document_status(session, first.id, DocumentStatus.SENT)
    with pytest.raises(DomainError, match="envoyé : il ne peut plus être modifié"):
        _register(session, PDF_V2)
    correction = _register(session, PDF_V2, new_version=True)
    assert correction.version == 2 and correction.previous_version_id == first.id
    assert correction.file_name != first.file_name
    assert verify_document(session, first.id) is FileState.INTACT  # the sent file was not touched
    with pytest.raises(DomainError, match="ne peut pas revenir en arrière"):
        set_document_status(session, first.id, DocumentStatus.DRAFT)


def test_a_tampered_or_missing_file_is_flagged(session: Session) -> None:
    info = _register(session)
    path = document_path(session, info.id)
    path.write_bytes(PDF_V2)
    assert verify_document(session, info.id) is FileState.MODIFIED
    path.unlink()
    assert verify_document(session, info.id) is FileState.MISSING


def test_a_unit_of_work_that_rolls_back_takes_its_files_back(bound_db: Path) -> None:
    """Registered, then refused further on in the same unit of work: no PDF the register does not know,
    and a regenerated draft's file is put back as the register still describes it."""
    folder = documents_dir(bound_db)
    with pytest.raises(DomainError, match="plus loin"), db.unit_of_work() as session:
        _register(session)
        raise DomainError("refusé plus loin")
    assert not [p for p in folder.rglob("*") if p.is_file()]

    with db.unit_of_work() as session:
        first = _register(session)
    with pytest.raises(DomainError, match="plus loin"), db.unit_of_work() as session:
        assert _register(session, PDF_V2).file_name == first.file_name  # regenerated in place
        raise DomainError("refusé plus loin")
    assert (folder / first.file_name).read_bytes() == PDF_V1
    with db.unit_of_work() as session:
        assert verify_document(session, first.id) is FileState.INTACT
        assert _register(session, PDF_V2).sha256 == hashlib.sha256(PDF_V2).hexdigest()
    assert (folder / first.file_name).read_bytes() == PDF_V2  # committed: kept


def test_a_deliberation_refused_by_a_full_disk_leaves_no_file(full_disk: Callable[[], None],
                                                              demo_db: Path) -> None:
    with db.unit_of_work() as session:
        decision = session.scalars(select(Decision.id).order_by(Decision.number)).first()
    padding = "Considérant l'avis du comité de pilotage ; " * 2000  # the commit needs new pages
    with pytest.raises(LocalDatabaseError, match="disque de ce poste est plein"), \
            db.unit_of_work() as session:
        issue_deliberation(session, decision)
        session.execute(update(Project).values(summary=padding))
    assert not [p for p in documents_dir(demo_db).rglob("*.pdf")]
    full_disk()  # room made: issued for good
    with db.unit_of_work() as session:
        info = issue_deliberation(session, decision)
    assert (documents_dir(demo_db) / info.file_name).is_file()
