"""Segment garbage collection (SYNC.md "Snapshots", I7): an owner removes a segment of its own, and
prunes its outbox, only when a snapshot covers it, every active replica acknowledged it, and the
retention period has passed."""

from __future__ import annotations

import json
import logging
import sqlite3
import time

from app.sync.segment import parse_part
from app.sync.share import Share
from app.sync.snapshot import manifests

log = logging.getLogger(__name__)

RETENTION_DAYS = 180


def _snapshot_cover(share: Share, me: str) -> int:
    covers = []
    for _base, manifest in manifests(share):
        vector = manifest.get("vector")
        covers.append(int(vector.get(me, 0)) if isinstance(vector, dict) else 0)
    return max(covers, default=0)


def _acknowledged(conn: sqlite3.Connection, me: str, active_since: float) -> int:
    """Lowest seq of ours acknowledged by the replicas seen within the retention period."""
    acks = []
    for vector_json, last_seen in conn.execute("SELECT vector, last_seen FROM sync_peer"):
        if last_seen and _iso_ts(last_seen) < active_since:
            continue  # inactive for longer than the retention period
        acks.append(int(json.loads(vector_json or "{}").get(me, 0)))
    return min(acks, default=0)


def _iso_ts(text: str) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return 0.0


def collect(
    conn: sqlite3.Connection,
    share: Share,
    me: str,
    *,
    retention_days: float = RETENTION_DAYS,
    now: float | None = None,
) -> int:
    """Remove our old segments and prune the outbox; returns the number of files removed."""
    now = time.time() if now is None else now
    cutoff = now - retention_days * 86400
    active_since = now - RETENTION_DAYS * 86400  # a replica silent for longer no longer holds GC back
    bound = min(_snapshot_cover(share, me), _acknowledged(conn, me, active_since))
    removed = 0
    rows = conn.execute(
        "SELECT seq_from, seq_to, name FROM sync_segment WHERE replica_id = ? AND seq_to <= ? "
        "ORDER BY seq_from",
        (me, bound),
    ).fetchall()
    parts = _part_files(share, me) if rows else {}
    for seq_from, seq_to, name in rows:
        rel = f"replicas/{me}/seg/{name}"
        if share.exists(rel) and share.mtime(rel) > cutoff:
            break
        for part in parts.get(seq_from, []) if seq_from == seq_to else []:
            share.remove(f"replicas/{me}/seg/{part}")  # the earlier parts of a split transaction
        share.remove(rel)
        removed += 1
        _prune_outbox(conn, me, seq_to)
    return removed


def _part_files(share: Share, me: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for name in share.listdir(f"replicas/{me}/seg"):
        parsed = parse_part(name)
        if parsed is not None:
            found.setdefault(parsed[0], []).append(name)
    return found


def _prune_outbox(conn: sqlite3.Connection, me: str, upto: int) -> None:
    with conn:
        last = conn.execute("SELECT max(last_op) FROM sync_txn WHERE replica_id = ? AND seq <= ?", (me, upto))
        top = last.fetchone()[0]
        conn.execute("DELETE FROM sync_txn WHERE replica_id = ? AND seq <= ?", (me, upto))
        if top is not None:
            # the newest op stays: without it SQLite would reuse rowids below sync_state.last_op
            conn.execute("DELETE FROM sync_op WHERE id <= ? AND id < (SELECT max(id) FROM sync_op)", (top,))
