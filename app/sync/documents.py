"""The official PDFs travel with their register entries: a document generated on one workstation is
readable on every other one, not « Fichier absent ».

On the share, each file is `replicas/<replica>/files/<sha256>.doc`: named by its SHA-256 (no user
text), sealed with the departmental key (the SHA-256 as associated data: a file cannot pass for another
one), written once by the first workstation that has it. A round:
- sends, right after publishing, the documents this workstation holds intact (their file hashes to the
  register's SHA-256) that no workstation has put on the share yet;
- receives, right after ingesting, the documents whose file is missing here, or is an older copy of the
  same document (a draft regenerated elsewhere: its earlier SHA-256 is in the document's history), checks
  the SHA-256 against the register and writes the file whole.
A file modified here by hand is never replaced (the register flags it); a file that fails its
authentication or its SHA-256 on the share goes to quarantine with the document's name, never to the
documents folder; a register file name that would leave the documents folder is refused.
A workstation tells in its heartbeat the SHA-256 of the documents it holds in quarantine; the workstation
whose folder holds one reads it back, and writes it again from its intact copy when the share's copy fails
its checks (altered on the share): the others receive it at their next round."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.config import documents_dir
from app.domain.progress import NO_PROGRESS, Progress
from app.files import sha256_of, write_whole
from app.sync.crypto import UnauthenticError, seal, unseal
from app.sync.identity import main_file
from app.sync.quarantine import quarantine, quarantined
from app.sync.share import Share

log = logging.getLogger(__name__)

SUFFIX = ".doc"
_DOCUMENTS_SQL = ("SELECT id, coalesce(nullif(reference, ''), title), file_name, sha256 FROM document "
                  "WHERE deleted = 0 AND file_name != '' AND length(sha256) = 64")
_EARLIER_SQL = ("SELECT 1 FROM sync_log WHERE tbl = 'document' AND row_id = ? AND col = 'sha256' "
                "AND (before = ? OR after = ?) LIMIT 1")
_hashes: dict[str, tuple[int, int, str]] = {}  # path → (size, mtime_ns, SHA-256): changed files only rehashed


@dataclass(frozen=True)
class _Entry:
    row_id: object
    name: str  # its reference (« Délibération n° 2026-CA-014 »), else its title
    file_name: str
    sha256: str


@dataclass
class FilesReport:
    received: int = 0
    quarantined: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _aad(sha256: str) -> bytes:
    return b"maillage-document v1 " + sha256.encode("ascii")


def _folder(conn: sqlite3.Connection) -> Path | None:
    database = main_file(conn)
    return documents_dir(Path(database)) if database else None


def _entries(conn: sqlite3.Connection) -> list[_Entry]:
    return [_Entry(row_id, str(title), str(name), str(sha).lower())
            for row_id, title, name, sha in conn.execute(_DOCUMENTS_SQL)]


def documents_on_share(share: Share) -> dict[str, str]:
    """SHA-256 → the replica folder holding it, from one listing per workstation (once per round: a
    file put there meanwhile by another workstation is received at the next)."""
    found: dict[str, str] = {}
    for replica in share.replicas():
        for name in share.listdir(f"replicas/{replica}/files"):
            if name.endswith(SUFFIX) and len(name) == 64 + len(SUFFIX):
                found.setdefault(name[:64], replica)
    return found


def _inside(folder: Path, file_name: str) -> Path | None:
    """The file's path, or None when the register's name would leave the documents folder."""
    path = (folder / file_name).resolve()
    root = folder.resolve()
    if os.path.isabs(file_name) or path.suffix.lower() != ".pdf" or root not in path.parents:
        return None
    return path


def file_hash(path: Path) -> str | None:
    """The file's SHA-256 (None when absent), read again only when its size or date changed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    known = _hashes.get(str(path))
    if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
        return known[2]
    digest = sha256_of(path)
    _hashes[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
    return digest


def send_documents(conn: sqlite3.Connection, share: Share, key: bytes, me: str, there: dict[str, str],
                   progress: Progress = NO_PROGRESS) -> int:
    """Put on the share the intact documents of this workstation that no workstation has put there
    (`there`, which records them)."""
    folder = _folder(conn)
    if folder is None:
        return 0
    todo = {}
    for entry in _entries(conn):
        path = _inside(folder, entry.file_name)
        if entry.sha256 not in there and path is not None and file_hash(path) == entry.sha256:
            todo[entry.sha256] = path
    for done, (sha256, path) in enumerate(sorted(todo.items()), start=1):
        progress.report(done, len(todo), f"Documents : envoi {done} sur {len(todo)}")
        share.makedirs(f"replicas/{me}/files")
        sealed = seal(key, path.read_bytes(), _aad(sha256))
        share.write_atomic(f"replicas/{me}/files/{sha256}{SUFFIX}", sealed)
        there[sha256] = me
    return len(todo)


def _wanted(conn: sqlite3.Connection, path: Path, entry: _Entry) -> bool:
    """Missing here, or an earlier version of this very document: not a file modified by hand."""
    local = file_hash(path)
    if local is None:
        return True
    if local == entry.sha256:
        return False
    return conn.execute(_EARLIER_SQL, (entry.row_id, local, local)).fetchone() is not None


def receive_documents(conn: sqlite3.Connection, share: Share, key: bytes, there: dict[str, str],
                      progress: Progress = NO_PROGRESS) -> FilesReport:
    """Copy here the documents of the register whose file is missing or outdated and is on the share."""
    report = FilesReport()
    folder = _folder(conn)
    if folder is None:
        return report
    todo: list[tuple[_Entry, Path]] = []
    for entry in _entries(conn):
        path = _inside(folder, entry.file_name)
        if path is None:
            log.warning("Document %s: file name %r refused (outside the documents folder)", entry.name,
                        entry.file_name)
            report.warnings.append(f"Document « {entry.name} » : son nom de fichier « {entry.file_name} » "
                                   "sortirait du dossier des documents ; il n'a pas été copié sur ce poste.")
        elif entry.sha256 in there and _wanted(conn, path, entry):
            todo.append((entry, path))
    for done, (entry, path) in enumerate(todo, start=1):
        progress.report(done, len(todo), f"Documents : réception {done} sur {len(todo)}")
        if _receive(conn, share, key, there[entry.sha256], entry, path, report):
            report.received += 1
    return report


def _receive(conn: sqlite3.Connection, share: Share, key: bytes, replica: str, entry: _Entry, path: Path,
             report: FilesReport) -> bool:
    name = f"files/{entry.sha256}{SUFFIX}"
    try:
        sealed = share.read(f"replicas/{replica}/{name}")
    except FileNotFoundError:  # gone since the listing: the next round lists again
        log.warning("Document %s gone from the share while read", name)
        return False
    digest = hashlib.sha256(sealed).hexdigest()
    if quarantined(conn, replica, name, digest):
        return False
    try:
        data = unseal(key, sealed, _aad(entry.sha256))
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise UnauthenticError("empreinte SHA-256 différente de celle du registre")
    except UnauthenticError as exc:
        reason = f"{str(exc).capitalize()} : « {entry.name} » n'a pas été copié sur ce poste."
        quarantine(conn, replica, name, reason, digest)
        report.quarantined.append(f"{name} : {reason}")
        return False
    write_whole(path, data)
    with conn:
        conn.execute("DELETE FROM sync_quarantine WHERE replica_id = ? AND name = ?", (replica, name))
    log.info("Document %s received from %s", entry.file_name, replica)
    return True


def refused_here(conn: sqlite3.Connection) -> list[str]:
    """The SHA-256 of the documents this workstation holds in quarantine (told in its heartbeat)."""
    rows = conn.execute("SELECT name FROM sync_quarantine WHERE name LIKE 'files/%'")
    return sorted({name[6:70] for (name,) in rows if name.endswith(SUFFIX) and len(name) == 70 + len(SUFFIX)})


def repair_documents(conn: sqlite3.Connection, share: Share, key: bytes, me: str, refused: set[str]) -> int:
    """The documents of this workstation's folder that another workstation refused (`refused`): each is
    read back, and written again from the intact copy here when the share's copy fails its checks (the
    same bytes as first written: the nonce is derived from the content). Returns how many were."""
    folder = _folder(conn)
    if folder is None or not refused:
        return 0
    mine = set(share.listdir(f"replicas/{me}/files"))
    repaired = 0
    for entry in _entries(conn):
        name, path = f"{entry.sha256}{SUFFIX}", _inside(folder, entry.file_name)
        if entry.sha256 not in refused or name not in mine or path is None or file_hash(path) != entry.sha256:
            continue  # not asked for, not in this folder, or no intact copy here to write it from
        rel = f"replicas/{me}/files/{name}"
        if _sound(share.read(rel), key, entry.sha256):
            continue
        share.write_atomic(rel, seal(key, path.read_bytes(), _aad(entry.sha256)))
        log.warning("Document %s written again on the share (its copy there was altered)", entry.file_name)
        repaired += 1
    return repaired


def _sound(sealed: bytes, key: bytes, sha256: str) -> bool:
    try:
        return hashlib.sha256(unseal(key, sealed, _aad(sha256))).hexdigest() == sha256
    except UnauthenticError:
        return False
