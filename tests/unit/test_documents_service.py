"""The documents register and the check of each file against its SHA-256."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.documents import FileState
from app.services.documents import list_documents
from tests.seed_instances import seed_documents


def test_register_flags_modified_and_missing_files(session: Session, tmp_path: Path) -> None:
    seed_documents(session, tmp_path)

    entries = list_documents(session, folder=tmp_path)

    states = {entry.reference: entry.file_state for entry in entries}
    assert states == {
        "2026-CA-000": FileState.INTACT,
        "2026-CA-001": FileState.MODIFIED,
        "2026-CA-002": FileState.MISSING,
    }
    assert [entry.reference for entry in entries][0] == "2026-CA-002"  # newest first
    assert len(entries[0].short_hash) == 12


def test_empty_register(session: Session, tmp_path: Path) -> None:
    assert list_documents(session, folder=tmp_path) == []
