"""Registering generated PDFs: file beside the database, SHA-256, version chain (issue 4). No commit.

A draft may be regenerated in place. A document marked sent or signed is immutable: registering it again
is refused unless the caller asks for a new version, which points to the one it corrects.

The file is written before the unit of work commits: when it rolls back instead (a full disk at commit, a
refusal further on), the file is taken back as it was (removed, or a regenerated draft's previous bytes
put back), so the folder never holds a PDF the register does not know.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from app.config import documents_dir
from app.domain.documents import FileState
from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DocumentKind, DocumentStatus
from app.domain.errors import DomainError, NotFound, require_known
from app.domain.ids import new_id
from app.files import write_whole
from app.formatting import os_error_text
from app.models.document import Document
from app.services.document_conflicts import refuse_conflicts
from app.services.documents import file_state

log = logging.getLogger(__name__)

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")
_WRITTEN = "document_register.written"  # Session.info: (path, its bytes before, None if new) to undo


def register_document(session: Session, *, kind: DocumentKind, subject_type: str,
                      subject_id: uuid.UUID | None, title: str, reference: str, pdf_bytes: bytes,
                      author: str, template_version: str, pages: int | None = None,
                      new_version: bool = False) -> DocumentInfo:
    """Store `pdf_bytes` under the documents folder and record it with its SHA-256 (not when a value it
    prints is in sync conflict: refuse_conflicts)."""
    refuse_conflicts(session, subject_type, subject_id)
    latest = _latest(session, kind, subject_type, subject_id)
    if latest is not None and latest.status is not DocumentStatus.DRAFT and not new_version:
        state = latest.status.label.lower()
        raise DomainError(f"« {latest.title} » (version {latest.version}) est {state} : il ne peut plus "
                          "être modifié. Créez une nouvelle version pour le corriger.")
    if latest is not None and latest.status is DocumentStatus.DRAFT and not new_version:
        document = latest  # a draft is regenerated in place
    else:
        document = Document(id=new_id(), kind=kind, subject_type=subject_type, subject_id=subject_id,
                            version=latest.version + 1 if latest else 1,
                            previous_version_id=latest.id if latest else None)
        session.add(document)
    document.title, document.reference, document.template_version = title, reference, template_version
    document.generated_at, document.generated_by = datetime.now().replace(microsecond=0), author
    document.sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    document.pages = pages if pages is not None else len(_PAGE.findall(pdf_bytes))
    document.file_name = document.file_name or _file_name(kind, reference or title, document)
    document.status = DocumentStatus.DRAFT
    _write(session, _folder(session) / document.file_name, pdf_bytes)
    session.flush()
    log.info("Document %s v%d registered (%s)", reference, document.version, document.sha256[:12])
    return document_info(document)


def set_document_status(session: Session, document_id: uuid.UUID, status: DocumentStatus) -> DocumentInfo:
    """Mark a document sent or signed. There is no way back: a correction is a new version."""
    document = _get(session, document_id)
    order = [DocumentStatus.DRAFT, DocumentStatus.SENT, DocumentStatus.SIGNED]
    require_known(document.status, f"Le statut de « {document.title} »")
    if order.index(status) < order.index(document.status):
        raise DomainError(f"« {document.title} » est déjà {document.status.label.lower()} : "
                          "son statut ne peut pas revenir en arrière.")
    document.status = status
    session.flush()
    return document_info(document)


def verify_document(session: Session, document_id: uuid.UUID) -> FileState:
    """Whether the file still hashes to the register's SHA-256 (MODIFIED or MISSING otherwise)."""
    document = _get(session, document_id)
    state = file_state(_folder(session) / document.file_name, document.sha256) if document.file_name \
        else FileState.MISSING
    if state is not FileState.INTACT:
        log.warning("Document %s: %s", document.reference or document.id, state.label)
    return state


def document_path(session: Session, document_id: uuid.UUID) -> Path:
    return _folder(session) / _get(session, document_id).file_name


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        document.id, document.kind, document.subject_type, document.subject_id, document.title,
        document.reference, document.version, document.previous_version_id, document.template_version,
        document.generated_at, document.generated_by, document.sha256, document.file_name, document.pages,
        document.status)


def _latest(session: Session, kind: DocumentKind, subject_type: str,
            subject_id: uuid.UUID | None) -> Document | None:
    stmt = (select(Document)
            .where(Document.kind == kind, Document.subject_type == subject_type,
                   Document.subject_id == subject_id, Document.deleted.is_(False))
            .order_by(Document.version.desc()))
    return session.scalars(stmt).first()


def _get(session: Session, document_id: uuid.UUID) -> Document:
    document = session.get(Document, document_id)
    if document is None or document.deleted:
        raise NotFound("Document", document_id)
    return document


def _folder(session: Session) -> Path:
    """The documents folder beside the database this session is bound to."""
    database = session.get_bind().engine.url.database
    if not database:
        raise DomainError("Base de données en mémoire : aucun dossier où enregistrer les documents.")
    return documents_dir(Path(database))


def _file_name(kind: DocumentKind, reference: str, document: Document) -> str:
    """"deliberation/Deliberation-n-2026-CA-014-v2-9f3a61c2.pdf": one file per version, never reused.

    The suffix is the end of the row's UUIDv7 (its random part: the start is a timestamp)."""
    ascii_text = unicodedata.normalize("NFKD", reference).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", ascii_text).strip("-")[:80] or "document"
    return f"{kind.value}/{stem}-v{document.version}-{document.id.hex[-8:]}.pdf"


def _write(session: Session, path: Path, data: bytes) -> None:
    """Never a half-written PDF (app.files). A full disk or a refused folder is a DomainError in French,
    and leaves no file behind; so does a rollback of the unit of work (_undo_writes)."""
    try:
        before = path.read_bytes() if path.is_file() else None
        write_whole(path, data)
    except OSError as exc:
        raise DomainError(f"Le document n'a pas pu être enregistré dans « {path.parent} » : "
                          f"{os_error_text(exc, 'erreur du système')}. Rien n'a été enregistré.") from exc
    session.info.setdefault(_WRITTEN, []).append((path, before))


@event.listens_for(Session, "after_commit")
def _keep_writes(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "after_soft_rollback")
def _undo_writes(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:  # a savepoint: the unit of work may still commit
        return
    for path, before in reversed(session.info.pop(_WRITTEN, [])):
        try:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_whole(path, before)
        except OSError:
            log.warning("Document file %s left as written by a rolled back unit of work", path, exc_info=True)
