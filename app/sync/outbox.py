"""Reading local transactions back from the outbox (sync_txn + sync_op), and their segment lines.

A line is the canonical JSON of one transaction (keys sorted, no spaces). A row image (col '*') is
embedded as the JSON object the capture trigger wrote, not as a string holding JSON: it is neither
escaped when publishing nor parsed twice when applying.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from app.sync.merge import Txn

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

_LATEST = "SELECT max(id) FROM sync_op WHERE id BETWEEN ? AND ? GROUP BY tbl, row_id, col"
_OPS_SQL = f"SELECT tbl, row_id, col, value FROM sync_op WHERE id IN ({_LATEST}) ORDER BY id"
_NUMBERED_OPS_SQL = f"SELECT id, tbl, row_id, col, value FROM sync_op WHERE id IN ({_LATEST}) ORDER BY id"


def iter_ops(conn: sqlite3.Connection, first: int, last: int) -> Iterator[tuple[int, str, str, str, Any]]:
    """(op id, table, row id, column, value): the latest op of each field written by ops first..last, in
    op order (streamed; the id tells how far into the range a publish is)."""
    return conn.execute(_NUMBERED_OPS_SQL, (first, last))  # type: ignore[return-value]


def _ops(conn: sqlite3.Connection, first: int, last: int) -> list[tuple[str, str, str, Any]]:
    return conn.execute(_OPS_SQL, (first, last)).fetchall()  # row images stay JSON text


def _txn_rows(conn: sqlite3.Connection, seq_from: int, seq_to: int) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT t.seq, t.hlc, t.context, t.author, t.first_op, t.last_op FROM sync_txn t "
        "JOIN sync_state s ON s.id = 1 AND s.replica_id = t.replica_id "
        "WHERE t.seq BETWEEN ? AND ? ORDER BY t.seq",
        (seq_from, seq_to),
    ).fetchall()


def _replica(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT replica_id FROM sync_state WHERE id = 1").fetchone()[0])


def local_txns(conn: sqlite3.Connection, seq_from: int, seq_to: int) -> list[Txn]:
    replica = _replica(conn)
    return [
        Txn(replica, seq, hlc, json.loads(ctx), author, _ops(conn, first, last))
        for seq, hlc, ctx, author, first, last in _txn_rows(conn, seq_from, seq_to)
    ]


def local_txn_head(conn: sqlite3.Connection, seq: int) -> tuple[Txn, int, int] | None:
    """A local transaction without its ops, and its op range (to stream a large one in parts)."""
    rows = _txn_rows(conn, seq, seq)
    if not rows:
        return None
    _seq, hlc, ctx, author, first, last = rows[0]
    return Txn(_replica(conn), seq, hlc, json.loads(ctx), author), int(first), int(last)


def txn_sizes(conn: sqlite3.Connection, seq_from: int) -> list[tuple[int, int]]:
    """(seq, op count) of local transactions from `seq_from`, to cut segments."""
    rows = conn.execute(
        "SELECT t.seq, t.last_op - t.first_op + 1 FROM sync_txn t JOIN sync_state s "
        "ON s.id = 1 AND s.replica_id = t.replica_id WHERE t.seq >= ? ORDER BY t.seq",
        (seq_from,),
    )
    return [(int(a), int(b)) for a, b in rows]


def op_json(op: tuple[str, str, str, Any]) -> str:
    table, row_id, col, value = op
    if col == "*" and isinstance(value, str):  # the trigger's json_object text, embedded as is
        return f'[{_dumps(table)},{_dumps(row_id)},"*",{value}]'
    return _dumps([table, row_id, col, value])


def line(tx: Txn, ops: Iterable[str]) -> bytes:
    """The canonical line of `tx` with these encoded ops (all of them, or one part's)."""
    ctx = json.dumps(tx.context, sort_keys=True, separators=(",", ":"))
    return (
        f'{{"author":{_dumps(tx.author)},"ctx":{ctx},"hlc":{int(tx.hlc)},"ops":[{",".join(ops)}],'
        f'"seq":{int(tx.seq)}}}'
    ).encode()


def encode_line(tx: Txn) -> bytes:
    return line(tx, map(op_json, tx.ops))


def from_line(replica: str, data: dict[str, Any]) -> Txn:
    """A decoded line (authenticated before this point): ops stay the decoded lists."""
    return Txn(
        replica,
        int(data["seq"]),
        int(data["hlc"]),
        {str(k): int(v) for k, v in data["ctx"].items()},
        str(data.get("author", "")),
        data["ops"],
    )
