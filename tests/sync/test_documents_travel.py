"""Official PDFs travel with their register entries (app.sync.documents): a délibération generated on one
workstation is readable, intact, on another after a round, and comes back there if deleted; a draft
regenerated elsewhere replaces the older copy; a file modified by hand is never overwritten; a file
altered on the share goes to quarantine, never to the documents folder; a register name leaving the
documents folder is refused. Real bases, real reportlab PDFs read back with pypdf, a real folder as the
share; crashes at every share operation of both rounds."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import db
from app.config import documents_dir
from app.domain.documents import FileState
from app.domain.enums import DocumentStatus
from app.models.meeting import Decision
from app.services.document_register import set_document_status, verify_document
from app.services.reporting import REPORTS, IssuedDocument
from app.sync.faults import FaultyShare, SimulatedCrash
from app.sync.round import RoundReport, run_round
from app.sync.service import local_status, sync_once
from app.sync.share import Share

PASSPHRASE = "phrase du département de test"


@pytest.fixture
def pair(demo_template: Path, template_db: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A (the demo, which starts the share), B (an empty base joining it) and the share."""
    a, b, share = tmp_path / "a" / "gip.sqlite", tmp_path / "b" / "gip.sqlite", tmp_path / "partage"
    for path in (a.parent, b.parent, share):
        path.mkdir()
    shutil.copy(demo_template, a)
    shutil.copy(template_db, b)
    return a, b, share


def _issue_deliberation(path: Path, *, amend: IssuedDocument | None = None) -> IssuedDocument:
    """The latest délibération generated and registered on `path`; with `amend`, that document's
    délibération regenerated after a change to its articles (a draft: regenerated in place)."""
    db.init_engine(path)
    try:
        if amend is not None:
            with db.unit_of_work() as session:
                decision = session.get(Decision, amend.info.subject_id)
                assert decision is not None
                decision.articles += "\nArticle 9 : la programmation est amendée en séance."
        with db.unit_of_work() as session:
            subject = amend.info.subject_id if amend is not None else None
            return REPORTS["deliberation"].issue(session, subject_id=subject, latest=subject is None)
    finally:
        db.dispose()


def _state(path: Path, issued: IssuedDocument) -> FileState:
    db.init_engine(path)
    try:
        with db.unit_of_work() as session:
            return verify_document(session, issued.info.id)
    finally:
        db.dispose()


def _round(path: Path, share: Path) -> RoundReport:
    return sync_once(path, share, PASSPHRASE)


def _shared_files(share: Path) -> list[Path]:
    return sorted(share.glob("maillage-sync/replicas/*/files/*.doc"))


def test_a_document_generated_on_one_workstation_is_readable_on_the_other(
        pair: tuple[Path, Path, Path]) -> None:
    a, b, share = pair
    issued = _issue_deliberation(a)
    sent = _round(a, share)
    assert sent.documents_sent == 1
    [sealed] = _shared_files(share)
    assert sealed.name == f"{issued.info.sha256}.doc"  # no user text in the name
    assert b"%PDF" not in sealed.read_bytes() and b"rapporteur" not in sealed.read_bytes()  # sealed

    received = _round(b, share)

    assert received.documents_received == 1 and "Documents envoyés : 0 ; reçus : 1" in received.describe()
    last = local_status(b).last_round  # the Synchronisation page and `sync status` count them too
    assert last is not None and (last.documents_sent, last.documents_received) == (0, 1)
    assert "ms ; documents : 0 envoyé, 1 reçu" in local_status(b).describe()
    copy = documents_dir(b) / issued.info.file_name
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == issued.info.sha256
    assert "Délibération" in PdfReader(copy).pages[0].extract_text()
    assert _state(b, issued) is FileState.INTACT
    again = _round(b, share)  # nothing more to do: no copy sent back, nothing received twice
    assert (again.documents_sent, again.documents_received) == (0, 0) and len(_shared_files(share)) == 1
    copy.unlink()  # deleted here by mistake: the share gives it back
    assert _round(b, share).documents_received == 1 and _state(b, issued) is FileState.INTACT


def test_a_draft_regenerated_elsewhere_replaces_the_older_copy_but_never_a_file_changed_by_hand(
        pair: tuple[Path, Path, Path]) -> None:
    a, b, share = pair
    first = _issue_deliberation(a)
    _round(a, share)
    _round(b, share)
    second = _issue_deliberation(a, amend=first)
    assert second.info.file_name == first.info.file_name and second.info.sha256 != first.info.sha256
    _round(a, share)

    assert _round(b, share).documents_received == 1  # the earlier draft here was an older copy
    copy = documents_dir(b) / second.info.file_name
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == second.info.sha256
    assert "amendée en séance" in "".join(page.extract_text() for page in PdfReader(copy).pages)

    db.init_engine(a)
    try:
        with db.unit_of_work() as session:
            set_document_status(session, second.info.id, DocumentStatus.SENT)
    finally:
        db.dispose()
    _round(a, share)
    copy.write_bytes(copy.read_bytes() + b"% retouche\n")  # by hand, on B
    assert _round(b, share).documents_received == 0
    assert copy.read_bytes().endswith(b"% retouche\n") and _state(b, second) is FileState.MODIFIED


def test_a_file_altered_on_the_share_goes_to_quarantine_not_to_the_documents_folder(
        pair: tuple[Path, Path, Path]) -> None:
    a, b, share = pair
    issued = _issue_deliberation(a)
    _round(a, share)
    [sealed] = _shared_files(share)
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 0x01
    sealed.write_bytes(bytes(data))

    report = _round(b, share)

    assert report.documents_received == 0 and report.received > 0  # the register itself is applied
    assert not (documents_dir(b) / issued.info.file_name).exists()
    [held] = local_status(b).quarantine
    assert held.name == sealed.relative_to(sealed.parents[1]).as_posix()
    told = f"Authentification échouée : « {issued.info.reference} » n'a pas été copié sur ce poste."
    assert held.reason == told
    assert _round(b, share).quarantined == []  # the same content is not read again every round


def test_a_document_gone_from_the_share_while_read_waits_for_the_next_round(
        pair: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Taken away between the listing and the reading (an antivirus): the round applies the register and
    goes through; the document comes at the next round. It failed the whole round."""
    a, b, share = pair
    issued = _issue_deliberation(a)
    _round(a, share)
    [sealed] = _shared_files(share)
    aside = tmp_path / "mis-de-cote.doc"
    read = Share.read

    def antivirus(self: Share, rel: str) -> bytes:
        if rel.endswith(sealed.name) and sealed.exists():
            sealed.rename(aside)
        return read(self, rel)

    monkeypatch.setattr(Share, "read", antivirus)
    report = _round(b, share)
    monkeypatch.undo()

    assert report.received > 0 and report.documents_received == 0
    aside.rename(sealed)
    assert _round(b, share).documents_received == 1
    assert (documents_dir(b) / issued.info.file_name).exists()


def test_a_file_altered_on_the_share_is_written_again_by_its_owner_then_received(
        pair: tuple[Path, Path, Path]) -> None:
    """B tells in its heartbeat the document it refused (its SHA-256 only); A, whose folder holds it,
    reads its copy back, finds it altered and writes it again from its intact file; B receives it at its
    next round, and its quarantine is empty. A copy that is sound on the share is never rewritten."""
    a, b, share = pair
    issued = _issue_deliberation(a)
    _round(a, share)
    [sealed] = _shared_files(share)
    first = sealed.read_bytes()
    data = bytearray(first)
    data[len(data) // 2] ^= 0x01
    sealed.write_bytes(bytes(data))
    assert _round(b, share).documents_received == 0 and len(local_status(b).quarantine) == 1
    [beat_file] = (share / "maillage-sync" / "replicas" / local_status(b).replica_id / "state").iterdir()
    beat = json.loads(beat_file.read_bytes())
    assert beat["refused"] == [issued.info.sha256]

    assert _round(a, share).documents_sent == 1
    assert sealed.read_bytes() == first  # the same bytes as first written
    again = _round(b, share)
    assert again.documents_received == 1 and local_status(b).quarantine == ()
    assert _state(b, issued) is FileState.INTACT
    written = sealed.stat().st_mtime_ns
    assert _round(a, share).documents_sent == 0 and sealed.stat().st_mtime_ns == written


def test_a_register_name_leaving_the_documents_folder_is_refused(pair: tuple[Path, Path, Path]) -> None:
    a, b, share = pair
    issued = _issue_deliberation(a)
    _round(a, share)  # the file is on the share
    conn = sqlite3.connect(a)
    with conn:  # then its register name changed, as a tampered or buggy workstation would send it
        conn.execute("UPDATE document SET file_name = '../../evasion.pdf' WHERE file_name = ?",
                     (issued.info.file_name,))
    conn.close()
    _round(a, share)

    report = _round(b, share)

    assert report.documents_received == 0
    assert any("sortirait du dossier des documents" in w for w in report.warnings)
    assert not list(b.parent.parent.glob("**/evasion.pdf"))


def _until_done(path: Path, share: Path) -> int:
    """Rounds crashed at their 1st, 2nd… share operation, until one completes; returns the crashes."""
    for crash_at in itertools.count(1):
        try:
            run_round(path, share, PASSPHRASE, share=FaultyShare(share, crash_at=crash_at))
        except SimulatedCrash:
            continue
        return crash_at - 1
    raise AssertionError("unreachable")


def test_a_crash_at_any_step_leaves_no_half_document_on_either_side(pair: tuple[Path, Path, Path]) -> None:
    a, b, share = pair
    issued = _issue_deliberation(a)
    assert _until_done(a, share) > 5
    [sealed] = _shared_files(share)
    assert sealed.name == f"{issued.info.sha256}.doc"
    left = sealed.with_name(f".tmp-0123456789ab-{sealed.name}")  # a process killed before its rename
    left.write_bytes(sealed.read_bytes()[:100])
    _round(a, share)
    assert not left.exists()  # its owner removes it
    copy = documents_dir(b) / issued.info.file_name
    for crash_at in itertools.count(1):
        try:
            run_round(b, share, PASSPHRASE, share=FaultyShare(share, crash_at=crash_at))
        except SimulatedCrash:
            assert not copy.exists() or hashlib.sha256(copy.read_bytes()).hexdigest() == issued.info.sha256
            partial = [p for p in documents_dir(b).rglob("*") if p.is_file() and p != copy]
            assert not partial
            continue
        break
    assert _state(b, issued) is FileState.INTACT
