"""Ingesting other replicas' segments (SYNC.md "Ingest"): verify, guard, wait for gaps, apply atomically."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain.progress import NO_PROGRESS, Progress
from app.sync.capture import vector
from app.sync.merge import Merger, Txn, set_applying
from app.sync.segment import BadSegmentError, Segment, decode, parse_name
from app.sync.share import Share

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    received: int = 0
    segments: int = 0
    quarantined: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    clock_warnings: dict[str, int] = field(default_factory=dict)


def _pending_names(share: Share, replica: str, have: int) -> list[tuple[int, int, str]]:
    found = []
    for name in share.listdir(f"replicas/{replica}/seg"):
        parsed = parse_name(name)
        if parsed is not None and parsed[1] > have:
            found.append((parsed[0], parsed[1], name))
    return sorted(found)


def _quarantined(conn: sqlite3.Connection, replica: str, name: str, digest: str) -> bool:
    row = conn.execute(
        "SELECT content_hash FROM sync_quarantine WHERE replica_id = ? AND name = ?", (replica, name)
    ).fetchone()
    return row is not None and row[0] == digest


def quarantine(conn: sqlite3.Connection, replica: str, name: str, reason: str, digest: str) -> None:
    log.warning("Quarantine %s/%s: %s", replica, name, reason)
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO sync_quarantine(replica_id, name, reason, content_hash, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (replica, name, reason, digest, datetime.now(UTC).isoformat()),
        )


def _check_chain(conn: sqlite3.Connection, seg: Segment) -> None:
    if seg.seq_from == 1 and seg.prev:
        raise BadSegmentError("chaîne rompue : premier segment avec un prédécesseur")
    row = conn.execute(
        "SELECT hash FROM sync_segment WHERE replica_id = ? AND seq_to = ?", (seg.replica, seg.seq_from - 1)
    ).fetchone()
    if row is not None and row[0] and row[0] != seg.prev:
        raise BadSegmentError("chaîne rompue : le segment ne suit pas le précédent de ce poste")


def _ready(seg: Segment, applied: dict[str, int]) -> list[Txn] | None:
    """The transactions still to apply, or None while a causal dependency is missing (a gap waits)."""
    todo, sim = [], dict(applied)
    for tx in seg.txns:
        if tx.seq <= sim.get(tx.replica, 0):
            continue
        if not tx.ready(sim):
            return None
        todo.append(tx)
        sim[tx.replica] = tx.seq
    return todo


def apply_segment(conn: sqlite3.Connection, seg: Segment, todo: list[Txn], name: str, digest: str) -> Merger:
    """One SQLite transaction: the ops, the registers, the high-water mark and the chain record."""
    merger = Merger(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        set_applying(conn, True)
        for tx in todo:
            merger.apply(tx)
        set_applying(conn, False)
        conn.execute(
            "INSERT OR REPLACE INTO sync_segment(replica_id, seq_from, seq_to, hash, name) "
            "VALUES (?, ?, ?, ?, ?)",
            (seg.replica, seg.seq_from, seg.seq_to, digest, name),
        )
        conn.execute("DELETE FROM sync_quarantine WHERE replica_id = ? AND name = ?", (seg.replica, name))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return merger


def _try_replica(
    conn: sqlite3.Connection, share: Share, key: bytes, replica: str, report: IngestReport
) -> bool:
    """Apply the next segment of `replica` if possible; True when something was applied."""
    have = vector(conn).get(replica, 0)
    for seq_from, _seq_to, name in _pending_names(share, replica, have):
        if seq_from > have + 1:
            report.waiting.append(f"{replica[:8]} : segments manquants après {have}")
            return False
        data = share.read(f"replicas/{replica}/seg/{name}")
        digest = hashlib.sha256(data).hexdigest()
        if _quarantined(conn, replica, name, digest):
            return False
        try:
            seg = decode(key, name, data, replica)
            _check_chain(conn, seg)
        except BadSegmentError as exc:
            quarantine(conn, replica, name, exc.reason, digest)
            report.quarantined.append(f"{name} : {exc.reason}")
            return False
        todo = _ready(seg, vector(conn))
        if todo is None:
            report.waiting.append(f"{replica[:8]} : en attente de dépendances")
            return False
        try:
            merger = apply_segment(conn, seg, todo, name, digest)
        except sqlite3.IntegrityError as exc:  # rolled back whole: never half-applied
            quarantine(conn, replica, name, f"intégrité de la base : {exc}", digest)
            report.quarantined.append(f"{name} : intégrité de la base")
            return False
        report.received += len(todo)
        report.segments += 1
        report.clock_warnings.update(merger.clock_warnings)
        return True
    return False


def count_pending(conn: sqlite3.Connection, share: Share, me: str) -> tuple[list[str], int]:
    """The other replicas on the share and how many of their segments are new here (listing step)."""
    replicas = [r for r in share.listdir("replicas") if r != me and len(r) == 32]
    have = vector(conn)
    return replicas, sum(len(_pending_names(share, r, have.get(r, 0))) for r in replicas)


def ingest_all(
    conn: sqlite3.Connection, share: Share, key: bytes, me: str, *, progress: Progress = NO_PROGRESS
) -> IngestReport:
    """Passes over every other replica until nothing more can be applied; `progress` gets
    (segments applied, segments listed) after each segment."""
    report = IngestReport()
    replicas, total = count_pending(conn, share, me)
    progress.report(0, total, "Réception des modifications des autres postes")
    applied_some = True
    while applied_some:
        report.waiting.clear()
        applied_some = False
        for replica in replicas:
            while _try_replica(conn, share, key, replica, report):
                applied_some = True
                progress.report(
                    min(report.segments, total),
                    max(total, report.segments),
                    "Réception des modifications des autres postes",
                )
    return report
