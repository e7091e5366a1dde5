"""Applying remote transactions: per-field multi-value registers with version vectors (SYNC.md "Merge").

Delivery is causal (a transaction is applied only when its context is covered), so rule 1 reduces to
the per-replica high-water mark, and rule 2 needs only the dots of the heads.
"""

from __future__ import annotations

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
        rows: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        images: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for table, row_id, col, value in tx.ops:
            if col == "*":
                images.setdefault(table, []).append((row_id, value))
            else:
                rows.setdefault((table, row_id), []).append((col, value))
        for table, created in images.items():
            self._apply_rows(tx, table, created)
        for (table, row_id), writes in rows.items():
            self._apply_fields(tx, table, row_id, writes)
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

    def _known(self, table: str, row_ids: list[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(row_ids), 500):
            chunk = row_ids[start : start + 500]
            known.update(
                r
                for (r,) in self.conn.execute(
                    "SELECT DISTINCT row_id FROM sync_head WHERE tbl = ? AND row_id IN "
                    f"({', '.join('?' * len(chunk))})",
                    (table, *chunk),
                )
            )
        return known

    def _apply_rows(self, tx: Txn, table: str, created: list[tuple[str, dict[str, Any]]]) -> None:
        """Inserted rows: new ones in bulk (one '*' head each); a concurrent creation of the same id
        (uuid5) merges field by field."""
        known = self._known(table, [row_id for row_id, _image in created])
        batches: dict[tuple[str, ...], list[list[Any]]] = {}
        for row_id, image in created:
            if row_id in known:
                self._apply_fields(tx, table, row_id, [(c, v) for c, v in image.items() if c != "id"])
                continue
            cols = tuple(c for c in image if c in self.columns(table))
            batches.setdefault(cols, []).append([image[c] for c in cols])
        for cols, values in batches.items():
            names = ", ".join(f'"{c}"' for c in cols)
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id") or '"id" = "id"'
            self.conn.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))}) '
                f"ON CONFLICT(id) DO UPDATE SET {updates}",
                values,
            )
        self.conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, '*', ?, ?, ?, NULL)",
            [
                (table, row_id, tx.replica, tx.seq, tx.hlc)
                for row_id, _image in created
                if row_id not in known
            ],
        )

    def _row_heads(self, table: str, row_id: str) -> dict[str, list[Head]]:
        by_col: dict[str, list[Head]] = {}
        for pk, col, replica, seq, hlc, value in self.conn.execute(
            "SELECT pk, col, replica_id, seq, hlc, value FROM sync_head WHERE tbl = ? AND row_id = ?",
            (table, row_id),
        ):
            by_col.setdefault(col, []).append((pk, replica, seq, hlc, value))
        return by_col

    def _current(self, table: str, row_id: str) -> dict[str, Any] | None:
        cur = self.conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
        row = cur.fetchone()
        return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))

    def _apply_fields(self, tx: Txn, table: str, row_id: str, writes: list[tuple[str, Any]]) -> None:
        """Rules 1-3 for every field `tx` writes in one row, then one UPDATE of the displayed values."""
        by_col = self._row_heads(table, row_id)
        star = by_col.get("*", [None])[0]
        needs_row = star is not None and any(not by_col.get(col) for col, _v in writes)
        current = self._current(table, row_id) if needs_row else None
        drop: list[tuple[int]] = []
        add: list[tuple[Any, ...]] = []
        shown: dict[str, Any] = {}
        conflicted: dict[str, int] = {}
        for col, value in writes:
            heads = by_col.get(col) or []
            if not heads and star is not None and current is not None and col in current:
                heads = [(0, star[1], star[2], star[3], current[col])]  # the insert's value, made explicit
            kept = [h for h in heads if not self._seen(tx, h)]
            drop += [(h[0],) for h in heads if h[0] and self._seen(tx, h)]
            kept.append((0, tx.replica, tx.seq, tx.hlc, value))
            add += [(table, row_id, col, h[1], h[2], h[3], h[4]) for h in kept if not h[0]]
            by_col[col] = [h for h in kept if h[0]]  # a later write of the same field in this txn
            shown[col], is_conflict = resolve(col, kept)
            if is_conflict:
                conflicted[col] = max(h[3] for h in kept)
        self._store(table, row_id, drop, add, shown, conflicted)

    @staticmethod
    def _seen(tx: Txn, head: Head) -> bool:
        replica, seq = head[1], head[2]
        return tx.context.get(replica, 0) >= seq or (replica == tx.replica and seq <= tx.seq)

    def _store(
        self,
        table: str,
        row_id: str,
        drop: list[tuple[int]],
        add: list[tuple[Any, ...]],
        shown: dict[str, Any],
        conflicted: dict[str, int],
    ) -> None:
        conn = self.conn
        conn.executemany("DELETE FROM sync_head WHERE pk = ?", drop)
        conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            add,
        )
        visible = {c: v for c, v in shown.items() if c in self.columns(table)}
        if visible:
            sets = ", ".join(f'"{c}" = ?' for c in visible)
            sql = f'UPDATE "{table}" SET {sets} WHERE id = ?'
            if conn.execute(sql, (*visible.values(), row_id)).rowcount == 0:  # first known through a child
                conn.execute(f'INSERT OR IGNORE INTO "{table}" (id) VALUES (?)', (row_id,))
                conn.execute(sql, (*visible.values(), row_id))
        resolved = [c for c in shown if c not in conflicted]
        if resolved:
            conn.execute(
                f"DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND col IN "
                f"({', '.join('?' * len(resolved))})",
                (table, row_id, *resolved),
            )
        conn.executemany(
            "INSERT OR REPLACE INTO sync_conflict(tbl, row_id, col, since_hlc) VALUES (?, ?, ?, ?)",
            [(table, row_id, c, h) for c, h in conflicted.items()],
        )


def resolve(col: str, heads: list[Head]) -> tuple[Any, bool]:
    """Displayed value (greatest (hlc, replica); for `deleted`: alive if any head says so) and conflict."""
    first = heads[0][4]
    conflicted = any(h[4] != first or type(h[4]) is not type(first) for h in heads[1:])
    if col == "deleted":
        return (0 if any(not h[4] for h in heads) else 1), conflicted
    best = max(heads, key=lambda h: (h[3], h[1]))
    return best[4], conflicted


def set_applying(conn: sqlite3.Connection, on: bool) -> None:
    conn.execute("UPDATE sync_control SET applying = ? WHERE id = 1", (1 if on else 0,))
