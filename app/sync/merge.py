"""Applying remote transactions: per-field multi-value registers with version vectors (SYNC.md "Merge").

Delivery is causal (a transaction is applied only when its context is covered), so rule 1 reduces to
the per-replica high-water mark, and rule 2 needs only the dots of the heads.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
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
        images: dict[str, list[tuple[str, Any]]] = {}
        for table, row_id, col, value in tx.ops:
            if col == "*":
                images.setdefault(table, []).append((row_id, value))
            else:
                rows.setdefault((table, row_id), []).append((col, value))
        for table, created in images.items():
            self._apply_rows(tx, table, created)
        by_table: dict[str, list[tuple[str, list[tuple[str, Any]]]]] = {}
        for (table, row_id), writes in rows.items():
            by_table.setdefault(table, []).append((row_id, writes))
        for table, items in by_table.items():
            self._apply_fields(tx, table, items)
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

    def _apply_rows(self, tx: Txn, table: str, created: list[tuple[str, Any]]) -> None:
        """Inserted rows: new ones in bulk (one '*' head each); a concurrent creation of the same id
        (uuid5) merges field by field."""
        known = self._known(table, [row_id for row_id, _image in created])
        batches: dict[tuple[str, ...], list[list[Any]]] = {}
        for row_id, text in created:
            image = json.loads(text) if isinstance(text, str) else text  # one row image in memory at a time
            if row_id in known:
                self._apply_fields(tx, table, [(row_id, [(c, v) for c, v in image.items() if c != "id"])])
                continue
            cols = tuple(c for c in image if c in self.columns(table))
            batches.setdefault(cols, []).append([image[c] for c in cols])
        self.conn.executemany(
            LOG_SQL,
            [
                (table, row_id, "*", tx.replica, tx.seq, tx.hlc, None, None)
                for row_id, _image in created
                if row_id not in known
            ],
        )
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

    def _chunked(self, sql: str, prefix: tuple[Any, ...], row_ids: list[str]) -> Iterator[sqlite3.Cursor]:
        for start in range(0, len(row_ids), 500):
            chunk = row_ids[start : start + 500]
            yield self.conn.execute(sql.replace("{marks}", ", ".join("?" * len(chunk))), (*prefix, *chunk))

    def _heads_of(self, table: str, row_ids: list[str]) -> dict[str, dict[str, list[Head]]]:
        found: dict[str, dict[str, list[Head]]] = {r: {} for r in row_ids}
        sql = (
            "SELECT pk, row_id, col, replica_id, seq, hlc, value FROM sync_head "
            "WHERE tbl = ? AND row_id IN ({marks})"
        )
        for cur in self._chunked(sql, (table,), row_ids):
            for pk, row_id, col, replica, seq, hlc, value in cur:
                found[row_id].setdefault(col, []).append((pk, replica, seq, hlc, value))
        return found

    def _rows_of(self, table: str, row_ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for cur in self._chunked(f'SELECT * FROM "{table}" WHERE id IN ({{marks}})', (), row_ids):
            names = [d[0] for d in cur.description]
            found.update((row[names.index("id")], dict(zip(names, row, strict=True))) for row in cur)
        return found

    def _apply_fields(self, tx: Txn, table: str, items: list[tuple[str, list[tuple[str, Any]]]]) -> None:
        """Rules 1-3 for every field `tx` writes in these rows, then the displayed values, in bulk."""
        heads = self._heads_of(table, [row_id for row_id, _writes in items])
        needs_row = [
            r for r, writes in items if "*" in heads[r] and any(not heads[r].get(c) for c, _v in writes)
        ]
        current = self._rows_of(table, needs_row) if needs_row else {}
        out = _Changes()
        for row_id, writes in items:
            self._merge_row(tx, table, row_id, writes, heads[row_id], current.get(row_id), out)
        out.store(self.conn, table, self.columns(table))

    def _merge_row(
        self,
        tx: Txn,
        table: str,
        row_id: str,
        writes: list[tuple[str, Any]],
        by_col: dict[str, list[Head]],
        current: dict[str, Any] | None,
        out: _Changes,
    ) -> None:
        star = by_col.get("*", [None])[0]
        for col, value in writes:
            heads = by_col.get(col) or []
            if not heads and star is not None and current is not None and col in current:
                heads = [(0, star[1], star[2], star[3], current[col])]  # the insert's value, made explicit
            before = resolve(col, heads)[0] if heads else None
            if not (col == "deleted" and before == value):
                out.log.append((table, row_id, col, tx.replica, tx.seq, tx.hlc, before, value))
            kept = [h for h in heads if not _seen(tx, h)]
            out.drop += [(h[0],) for h in heads if h[0] and _seen(tx, h)]
            kept.append((0, tx.replica, tx.seq, tx.hlc, value))
            out.add += [(table, row_id, col, h[1], h[2], h[3], h[4]) for h in kept if not h[0]]
            shown, conflicted = resolve(col, kept)
            out.shown.setdefault(row_id, {})[col] = shown
            if conflicted:
                out.conflicts.append((table, row_id, col, max(h[3] for h in kept)))
            else:
                out.resolved.append((table, row_id, col))


LOG_SQL = (
    "INSERT INTO sync_log(tbl, row_id, col, replica_id, seq, hlc, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _seen(tx: Txn, head: Head) -> bool:
    replica, seq = head[1], head[2]
    return tx.context.get(replica, 0) >= seq or (replica == tx.replica and seq <= tx.seq)


@dataclass
class _Changes:
    """What merging some rows changes, written with a few executemany calls."""

    drop: list[tuple[int]] = field(default_factory=list)
    add: list[tuple[Any, ...]] = field(default_factory=list)
    shown: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str, int]] = field(default_factory=list)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    log: list[tuple[Any, ...]] = field(default_factory=list)

    def store(self, conn: sqlite3.Connection, table: str, columns: set[str]) -> None:
        conn.executemany("DELETE FROM sync_head WHERE pk = ?", self.drop)
        conn.executemany(LOG_SQL, self.log)
        conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.add,
        )
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row_id, values in self.shown.items():
            visible = tuple(c for c in values if c in columns)
            if visible:
                updates.setdefault(visible, []).append((*(values[c] for c in visible), row_id))
        # a row may first be known through a child: create it, then show the merged values
        conn.executemany(f'INSERT OR IGNORE INTO "{table}" (id) VALUES (?)', [(r,) for r in self.shown])
        for cols, rows in updates.items():
            sets = ", ".join(f'"{c}" = ?' for c in cols)
            conn.executemany(f'UPDATE "{table}" SET {sets} WHERE id = ?', rows)
        conn.executemany("DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND col = ?", self.resolved)
        conn.executemany(
            "INSERT OR REPLACE INTO sync_conflict(tbl, row_id, col, since_hlc) VALUES (?, ?, ?, ?)",
            self.conflicts,
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
