"""The register of every generated official document."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import DocumentKind, DocumentStatus
from app.models.base import Synced, enum_col, fk, int_col, text_col


class Document(Synced):
    """A generated PDF. Once sent or signed it is immutable: a correction is a new version."""

    __tablename__ = "document"

    kind: Mapped[DocumentKind] = enum_col(DocumentKind, DocumentKind.PROJECT_SHEET)
    subject_type: Mapped[str] = text_col()  # "meeting", "decision", "project"...
    subject_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    title: Mapped[str] = text_col()
    reference: Mapped[str] = text_col()
    version: Mapped[int] = int_col(1)
    previous_version_id: Mapped[uuid.UUID | None] = fk("document.id")
    template_version: Mapped[str] = text_col()
    generated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    generated_by: Mapped[str] = text_col()
    sha256: Mapped[str] = text_col()
    file_name: Mapped[str] = text_col()  # under the documents folder
    pages: Mapped[int] = int_col()
    status: Mapped[DocumentStatus] = enum_col(DocumentStatus, DocumentStatus.DRAFT)
