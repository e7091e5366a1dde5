"""Sync use cases for the CLI and the UI: one round, local status, conflicts (frozen domain objects)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import thread_guard
from app.domain.progress import NO_PROGRESS, Progress
from app.domain.sync import (
    ConflictInfo,
    ConflictValue,
    ObjectRecord,
    PeerInfo,
    QuarantineInfo,
    ReviewItem,
    RoundInfo,
    SyncStatus,
)
from app.models.invariants import broken_rules
from app.sync.display import Describer
from app.sync.history import conflicts_where, object_history, received_changes
from app.sync.peers import is_demo
from app.sync.round import RoundReport, connect, run_round

SHARE_KEY = "sync.share"
_SHARE_SQL = f"SELECT value FROM local_meta WHERE key = '{SHARE_KEY}'"


def sync_once(
    db_path: Path,
    share_dir: Path,
    passphrase: str,
    *,
    snapshot: bool | None = False,
    progress: Progress = NO_PROGRESS,
) -> RoundReport:
    """One round; `snapshot`: publish one (True), or when the share's newest is old (None: the app's
    rounds, app.sync.snapshot.snapshot_due)."""
    report = run_round(db_path, share_dir, passphrase, snapshot=snapshot, progress=progress)
    _remember_share(db_path, share_dir)
    return report


def _remember_share(db_path: Path, share_dir: Path) -> None:
    """The share of this database, absolute: the app, started from elsewhere, finds the folder the CLI
    was given."""
    conn = connect(db_path)
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO local_meta(key, value) VALUES (?, ?)",
                (SHARE_KEY, str(Path(share_dir).absolute())),
            )
    finally:
        conn.close()


def _one(conn: sqlite3.Connection, sql: str, default: object = None) -> object:
    row = conn.execute(sql).fetchone()
    return row[0] if row else default


def local_status(db_path: Path) -> SyncStatus:
    """Reads the local database only (no share access)."""
    conn = thread_guard.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        state = conn.execute("SELECT replica_id, seq, published_seq FROM sync_state WHERE id = 1").fetchone()
        me, seq, published = state if state else ("", 0, 0)
        me, seq, published = str(me or ""), int(seq or 0), int(published or 0)
        row = conn.execute(
            "SELECT started, duration_ms, sent, received, ok, message, documents_sent, documents_received "
            "FROM sync_round ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return SyncStatus(
            replica_id=me,
            share=str(_one(conn, _SHARE_SQL, "")),
            pending=seq - published,
            last_round=_round_info(row) if row else None,
            peers=_peers(conn, me, seq),
            quarantine=tuple(
                QuarantineInfo(*r)
                for r in conn.execute("SELECT replica_id, name, reason, at FROM sync_quarantine ORDER BY at")
            ),
            conflicts=tuple(conflicts(conn)),
            to_review=to_review(conn),
            passphrase_saved=bool(saved_passphrase()),
            demo=is_demo(conn),
            received=received_changes(conn, me) if me else (),
            joined=str(_one(conn, "SELECT joined_at FROM sync_state WHERE id = 1", "")),
        )
    finally:
        conn.close()


def _peers(conn: sqlite3.Connection, me: str, seq: int) -> tuple[PeerInfo, ...]:
    """The other workstations as last read on the share, with how many saved changes each way are not
    through yet: ours (`me`, `seq` saved here) it had not applied at its last round, and its own not
    applied here."""
    applied = {str(r): int(s) for r, s in conn.execute("SELECT replica_id, seq FROM sync_vector")}
    peers = []
    rows = conn.execute("SELECT replica_id, label, app_version, last_seen, clock_warning, vector "
                        "FROM sync_peer ORDER BY label")
    for replica, label, version, seen, warning, vector in rows:
        theirs = json.loads(vector or "{}")
        waiting = max(seq - int(theirs.get(me, 0)), 0)
        to_receive = max(int(theirs.get(replica, 0)) - applied.get(replica, 0), 0)
        peers.append(PeerInfo(replica, label, version, seen, warning, waiting, to_receive))
    return tuple(peers)


def to_review(conn: sqlite3.Connection) -> tuple[ReviewItem, ...]:
    """The objects breaking a rule that merging cannot keep (two pilots, a number given twice…)."""
    describe = Describer(conn)
    return tuple(
        ReviewItem(broken.rule.description, table, row_id, describe.label(table, row_id))
        for broken in broken_rules(lambda query: conn.execute(query).fetchall())
        for table in (broken.rule.table,)
        for row_id in broken.row_ids
    )


def conflicts(
    conn: sqlite3.Connection, table: str = "", row_id: str = "", *, parts: bool = False
) -> list[ConflictInfo]:
    """Each conflicted field with its concurrent values, who wrote them and when (of one object when
    `table` and `row_id` are given; with `parts`, of its parts too, as in its history)."""
    result = []
    where, args = conflicts_where(table, row_id, parts=parts) if table else ("", ())
    query = f"SELECT tbl, row_id, col FROM sync_conflict {where}ORDER BY since_hlc"
    describe, workstations = Describer(conn), _workstations(conn)
    for table, row_id, col in conn.execute(query, args).fetchall():
        heads = conn.execute(
            "SELECT h.value, coalesce(d.author, ''), h.replica_id, h.hlc FROM sync_head h "
            "LEFT JOIN sync_dot d ON d.replica_id = h.replica_id AND d.seq = h.seq "
            "WHERE h.tbl = ? AND h.row_id = ? AND h.col = ? ORDER BY h.hlc DESC",
            (table, row_id, col),
        ).fetchall()
        values = tuple(  # who: the author, else the workstation (no profile filled in there)
            ConflictValue(describe.value(table, col, v, kept="conservé (modifié)"),
                          a or workstations.get(r, f"poste {r[:8]}"), r, h, v)
            for v, a, r, h in heads
        )
        label, mergeable = describe.label(table, str(row_id)), describe.free_text(table, col)
        result.append(ConflictInfo(table, str(row_id), col, values, label, mergeable))
    return result


def _passphrase_file() -> Path:
    from app.config import config_dir

    return config_dir() / "sync-passphrase"


def save_setup(db_path: Path, share_dir: Path, passphrase: str) -> None:
    """« Rejoindre un dossier de synchronisation »: check the passphrase against the share, then keep
    it outside the database (config dir, owner-only), so that neither backups nor snapshots carry it."""
    from app.sync.peers import refuse_demo_joining
    from app.sync.share import Share
    from app.sync.share_format import open_format

    share = Share(share_dir)
    open_format(share, passphrase)
    conn = _read_only(db_path)
    try:
        me = str(_one(conn, "SELECT replica_id FROM sync_state WHERE id = 1", ""))
        refuse_demo_joining(conn, share, me)
    finally:
        conn.close()
    _write_private(_passphrase_file(), passphrase)
    _remember_share(db_path, share_dir)


def _write_private(path: Path, text: str) -> None:
    """Readable by its owner only from its creation on (no moment with the umask's rights)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)  # an older file kept its rights through O_CREAT


def saved_passphrase() -> str:
    try:
        return _passphrase_file().read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def sync_configured(db_path: Path, *, progress: Progress = NO_PROGRESS) -> SyncStatus:
    """One round with the saved share and passphrase (the page's button, automatic rounds)."""
    share, passphrase = configured_share(db_path), saved_passphrase()
    if not share or not passphrase:
        from app.domain.errors import DomainError

        raise DomainError("Aucun dossier de synchronisation n'est configuré sur ce poste.")
    sync_once(db_path, Path(share), passphrase, snapshot=None, progress=progress)
    return local_status(db_path)


def configured_share(db_path: Path) -> str:
    """The share folder this database syncs with ('' when none): one read, without the status's
    conflicts and review (a round reads the whole status once, at its end)."""
    conn = thread_guard.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return str(_one(conn, _SHARE_SQL, ""))
    finally:
        conn.close()


def resolve_field(db_path: Path, table: str, row_id: str, column: str, value: object) -> SyncStatus:
    """Keep one of the concurrent values (or a merged one): a local edit, replicated like any other."""
    from app.sync.capture import stamp
    from app.sync.conflicts import resolve_conflict
    from app.sync.txn import transaction

    conn = connect(db_path)
    try:
        with transaction(conn):
            resolve_conflict(conn, table, row_id, column, value)
            stamp(conn)
    finally:
        conn.close()
    return local_status(db_path)


def retry_quarantined(db_path: Path, replica_id: str, name: str) -> SyncStatus:
    """Forget a quarantine verdict: the next round reads the file again (after an update, a re-publish)."""
    conn = connect(db_path)
    try:
        with conn:
            conn.execute("DELETE FROM sync_quarantine WHERE replica_id = ? AND name = ?", (replica_id, name))
    finally:
        conn.close()
    return local_status(db_path)


def _read_only(db_path: Path) -> sqlite3.Connection:
    return thread_guard.connect(f"file:{db_path}?mode=ro", uri=True)


def object_conflicts(
    db_path: Path, table: str, row_id: str, *, parts: bool = False
) -> tuple[ConflictInfo, ...]:
    """The conflicted fields of one object (badges in detail panes and forms); with `parts`, those of
    its parts too, as in its history (a funding line's amount shows on its fiche action)."""
    conn = _read_only(db_path)
    try:
        return tuple(conflicts(conn, table, row_id, parts=parts))
    finally:
        conn.close()


def rows_conflicts(db_path: Path, table: str, row_ids: Sequence[str]) -> tuple[ConflictInfo, ...]:
    """The conflicted fields of these rows of one table, read on one connection (the actions of a
    séance's follow-up sheet)."""
    conn = _read_only(db_path)
    try:
        return tuple(conflict for row_id in row_ids for conflict in conflicts(conn, table, row_id))
    finally:
        conn.close()


def _round_info(row: tuple[Any, ...]) -> RoundInfo:
    started, duration_ms, sent, received, ok, message, documents_sent, documents_received = row
    return RoundInfo(started, duration_ms, sent, received, bool(ok), message, documents_sent,
                     documents_received)


def workstation_labels(db_path: Path) -> dict[str, str]:
    """Replica id → how users name the workstation (« ce poste » for the local one)."""
    conn = _read_only(db_path)
    try:
        return _workstations(conn)
    finally:
        conn.close()


def _workstations(conn: sqlite3.Connection) -> dict[str, str]:
    peers = conn.execute("SELECT replica_id, label FROM sync_peer").fetchall()
    labels = {r: label or f"poste {r[:8]}" for r, label in peers}
    me = str(_one(conn, "SELECT replica_id FROM sync_state WHERE id = 1", ""))
    if me:
        labels[me] = "ce poste"
    return labels


def object_record(db_path: Path, table: str, row_id: str) -> ObjectRecord:
    """History, conflicts and workstation names of one object: what a detail pane shows (one job). Its
    parts count, as in its history: a funding line's amount in conflict shows on its fiche action."""
    return ObjectRecord(
        table,
        row_id,
        object_history(db_path, table, row_id),
        object_conflicts(db_path, table, row_id, parts=True),
        workstation_labels(db_path),
    )
