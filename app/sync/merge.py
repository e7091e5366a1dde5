"""Applying remote transactions: per-field multi-value registers with version vectors (SYNC.md "Merge").

Delivery is causal (a transaction is applied only when its context is covered), so rule 1 reduces to
the per-replica high-water mark, and rule 2 needs only the dots of the heads.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.sync import clock

log = logging.getLogger(__name__)

Head = tuple[int, str, int, int, Any]  # pk, replica, seq, hlc, value


@dataclass(frozen=True)
class Txn:
    replica: str
    seq: int
    hlc: int
    context: dict[str, int]
    author: str
    ops: list[tuple[str, str, str, Any]] = field(default_factory=list)

    def ready(self, applied: dict[str, int]) -> bool:
        """Causal dependencies present: the previous seq of its replica and everything its author saw."""
        if applied.get(self.replica, 0) != self.seq - 1:
            return False
        return all(applied.get(r, 0) >= s for r, s in self.context.items() if r != self.replica)


class Merger:
    """Applies transactions on one connection (inside the caller's SQLite transaction)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._columns: dict[str, set[str]] = {}
        self.clock_warnings: dict[str, int] = {}

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            self._columns[table] = {r[1] for r in self.conn.execute(f'PRAGMA table_info("{table}")')}
        return self._columns[table]

    def apply(self, tx: Txn) -> bool:
        """Apply one transaction; False when it was already applied (idempotence, I3)."""
        have = self.conn.execute("SELECT seq FROM sync_vector WHERE replica_id = ?", (tx.replica,)).fetchone()
        if have is not None and have[0] >= tx.seq:
            return False
        for table, row_id, col, value in tx.ops:
            if col == "*":
                self._apply_row(tx, table, row_id, value)
            else:
                self._apply_field(tx, table, row_id, col, value)
        self._record(tx)
        return True

    def _record(self, tx: Txn) -> None:
        conn = self.conn
        conn.execute(
            "INSERT OR REPLACE INTO sync_dot(replica_id, seq, hlc, author) VALUES (?, ?, ?, ?)",
            (tx.replica, tx.seq, tx.hlc, tx.author),
        )
        conn.execute(
            "INSERT OR REPLACE INTO sync_vector(replica_id, seq) VALUES (?, ?)", (tx.replica, tx.seq)
        )
        last = conn.execute("SELECT hlc FROM sync_state WHERE id = 1").fetchone()
        if last is None:
            return
        new, ahead = clock.observe(last[0], tx.hlc)
        if ahead:
            self.clock_warnings[tx.replica] = tx.hlc
        conn.execute("UPDATE sync_state SET hlc = ? WHERE id = 1", (new,))

    def _apply_row(self, tx: Txn, table: str, row_id: str, image: dict[str, Any]) -> None:
        known = self.conn.execute(
            "SELECT 1 FROM sync_head WHERE tbl = ? AND row_id = ? LIMIT 1", (table, row_id)
        ).fetchone()
        if known is not None:  # a concurrent creation of the same id (uuid5): merge field by field
            for col, value in image.items():
                if col != "id":
                    self._apply_field(tx, table, row_id, col, value)
            return
        cols = [c for c in image if c in self.columns(table)]
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id") or '"id" = "id"'
        self.conn.execute(
            f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))}) '
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            [image[c] for c in cols],
        )
        self.conn.execute(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, '*', ?, ?, ?, ?)",
            (table, row_id, tx.replica, tx.seq, tx.hlc, None),
        )

    def _heads(self, table: str, row_id: str, col: str) -> list[Head]:
        sql = "SELECT pk, replica_id, seq, hlc, value FROM sync_head WHERE tbl = ? AND row_id = ? AND col = ?"
        heads = self.conn.execute(sql, (table, row_id, col)).fetchall()
        if heads:
            return heads  # type: ignore[no-any-return]
        star = self.conn.execute(sql, (table, row_id, "*")).fetchone()
        if star is None or col not in self.columns(table):
            return heads  # type: ignore[no-any-return]
        # Only the insert wrote this field so far, so the row still shows its value: it becomes explicit.
        value = self.conn.execute(f'SELECT "{col}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()[0]
        cur = self.conn.execute(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (table, row_id, col, star[1], star[2], star[3], value),
        )
        return [(cur.lastrowid or 0, star[1], star[2], star[3], value)]

    def _apply_field(self, tx: Txn, table: str, row_id: str, col: str, value: Any) -> None:
        kept: list[Head] = []
        for head in self._heads(table, row_id, col):
            _pk, replica, seq = head[0], head[1], head[2]
            seen = tx.context.get(replica, 0) >= seq or (replica == tx.replica and seq <= tx.seq)
            if seen:
                self.conn.execute("DELETE FROM sync_head WHERE pk = ?", (head[0],))
            else:
                kept.append(head)
        cur = self.conn.execute(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (table, row_id, col, tx.replica, tx.seq, tx.hlc, value),
        )
        kept.append((cur.lastrowid or 0, tx.replica, tx.seq, tx.hlc, value))
        self._display(table, row_id, col, kept)

    def _display(self, table: str, row_id: str, col: str, heads: list[Head]) -> None:
        shown, conflicted = resolve(col, heads)
        conn = self.conn
        if col in self.columns(table):
            conn.execute(f'INSERT OR IGNORE INTO "{table}" (id) VALUES (?)', (row_id,))
            conn.execute(f'UPDATE "{table}" SET "{col}" = ? WHERE id = ?', (shown, row_id))
        if conflicted:
            since = max(h[3] for h in heads)
            conn.execute(
                "INSERT OR REPLACE INTO sync_conflict(tbl, row_id, col, since_hlc) VALUES (?, ?, ?, ?)",
                (table, row_id, col, since),
            )
        else:
            conn.execute(
                "DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND col = ?", (table, row_id, col)
            )


def resolve(col: str, heads: list[Head]) -> tuple[Any, bool]:
    """Displayed value (greatest (hlc, replica); for `deleted`: alive if any head says so) and conflict."""
    values = {json.dumps(h[4]) for h in heads}
    conflicted = len(values) > 1
    if col == "deleted":
        return (0 if any(not h[4] for h in heads) else 1), conflicted
    best = max(heads, key=lambda h: (h[3], h[1]))
    return best[4], conflicted


def set_applying(conn: sqlite3.Connection, on: bool) -> None:
    conn.execute("UPDATE sync_control SET applying = ? WHERE id = 1", (1 if on else 0,))
