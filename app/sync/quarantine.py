"""The quarantine: a file of the share that failed its checks (a segment, a part, a document), kept out
with its reason until it changes on the share or the user asks to read it again."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

log = logging.getLogger(__name__)


def quarantined(conn: sqlite3.Connection, replica: str, name: str, digest: str) -> bool:
    """This very content (its hash) was already refused: not read again."""
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
