"""Sync use cases for the CLI and the UI: one round, local status, conflicts (frozen domain objects)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.domain.sync import ConflictInfo, ConflictValue, PeerInfo, QuarantineInfo, RoundInfo, SyncStatus
from app.sync.round import RoundReport, connect, run_round

SHARE_KEY = "sync.share"


def sync_once(db_path: Path, share_dir: Path, passphrase: str, *, snapshot: bool = False) -> RoundReport:
    report = run_round(db_path, share_dir, passphrase, snapshot=snapshot)
    conn = connect(db_path)
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO local_meta(key, value) VALUES (?, ?)", (SHARE_KEY, str(share_dir))
            )
    finally:
        conn.close()
    return report


def _one(conn: sqlite3.Connection, sql: str, default: object = None) -> object:
    row = conn.execute(sql).fetchone()
    return row[0] if row else default


def local_status(db_path: Path) -> SyncStatus:
    """Reads the local database only (no share access)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        seq = int(_one(conn, "SELECT seq FROM sync_state WHERE id = 1", 0) or 0)  # type: ignore[call-overload]
        published = int(_one(conn, "SELECT published_seq FROM sync_state WHERE id = 1", 0) or 0)  # type: ignore[call-overload]
        row = conn.execute(
            "SELECT started, duration_ms, sent, received, ok, message FROM sync_round "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return SyncStatus(
            replica_id=str(_one(conn, "SELECT replica_id FROM sync_state WHERE id = 1", "")),
            share=str(_one(conn, f"SELECT value FROM local_meta WHERE key = '{SHARE_KEY}'", "")),
            pending=seq - published,
            last_round=RoundInfo(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row else None,
            peers=tuple(
                PeerInfo(*r)
                for r in conn.execute(
                    "SELECT replica_id, label, app_version, last_seen, clock_warning "
                    "FROM sync_peer ORDER BY label"
                )
            ),
            quarantine=tuple(
                QuarantineInfo(*r)
                for r in conn.execute("SELECT replica_id, name, reason, at FROM sync_quarantine ORDER BY at")
            ),
            conflicts=tuple(conflicts(conn)),
        )
    finally:
        conn.close()


def conflicts(conn: sqlite3.Connection) -> list[ConflictInfo]:
    """Each conflicted field with its concurrent values, who wrote them and when."""
    result = []
    for table, row_id, col in conn.execute("SELECT tbl, row_id, col FROM sync_conflict ORDER BY since_hlc"):
        heads = conn.execute(
            "SELECT h.value, coalesce(d.author, ''), h.replica_id, h.hlc FROM sync_head h "
            "LEFT JOIN sync_dot d ON d.replica_id = h.replica_id AND d.seq = h.seq "
            "WHERE h.tbl = ? AND h.row_id = ? AND h.col = ? ORDER BY h.hlc DESC",
            (table, row_id, col),
        ).fetchall()
        values = tuple(
            ConflictValue(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v, a, r, h)
            for v, a, r, h in heads
        )
        result.append(ConflictInfo(table, str(row_id), col, values))
    return result
