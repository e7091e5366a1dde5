"""Every object's history from the sync log: who, when, which field, before → after, on which workstation,
for the object and its parts (a fiche action's funding lines…), as a coordinator reads it (issue 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from pathlib import Path

from app import thread_guard
from app.domain.field_labels import HISTORY_PARTS
from app.domain.sync import HistoryEntry, ReceivedChange
from app.sync.display import Describer, short

# A creation is not logged: its '*' head (who, when, which workstation) is the history entry. Local ones
# were logged at stamping until 2026-11 (a bulk import then wrote one more indexed row per row): such a
# line is shown once.
_HISTORY_SQL = (
    "SELECT l.hlc, coalesce(d.author, ''), l.replica_id, l.col, l.before, l.after, l.id FROM sync_log l "
    "LEFT JOIN sync_dot d ON d.replica_id = l.replica_id AND d.seq = l.seq "
    "WHERE l.tbl = ? AND l.row_id = ? "
    "UNION ALL SELECT h.hlc, coalesce(d.author, ''), h.replica_id, '*', NULL, NULL, 0 FROM sync_head h "
    "LEFT JOIN sync_dot d ON d.replica_id = h.replica_id AND d.seq = h.seq "
    "WHERE h.tbl = ? AND h.row_id = ? AND h.col = '*' AND NOT EXISTS (SELECT 1 FROM sync_log c "
    "WHERE c.tbl = h.tbl AND c.row_id = h.row_id AND c.col = '*' AND c.replica_id = h.replica_id "
    "AND c.seq = h.seq)"
)


RECEIVED_LIMIT = 200  # « Modifications reçues »: the latest, not the whole log
# Among the newest lines of the log and heads (a bounded range of their keys, read in key order: never a
# scan of a large base's whole log, even when all its latest lines are this workstation's own); creations
# are read from their '*' heads, as they are not logged. What a snapshot loaded (the base this workstation
# joined with) is not listed: the list starts after the marks `bootstrap` left (migration 0006).
_JOINED = "coalesce((SELECT {} FROM sync_state WHERE id = 1), 0)"
_RECEIVED_SQL = (
    "SELECT l.hlc, coalesce(d.author, ''), l.replica_id, l.col, l.before, l.after, l.tbl, l.row_id "
    "FROM sync_log l LEFT JOIN sync_dot d ON d.replica_id = l.replica_id AND d.seq = l.seq "
    "WHERE l.id > (SELECT max(coalesce(max(id), 0) - 50000, " + _JOINED.format("joined_log") + ") "
    "FROM sync_log) AND l.replica_id != ? ORDER BY l.id DESC LIMIT ?"
)
_CREATED_SQL = (
    "SELECT h.hlc, coalesce(d.author, ''), h.replica_id, '*', NULL, NULL, h.tbl, h.row_id FROM sync_head h "
    "LEFT JOIN sync_dot d ON d.replica_id = h.replica_id AND d.seq = h.seq "
    "WHERE h.pk > (SELECT max(coalesce(max(pk), 0) - 50000, " + _JOINED.format("joined_head") + ") "
    "FROM sync_head) AND h.col = '*' "
    "AND h.replica_id != ? ORDER BY h.pk DESC LIMIT ?"
)


def received_changes(
    conn: sqlite3.Connection, me: str, limit: int = RECEIVED_LIMIT
) -> tuple[ReceivedChange, ...]:
    """The latest changes received from other workstations (changed fields and creations), newest first,
    as a coordinator reads them."""
    describe = Describer(conn)
    rows = [*conn.execute(_RECEIVED_SQL, (me, limit)), *conn.execute(_CREATED_SQL, (me, limit))]
    rows.sort(key=lambda row: row[0], reverse=True)
    found = []
    for hlc, author, replica, col, before, after, table, row_id in rows[:limit]:
        row_id = str(row_id)
        shown = describe.name(table, row_id) if col == "*" else describe.value(table, col, after)
        entry = HistoryEntry(hlc, author, replica, col, describe.value(table, col, before), shown, table)
        found.append(ReceivedChange(entry, row_id, describe.label(table, row_id)))
    return tuple(found)


def object_history(db_path: Path, table: str, row_id: str) -> tuple[HistoryEntry, ...]:
    """The history of one object and of its parts (a fiche action's funding lines, milestones…: see
    HISTORY_PARTS) from the sync log, newest first, as a coordinator reads it (app.sync.display)."""
    conn = thread_guard.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        describe = Describer(conn)
        found = _changes(conn, describe, table, row_id, "")
        found += _parts_changes(conn, describe, table, row_id, "")
    finally:
        conn.close()
    found.sort(key=lambda change: (change[0], change[1], bool(change[2].subject) or change[2].column != "*"),
               reverse=True)  # newest first; the object's creation under what its transaction also did
    return tuple(entry for _hlc, _order, entry in found)


def _parts_changes(
    conn: sqlite3.Connection, describe: Describer, table: str, row_id: str, subject: str
) -> list[tuple[int, int, HistoryEntry]]:
    """The changes of a row's parts (HISTORY_PARTS), then of their own parts. A part of the object shown
    is named without it (a seat: its organisation, not its instance); a part of a part after its parent
    (« CAF › Anne Roux », « Budget primitif 2027 › CAF »), or as its parent when that is its only name
    (a point's vote: the point's title)."""
    found: list[tuple[int, int, HistoryEntry]] = []
    for part, column in HISTORY_PARTS.get(table, {}).items():
        sql = f'SELECT id FROM "{part}" WHERE "{column}" = ?'
        for (part_id,) in conn.execute(sql, (row_id,)).fetchall():
            name = describe.name(part, str(part_id), besides="" if subject else column)
            named = name if not subject or name == subject else f"{short(subject, 32)} › {name}"
            found += _changes(conn, describe, part, str(part_id), named)
            found += _parts_changes(conn, describe, part, str(part_id), named)
    return found


def _part_selects(table: str, parent_ids: str = "?") -> list[tuple[str, str]]:
    """The parts of an object (HISTORY_PARTS), parts of parts included, as (part, the query of its ids
    given the object's id): a body's seats, then their representatives, for one query in conflicts_where."""
    found = []
    for part, column in HISTORY_PARTS.get(table, {}).items():
        named_by = "= ?" if parent_ids == "?" else f"IN ({parent_ids})"
        sql = f'SELECT id FROM "{part}" WHERE "{column}" {named_by}'
        found.append((part, sql))
        found += _part_selects(part, sql)
    return found


def conflicts_where(table: str, row_id: str, *, parts: bool = False,
                    more: Sequence[tuple[str, str]] = ()) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause of sync_conflict for one object's rows; with `parts`, its parts' too (as its
    history lists them), in the bin or not; and those of `more`: (table, the query of its ids given the
    object's id), what a document prints besides (a délibération's vote and ballots)."""
    where, args = ["(tbl = ? AND row_id = ?)"], [table, row_id]
    scopes = _part_selects(table) if parts else []
    for part, select in (*scopes, *more):
        where.append(f"(tbl = ? AND row_id IN ({select}))")
        args += [part, row_id]
    return f"WHERE {' OR '.join(where)} ", tuple(args)


def _changes(
    conn: sqlite3.Connection, describe: Describer, table: str, row_id: str, subject: str
) -> list[tuple[int, int, HistoryEntry]]:
    """(hlc, log order, entry) of each change of one row; a creation reads as the row's name."""
    changes: list[tuple[int, int, HistoryEntry]] = []
    for hlc, author, replica, col, before, after, order in conn.execute(_HISTORY_SQL, (table, row_id) * 2):
        shown = (subject or describe.name(table, row_id)) if col == "*" else describe.value(table, col, after)
        was = describe.value(table, col, before)
        changes.append((hlc, order, HistoryEntry(hlc, author, replica, col, was, shown, table, subject)))
    return changes


def owner_of(db_path: Path, table: str, row_id: str, shown: Collection[str]) -> tuple[str, str] | None:
    """The object among the `shown` tables that this row is, or is part of (a funding line → its fiche
    action, a ballot → its séance), as (table, id); None when no such object holds it."""
    parent_of: dict[str, tuple[str, str]] = {}
    for parent, parts in HISTORY_PARTS.items():
        for part, column in parts.items():
            parent_of.setdefault(part, (parent, column))  # an assignment: its fiche action first
    conn = thread_guard.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        while table not in shown:
            if table not in parent_of:
                return None
            parent, column = parent_of[table]
            found = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
            if found is None or found[0] is None:
                return None
            table, row_id = parent, str(found[0])
        return table, row_id
    finally:
        conn.close()
