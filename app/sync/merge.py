"""Applying remote transactions: per-field multi-value registers with version vectors (SYNC.md "Merge").

Delivery is causal (a transaction is applied only when its context is covered), so rule 1 reduces to
the per-replica high-water mark, and rule 2 needs only the dots of the heads.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from app.sync import clock

log = logging.getLogger(__name__)

Head = tuple[int, str, int, int, Any]  # pk, replica, seq, hlc, value
Writes = tuple[str, list[tuple[str, Any]]]  # row id, then (column, value) in the order written


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
        """The ops of `tx` (or of one part of a transaction split across segments), not yet recorded.
        The ops of one row come one after the other (a statement's trigger writes them together): a row's
        list is looked up once per run of ops rather than once per op."""
        images: dict[str, list[tuple[str, Any]]] = {}
        fields: dict[str, dict[str, list[tuple[str, Any]]]] = {}
        last_table = last_row = None
        writes: list[tuple[str, Any]] = []
        for table, row_id, col, value in tx.ops:
            if col == "*":
                images.setdefault(table, []).append((row_id, value))
                continue
            if row_id != last_row or table != last_table:
                writes = fields.setdefault(table, {}).setdefault(row_id, [])
                last_table, last_row = table, row_id
            writes.append((col, value))
        for table, created in images.items():
            self._apply_rows(tx, table, sorted(created))  # in key order: index pages are touched once
        for table, rows in fields.items():
            self._apply_fields(tx, table, sorted(rows.items()))

    def record(self, tx: Txn) -> None:
        """The transaction's dot (with what its author had seen, as its author recorded it), the
        high-water mark and the clock, once all its ops are applied."""
        conn = self.conn
        conn.execute(
            "INSERT OR REPLACE INTO sync_dot(replica_id, seq, hlc, author, context) VALUES (?, ?, ?, ?, ?)",
            (tx.replica, tx.seq, tx.hlc, tx.author, json.dumps(tx.context, sort_keys=True)),
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
        (uuid5) merges field by field. Nearly every batch is all new: it is inserted first, without
        probing sync_head, and only a batch where some row was already there takes the careful path."""
        images = _images([image for _row_id, image in created])
        if self._insert_new(table, images):
            self._add_creations(tx, table, [row_id for row_id, _image in created])
        else:
            self._apply_rows_carefully(tx, table, created, images)

    def _insert_new(self, table: str, images: list[dict[str, Any]]) -> bool:
        """Insert the rows, leaving any existing one as it is (`DO NOTHING`); True when every row went
        in. In a table this app knows, a row with heads always has its table row (both are written
        together), so « all inserted » proves that none was known here. Otherwise (a concurrent
        creation of the same uuid5 id, a table row without heads, a table this app does not know,
        a constraint) the careful path redoes the batch on top of this attempt, which leaves
        the same state: the rows that went in were not known, and its upsert writes them again with
        the same values. A savepoint to undo the attempt instead cost about as much as the probe it
        saves (20k rows: 24 ms against 27 ms)."""
        try:
            shapes = _shapes(images).items()
            inserted = sum(self._insert_rows(table, keys, same, upsert=False) for keys, same in shapes)
        except sqlite3.IntegrityError:
            return False  # the careful path raises it again, or not, exactly as before
        return inserted == len(images)

    def _apply_rows_carefully(
        self, tx: Txn, table: str, created: list[tuple[str, Any]], images: list[dict[str, Any]]
    ) -> None:
        """Rows already known here (they have heads) merge field by field; the others are upserted (a
        table row without heads takes the image) and get their '*' head."""
        known = self._known(table, [row_id for row_id, _image in created])
        fresh: list[str] = []
        fresh_images: list[dict[str, Any]] = []
        merged: list[tuple[str, list[tuple[str, Any]]]] = []
        for (row_id, _value), image in zip(created, images, strict=True):
            if row_id in known:
                merged.append((row_id, [(c, v) for c, v in image.items() if c != "id"]))
            else:
                fresh.append(row_id)
                fresh_images.append(image)
        if merged:
            self._apply_fields(tx, table, merged)
        for keys, same in _shapes(fresh_images).items():
            self._insert_rows(table, keys, same, upsert=True)
        self._add_creations(tx, table, fresh)

    def _add_creations(self, tx: Txn, table: str, row_ids: list[str]) -> None:
        """One '*' head per created row: the creation's history entry (app.sync.history), and the head its
        fields read from until each is written."""
        dot = (tx.replica, tx.seq, tx.hlc)
        self.conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, '*', ?, ?, ?, NULL)",
            [(table, r, *dot) for r in row_ids],
        )

    def _insert_rows(
        self, table: str, keys: tuple[str, ...], images: list[dict[str, Any]], *, upsert: bool
    ) -> int:
        """Row images of one shape in one executemany; `upsert` overwrites an existing row, otherwise it
        is left as it is. Returns how many rows were inserted or overwritten."""
        known = self.columns(table)
        cols = tuple(c for c in keys if c in known)  # a newer writer's extra columns are left out
        if not cols:
            return 0
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id") or '"id" = "id"'
        conflict = f"DO UPDATE SET {updates}" if upsert else "DO NOTHING"
        get = _getter(cols)
        values = [get(i) for i in images]
        marks = ", ".join("?" * len(cols))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks}) ON CONFLICT(id) {conflict}'
        return self.conn.executemany(sql, values).rowcount

    def _chunked(self, sql: str, prefix: tuple[Any, ...], row_ids: list[str]) -> Iterator[sqlite3.Cursor]:
        for start in range(0, len(row_ids), CHUNK):
            chunk = row_ids[start : start + CHUNK]
            yield self.conn.execute(sql.replace("{marks}", ", ".join("?" * len(chunk))), (*prefix, *chunk))

    def _heads_of(self, table: str, row_ids: list[str]) -> dict[str, dict[str, list[Head]]]:
        """The heads of these rows, per row and field (no empty dict or list made per head read)."""
        found: dict[str, dict[str, list[Head]]] = {}
        sql = (
            "SELECT row_id, col, pk, replica_id, seq, hlc, value FROM sync_head "
            "WHERE tbl = ? AND row_id IN ({marks})"
        )
        for cur in self._chunked(sql, (table,), row_ids):
            for row_id, col, pk, replica, seq, hlc, value in cur:
                by_col = found.get(row_id)
                if by_col is None:
                    found[row_id] = by_col = {}
                heads = by_col.get(col)
                if heads is None:
                    by_col[col] = [(pk, replica, seq, hlc, value)]
                else:
                    heads.append((pk, replica, seq, hlc, value))
        return found

    def _conflicted(self, table: str, row_ids: list[str]) -> set[tuple[str, str]]:
        """The fields of these rows with an open conflict (usually none: one cheap probe)."""
        probe = self.conn.execute("SELECT 1 FROM sync_conflict WHERE tbl = ? LIMIT 1", (table,))
        if probe.fetchone() is None:
            return set()
        sql = "SELECT row_id, col FROM sync_conflict WHERE tbl = ? AND row_id IN ({marks})"
        return {(r, c) for cur in self._chunked(sql, (table,), row_ids) for r, c in cur}

    def _read_from_insert(
        self, table: str, items: list[Writes], heads: dict[str, dict[str, list[Head]]]
    ) -> tuple[list[str], list[str]]:
        """The rows where `tx` writes fields still carried by the insert's '*' head (no head of their
        own), and those fields among this table's columns: the only stored values the merge reads (the
        value a write replaces)."""
        rows: list[str] = []
        cols: set[str] = set()
        none: dict[str, list[Head]] = {}
        for row_id, writes in items:
            by_col = heads.get(row_id, none)
            if "*" not in by_col:
                continue
            if len(by_col) == 1:  # the insert's head alone (the usual case): it carries every field
                rows.append(row_id)
                cols.update(map(_column, writes))
            elif fields := [c for c, _v in writes if c not in by_col]:
                rows.append(row_id)
                cols.update(fields)
        return rows, sorted(cols & self.columns(table))

    def _rows_of(self, table: str, row_ids: list[str], cols: list[str]) -> dict[str, tuple[Any, ...]]:
        """Stored values of these columns of these rows, as the cursor gives them: (id, *cols)."""
        names = ", ".join(f'"{c}"' for c in ("id", *cols))
        sql = f'SELECT {names} FROM "{table}" WHERE id IN ({{marks}})'
        return {row[0]: row for cur in self._chunked(sql, (), row_ids) for row in cur}

    def _apply_fields(self, tx: Txn, table: str, items: list[Writes]) -> None:
        """Rules 1-3 for every field `tx` writes in these rows, then the displayed values, in bulk."""
        row_ids = [row_id for row_id, _writes in items]
        heads = self._heads_of(table, row_ids)
        needs_row, cols = self._read_from_insert(table, items, heads)
        current = self._rows_of(table, needs_row, cols) if needs_row else {}
        at = {c: i for i, c in enumerate(cols, 1)}
        out = _Changes(table, tx, self._conflicted(table, row_ids), at)
        none: dict[str, list[Head]] = {}
        for row_id, writes in items:
            out.merge_row(row_id, writes, heads.get(row_id, none), current.get(row_id))
        out.store(self.conn, self.columns(table))


CHUNK = 500  # bound parameters per IN (...) query
_column = itemgetter(0)  # of a (column, value) write
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


def _shapes(images: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """The images grouped by their keys, in order of first appearance (one INSERT statement per shape).
    One shape per table in practice: the keys are compared, no tuple is built per row."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    last_keys: Any = None
    same: list[dict[str, Any]] = []
    for image in images:
        if image.keys() != last_keys:
            last_keys = image.keys()
            same = shapes.setdefault(tuple(last_keys), [])
        same.append(image)
    return shapes


def _getter(keys: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of these keys of a dict, as a tuple, without a Python loop per dict (itemgetter alone
    gives a bare value for one key, and fails for none)."""
    if len(keys) > 1:
        return itemgetter(*keys)
    return (lambda d: (d[keys[0]],)) if keys else (lambda _d: ())


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
    at: dict[str, int]  # position of a column in the stored values given to merge_row (_rows_of)
    drop: list[tuple[int]] = field(default_factory=list)
    replace: list[tuple[Any, ...]] = field(default_factory=list)
    add: list[tuple[Any, ...]] = field(default_factory=list)
    shown: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_rows: list[tuple[str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, int]] = field(default_factory=list)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    log: list[tuple[Any, ...]] = field(default_factory=list)
    unlogged: dict[tuple[str, str], Any] = field(default_factory=dict)  # see _replaced
    dot: tuple[str, int, int] = field(init=False)  # the writer's (replica, seq, hlc), unpacked per field

    def __post_init__(self) -> None:
        self.dot = (self.tx.replica, self.tx.seq, self.tx.hlc)

    def merge_row(
        self, row_id: str, writes: list[tuple[str, Any]], by_col: dict[str, list[Head]], current: Any
    ) -> None:
        """Rules 1-3 per field; `current` holds the stored values of the fields still carried by the
        insert's '*' head (positions in `at`). The usual field has one head that its writer had seen
        (its last write, or the insert): it takes the short path; concurrent heads, or none, the full
        rule."""
        if not by_col:
            self.new_rows.append((row_id,))  # a row may first be known through a child
        tx, at = self.tx, self.at
        insert = by_col["*"][0] if current is not None and "*" in by_col else None
        insert_seen = insert is not None and _seen(tx, insert)
        shown = self.shown.setdefault(row_id, {})
        for col, value in writes:
            heads = by_col.get(col)
            if heads is None and insert is not None and col in at:
                before = current[at[col]]
                if insert_seen:
                    shown[col] = self._supersede(row_id, col, value, 0, before)
                    continue
                heads = [(0, insert[1], insert[2], insert[3], before)]  # the insert's value, explicit
            if heads is not None and len(heads) == 1 and _seen(tx, heads[0]):
                shown[col] = self._supersede(row_id, col, value, heads[0][0], heads[0][4])
            else:
                shown[col] = self._merge_field(row_id, col, value, heads or [])

    def _supersede(self, row_id: str, col: str, value: Any, pk: int, before: Any) -> Any:
        """Rules 2-3 when the writer had seen the field's one head (`pk`, or 0: the insert's, holding
        `before`): a stored head is rewritten in place (no index entry moves), the insert's gets a head
        of its own. Returns the displayed value."""
        table, (replica, seq, hlc) = self.table, self.dot
        if col == "deleted":
            before = 0 if not before else 1
        if not (col == "deleted" and before == value):  # re-assertions are not history
            self.log.append((table, row_id, col, replica, seq, hlc, before, value))
        if pk:
            self.replace.append((replica, seq, hlc, value, pk))
        else:
            self.add.append((table, row_id, col, replica, seq, hlc, value))
        if self.conflicted and (row_id, col) in self.conflicted:
            self.resolved.append((table, row_id, col))
        return value

    def _merge_field(self, row_id: str, col: str, value: Any, heads: list[Head]) -> Any:
        """The general case (several heads, none, or one the writer had not seen): the heads it had seen
        go, the others stay beside the new value, a conflict when their values differ. Returns the
        displayed value."""
        tx, table = self.tx, self.table
        new: Head = (0, tx.replica, tx.seq, tx.hlc, value)
        seen = [h for h in heads if _seen(tx, h)]
        kept = [h for h in heads if not _seen(tx, h)]
        before = resolve(col, seen)[0] if seen else None
        if heads and not seen:
            self.unlogged[(row_id, col)], before = resolve(col, heads)[0], _FROM_LOG
        self.drop += [(h[0],) for h in seen if h[0]]
        replaced = self.unlogged[(row_id, col)] if before is _FROM_LOG else before
        if not (col == "deleted" and replaced == value):  # re-assertions are not history
            self.log.append((table, row_id, col, *new[1:4], before, value))
        if not kept:
            self.add.append((table, row_id, col, *new[1:]))
            if (row_id, col) in self.conflicted:
                self.resolved.append((table, row_id, col))
            return value
        kept.append(new)
        self.add += [(table, row_id, col, *h[1:]) for h in kept if not h[0]]
        shown, conflicted = resolve(col, kept)
        if conflicted:
            self.conflicts.append((table, row_id, col, max(h[3] for h in kept)))
        elif (row_id, col) in self.conflicted:
            self.resolved.append((table, row_id, col))
        return shown

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
        conn.executemany(LOG_SQL, self._log_lines(conn))
        conn.executemany(
            "INSERT INTO sync_head(tbl, row_id, col, replica_id, seq, hlc, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.add,
        )
        conn.executemany(f'INSERT OR IGNORE INTO "{table}" (id) VALUES (?)', self.new_rows)
        for cols, rows in self._displayed(columns).items():
            sets = ", ".join(f'"{c}" = ?' for c in cols)
            conn.executemany(f'UPDATE "{table}" SET {sets} WHERE id = ?', rows)
        conn.executemany("DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND col = ?", self.resolved)
        conn.executemany(
            "INSERT OR REPLACE INTO sync_conflict(tbl, row_id, col, since_hlc) VALUES (?, ?, ?, ?)",
            self.conflicts,
        )

    def _log_lines(self, conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
        """The history lines, each « before » read from the log where a concurrent edit left it there
        (all read before any line is written). Without concurrent edits, the lines as they are. A line
        is what its author changed: an edit made concurrently with a deletion re-asserts `deleted = 0`
        over the live row its author saw, which is not a change (and is not logged where it was made)."""
        if not self.unlogged:
            return self.log
        lines = []
        for line in self.log:
            if line[6] is _FROM_LOG:
                before = self._replaced(conn, line[1], line[2])
                if line[2] == "deleted" and bool(before) == bool(line[7]):
                    continue
                line = (*line[:6], before, line[7])
            lines.append(line)
        return lines

    def _displayed(self, columns: set[str]) -> dict[tuple[str, ...], list[tuple[Any, ...]]]:
        """The displayed values for the table, grouped by the columns they set (one UPDATE each); the
        fields this app does not know are left out. Rows write the same fields in practice: the columns
        are worked out once per run of rows that write the same fields, not once per row."""
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        last: Any = None
        rows: list[tuple[Any, ...]] = []
        get = _getter(())
        for row_id, values in self.shown.items():
            if values.keys() != last:
                last = values.keys()
                visible = tuple(c for c in values if c in columns)
                rows = updates.setdefault(visible, []) if visible else []
                get = _getter(visible)
            rows.append((*get(values), row_id))
        return updates


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
