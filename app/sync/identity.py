"""Replica identity, the install marker and fork detection (SYNC.md "Identity").

The marker lives in the user config dir, outside the database: a database copied to another machine
or another path, or restored over a newer one, no longer matches it and takes a new replica id.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from pathlib import Path

from app.files import write_whole

log = logging.getLogger(__name__)


def _marker_path(replica_id: str) -> Path:
    from app.config import config_dir

    return config_dir() / "sync-markers" / f"{replica_id}.json"


def main_file(conn: sqlite3.Connection) -> str:
    """The main database's file as SQLite names it ('' in memory)."""
    files = [file or "" for _seq, name, file in conn.execute("PRAGMA database_list") if name == "main"]
    return files[0] if files else ""


def db_file(conn: sqlite3.Connection) -> str:
    """The main database's file, resolved (what the install marker records)."""
    file = main_file(conn)
    return str(Path(file).resolve()) if file else ""


def _write_marker(replica_id: str, token: str, path: str) -> None:
    write_whole(_marker_path(replica_id), json.dumps({"token": token, "db": path}).encode())


def _marker_matches(replica_id: str, token: str, path: str) -> bool:
    try:
        data = json.loads(_marker_path(replica_id).read_text())
    except (OSError, ValueError):
        return False
    return bool(data.get("token") == token and data.get("db") == path)


def state_row(conn: sqlite3.Connection) -> sqlite3.Row | tuple[object, ...] | None:
    return conn.execute("SELECT replica_id, token, seq FROM sync_state WHERE id = 1").fetchone()  # type: ignore[no-any-return]


def ensure_identity(conn: sqlite3.Connection) -> str:
    """This database's replica id; a new one on first use or when the marker says it was copied."""
    path = db_file(conn)
    row = state_row(conn)
    if row is None:
        conn.execute(
            "INSERT INTO sync_state(id, replica_id, token, seq, hlc, last_op, published_seq, "
            "pending_segment) VALUES (1, '', '', 0, 0, 0, 0, '')"
        )
        row = ("", "", 0)
    replica_id, token = str(row[0]), str(row[1])
    if replica_id and _marker_matches(replica_id, token, path):
        return replica_id
    if replica_id:
        log.warning("Database %s was copied or restored: replica %s forks to a new id", path, replica_id)
        return fork(
            conn, reason="copie"
        )  # unpublished work is re-numbered: duplicates merge, nothing is lost
    return _new_identity(conn, path)


def _new_identity(conn: sqlite3.Connection, path: str) -> str:
    replica_id, token = secrets.token_hex(16), secrets.token_hex(16)
    conn.execute("UPDATE sync_state SET replica_id = ?, token = ? WHERE id = 1", (replica_id, token))
    conn.execute("INSERT OR IGNORE INTO sync_vector(replica_id, seq) VALUES (?, 0)", (replica_id,))
    _write_marker(replica_id, token, path)
    return replica_id


def fork(conn: sqlite3.Connection, *, reason: str, keep_upto: int | None = None) -> str:
    """Take a new replica id. Local transactions of the old id beyond `keep_upto` (what the old stream
    holds for sure) are re-numbered under the new id, so they never collide with the old stream."""
    old_id, _token, seq = conn.execute(
        "SELECT replica_id, token, seq FROM sync_state WHERE id = 1"
    ).fetchone()
    published = conn.execute("SELECT published_seq FROM sync_state WHERE id = 1").fetchone()[0]
    keep = published if keep_upto is None else keep_upto
    new_id = _new_identity(conn, db_file(conn))
    _renumber(conn, old_id, new_id, keep)
    moved = seq - keep
    conn.execute(
        "UPDATE sync_state SET seq = ?, published_seq = 0, pending_segment = '' WHERE id = 1",
        (max(moved, 0),),
    )
    conn.execute("UPDATE sync_vector SET seq = ? WHERE replica_id = ?", (keep, old_id))
    conn.execute("UPDATE sync_vector SET seq = ? WHERE replica_id = ?", (max(moved, 0), new_id))
    log.warning(
        "Fork (%s): replica %s → %s, %d local transactions re-numbered", reason, old_id, new_id, moved
    )
    return new_id


def _renumber(conn: sqlite3.Connection, old_id: str, new_id: str, keep: int) -> None:
    """The history (sync_log) follows its transactions: who, when and which workstation stay right; so do
    the contexts of the re-numbered transactions (what their author had seen, in the new numbering)."""
    for table in ("sync_txn", "sync_dot", "sync_head", "sync_log"):
        conn.execute(
            f"UPDATE {table} SET replica_id = ?, seq = seq - ? WHERE replica_id = ? AND seq > ?",
            (new_id, keep, old_id, keep),
        )
    conn.execute("DELETE FROM sync_txn WHERE replica_id = ?", (old_id,))
    for seq, context in conn.execute(
        "SELECT seq, context FROM sync_txn WHERE replica_id = ?", (new_id,)
    ).fetchall():
        vector = json.loads(context)
        vector[old_id] = min(int(vector.get(old_id, 0)), keep)
        vector[new_id] = seq - 1
        conn.execute(
            "UPDATE sync_txn SET context = ? WHERE replica_id = ? AND seq = ?",
            (json.dumps(vector, sort_keys=True), new_id, seq),
        )
    conn.execute(
        "UPDATE sync_dot SET context = (SELECT t.context FROM sync_txn t "
        "WHERE t.replica_id = sync_dot.replica_id AND t.seq = sync_dot.seq) WHERE replica_id = ?",
        (new_id,),
    )
    conn.execute("DELETE FROM sync_segment WHERE replica_id = ? AND seq_to > ?", (old_id, keep))
