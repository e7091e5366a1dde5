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
from operator import itemgetter
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
        self.apply_ops(tx)
        self.record(tx)
        return True

    def apply_ops(self, tx: Txn) -> None:
        """The ops of `tx` (or of one part of a transaction split across segments), not yet recorded."""
        rows: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        images: dict[str, list[tuple[str, Any]]] = {}
        for table, row_id, col, value in tx.ops:
            if col == "*":
                images.setdefault(table, []).append((row_id, value))
            else:
                rows.setdefault((table, row_id), []).append((col, value))
        for table, created in images.items():
            self._apply_rows(tx, table, sorted(created))  # in key order: index pages are touched once
        by_table: dict[str, list[tuple[str, list[tuple[str, Any]]]]] = {}
        for (table, row_id), writes in rows.items():
            by_table.setdefault(table, []).append((row_id, writes))
        for table, items in by_table.items():
            self._apply_fields(tx, table, sorted(items))

    def record(self, tx: Txn) -> None:
        """The transaction's dot, the high-water mark and the clock, once all its ops are applied."""
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
        sql = "SELECT DISTINCT row_id FROM sync_head WHERE tbl = ? AND row_id IN ({marks})"
        return {r for cur in self._chunked(sql, (table,), row_ids) for (r,) in cur}

    def _apply_rows(self, tx: Txn, table: str, created: list[tuple[str, Any]]) -> None:
        """Inserted rows: new ones in bulk (one '*' head each); a concurrent creation of the same id
        (uuid5) merges field by field."""
        known = self._known(table, [row_id for row_id, _image in created])
        fresh: list[str] = []
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        merged: list[tuple[str, list[tuple[str, Any]]]] = []
        last_keys: Any = None
        same: list[dict[str, Any]] = []
        for (row_id, _text), image in zip(created, _images([i for _r, i in created]), strict=True):
            if row_id in known:
                merged.append((row_id, [(c, v) for c, v in image.items() if c != "id"]))
                continue
            fresh.append(row_id)
            if image.keys() != last_keys:  # one shape per table in practice: no tuple per row
                last_keys = image.keys()
                same = shapes.setdefault(tuple(last_keys), [])
            same.append(image)
        if merged:
            self._apply_fields(tx, table, merged)
        dot = (tx.replica, tx.seq, tx.hlc)  # the creation's history entry is its '*' head (object_history)
        for keys, images in shapes.items():
            self._insert_rows(table, keys, images)
        self.conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, '*', ?, ?, ?, NULL)",
            [(table, r, *dot) for r in fresh],
        )

    def _insert_rows(self, table: str, keys: tuple[str, ...], images: list[dict[str, Any]]) -> None:
        known = self.columns(table)
        cols = tuple(c for c in keys if c in known)  # a newer writer's extra columns are left out
        if not cols:
            return
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id") or '"id" = "id"'
        getter = itemgetter(*cols)
        values = [getter(i) for i in images] if len(cols) > 1 else [(getter(i),) for i in images]
        self.conn.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))}) '
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            values,
        )

    def _chunked(self, sql: str, prefix: tuple[Any, ...], row_ids: list[str]) -> Iterator[sqlite3.Cursor]:
        for start in range(0, len(row_ids), CHUNK):
            chunk = row_ids[start : start + CHUNK]
            yield self.conn.execute(sql.replace("{marks}", ", ".join("?" * len(chunk))), (*prefix, *chunk))

    def _heads_of(self, table: str, row_ids: list[str]) -> dict[str, dict[str, list[Head]]]:
        found: dict[str, dict[str, list[Head]]] = {}
        sql = (
            "SELECT row_id, col, pk, replica_id, seq, hlc, value FROM sync_head "
            "WHERE tbl = ? AND row_id IN ({marks})"
        )
        for cur in self._chunked(sql, (table,), row_ids):
            for row_id, col, pk, replica, seq, hlc, value in cur:
                found.setdefault(row_id, {}).setdefault(col, []).append((pk, replica, seq, hlc, value))
        return found

    def _conflicted(self, table: str, row_ids: list[str]) -> set[tuple[str, str]]:
        """The fields of these rows with an open conflict (usually none: one cheap probe)."""
        probe = self.conn.execute("SELECT 1 FROM sync_conflict WHERE tbl = ? LIMIT 1", (table,))
        if probe.fetchone() is None:
            return set()
        sql = "SELECT row_id, col FROM sync_conflict WHERE tbl = ? AND row_id IN ({marks})"
        return {(r, c) for cur in self._chunked(sql, (table,), row_ids) for r, c in cur}

    def _rows_of(self, table: str, row_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Stored values of these rows (fields still carried by the insert's '*' head)."""
        found: dict[str, dict[str, Any]] = {}
        for cur in self._chunked(f'SELECT * FROM "{table}" WHERE id IN ({{marks}})', (), row_ids):
            names = [d[0] for d in cur.description]
            found.update((row[names.index("id")], dict(zip(names, row, strict=True))) for row in cur)
        return found

    def _apply_fields(self, tx: Txn, table: str, items: list[tuple[str, list[tuple[str, Any]]]]) -> None:
        """Rules 1-3 for every field `tx` writes in these rows, then the displayed values, in bulk."""
        row_ids = [row_id for row_id, _writes in items]
        heads = self._heads_of(table, row_ids)
        none: dict[str, list[Head]] = {}
        needs_row = [
            r
            for r, writes in items
            if "*" in heads.get(r, none) and any(c not in heads[r] for c, _v in writes)
        ]
        current = self._rows_of(table, needs_row) if needs_row else {}
        out = _Changes(table, tx, self._conflicted(table, row_ids))
        for row_id, writes in items:
            out.merge_row(row_id, writes, heads.get(row_id, none), current.get(row_id))
        out.store(self.conn, self.columns(table))


CHUNK = 500  # bound parameters per IN (...) query
LOG_SQL = (
    "INSERT INTO sync_log(tbl, row_id, col, replica_id, seq, hlc, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


# A concurrent edit replaced a value this workstation no longer holds as a head: the history line's
# « before » is read from the log when the changes are stored (rare: only concurrent edits).
_FROM_LOG = object()


def _seen(tx: Txn, head: Head) -> bool:
    replica, seq = head[1], head[2]
    return tx.context.get(replica, 0) >= seq or (replica == tx.replica and seq <= tx.seq)


def _images(values: list[Any]) -> list[dict[str, Any]]:
    """Row images as dicts: embedded JSON objects as they are; JSON text (older segments) parsed in
    one call for all rows rather than one call per row."""
    texts = [v for v in values if isinstance(v, str)]
    if not texts:
        return values
    parsed = iter(json.loads("[" + ",".join(texts) + "]"))
    return [next(parsed) if isinstance(v, str) else v for v in values]


@dataclass
class _Changes:
    """What merging some rows of one table changes, written with a few executemany calls."""

    table: str
    tx: Txn
    conflicted: set[tuple[str, str]]  # fields of these rows with an open conflict before the merge
    drop: list[tuple[int]] = field(default_factory=list)
    replace: list[tuple[Any, ...]] = field(default_factory=list)
    add: list[tuple[Any, ...]] = field(default_factory=list)
    shown: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_rows: list[tuple[str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, int]] = field(default_factory=list)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    log: list[tuple[Any, ...]] = field(default_factory=list)
    unlogged: dict[tuple[str, str], Any] = field(default_factory=dict)  # see _replaced

    def merge_row(
        self, row_id: str, writes: list[tuple[str, Any]], by_col: dict[str, list[Head]], current: Any
    ) -> None:
        """Rules 1-3 per field. The usual case (one head, seen by the writer) takes the short path."""
        tx, table = self.tx, self.table
        replica, seq, hlc, ctx = tx.replica, tx.seq, tx.hlc, tx.context
        star = by_col["*"][0] if "*" in by_col else None
        if not by_col:
            self.new_rows.append((row_id,))  # a row may first be known through a child
        shown = self.shown.setdefault(row_id, {})
        for col, value in writes:
            heads = by_col.get(col)
            if not heads:
                heads = []
                if star is not None and current is not None and col in current:
                    heads = [(0, star[1], star[2], star[3], current[col])]  # the insert's value, explicit
            kept: list[Head]
            if len(heads) == 1:
                pk, h_replica, h_seq, _h_hlc, before = heads[0]
                if col == "deleted":
                    before = 0 if not before else 1
                if ctx.get(h_replica, 0) >= h_seq or (h_replica == replica and h_seq <= seq):
                    kept = []
                    if pk:  # the stored head is rewritten in place (no index entry moves)
                        self.replace.append((replica, seq, hlc, value, pk))
                else:
                    kept, self.unlogged[(row_id, col)], before = heads, before, _FROM_LOG
            else:
                seen = [h for h in heads if _seen(tx, h)]
                before = resolve(col, seen)[0] if seen else None
                if heads and not seen:
                    self.unlogged[(row_id, col)], before = resolve(col, heads)[0], _FROM_LOG
                kept = [h for h in heads if not _seen(tx, h)]
                self.drop += [(h[0],) for h in heads if h[0] and _seen(tx, h)]
            replaced = self.unlogged[(row_id, col)] if before is _FROM_LOG else before
            if not (col == "deleted" and replaced == value):  # re-assertions are not history
                self.log.append((table, row_id, col, replica, seq, hlc, before, value))
            if not kept:
                if not (len(heads) == 1 and heads[0][0]):
                    self.add.append((table, row_id, col, replica, seq, hlc, value))
                shown[col] = value
                if (row_id, col) in self.conflicted:
                    self.resolved.append((table, row_id, col))
                continue
            kept = [*kept, (0, replica, seq, hlc, value)]
            self.add += [(table, row_id, col, *h[1:]) for h in kept if not h[0]]
            shown[col], conflicted = resolve(col, kept)
            if conflicted:
                self.conflicts.append((table, row_id, col, max(h[3] for h in kept)))
            elif (row_id, col) in self.conflicted:
                self.resolved.append((table, row_id, col))

    def _replaced(self, conn: sqlite3.Connection, row_id: str, col: str) -> Any:
        """What the writer replaced (history's « before »): the newest logged value of the field that the
        writer had seen, else the value the field had before any logged change (its creation value); a
        field never logged here (creation, re-assertions) still holds what the writer replaced."""
        tx = self.tx
        lines = conn.execute(
            "SELECT replica_id, seq, before, after FROM sync_log WHERE tbl = ? AND row_id = ? AND col = ? "
            "ORDER BY hlc DESC, id DESC", (self.table, row_id, col)).fetchall()
        for replica, seq, _before, after in lines:
            if tx.context.get(replica, 0) >= seq or (replica == tx.replica and seq <= tx.seq):
                return after
        return lines[-1][2] if lines else self.unlogged[(row_id, col)]

    def store(self, conn: sqlite3.Connection, columns: set[str]) -> None:
        table = self.table
        conn.executemany("DELETE FROM sync_head WHERE pk = ?", self.drop)
        conn.executemany(
            "UPDATE sync_head SET replica_id = ?, seq = ?, hlc = ?, value = ? WHERE pk = ?", self.replace
        )
        conn.executemany(LOG_SQL, [
            (*line[:6], self._replaced(conn, line[1], line[2]), line[7]) if line[6] is _FROM_LOG else line
            for line in self.log
        ])
        conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.add,
        )
        conn.executemany(f'INSERT OR IGNORE INTO "{table}" (id) VALUES (?)', self.new_rows)
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row_id, values in self.shown.items():
            visible = tuple(c for c in values if c in columns)
            if visible:
                updates.setdefault(visible, []).append((*(values[c] for c in visible), row_id))
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
