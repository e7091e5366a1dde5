"""Reading local transactions back from the outbox (sync_txn + sync_op) as Txn objects."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.sync.merge import Txn


def _ops(conn: sqlite3.Connection, first: int, last: int) -> list[tuple[str, str, str, Any]]:
    rows = conn.execute(
        "SELECT tbl, row_id, col, value FROM sync_op WHERE id IN (SELECT max(id) FROM sync_op "
        "WHERE id BETWEEN ? AND ? GROUP BY tbl, row_id, col) ORDER BY id",
        (first, last),
    )
    return [(t, r, c, v) for t, r, c, v in rows]  # a row image stays JSON text (no dict per row)


def local_txns(conn: sqlite3.Connection, seq_from: int, seq_to: int) -> list[Txn]:
    rows = conn.execute(
        "SELECT t.seq, t.hlc, t.context, t.author, t.first_op, t.last_op FROM sync_txn t "
        "JOIN sync_state s ON s.id = 1 AND s.replica_id = t.replica_id "
        "WHERE t.seq BETWEEN ? AND ? ORDER BY t.seq",
        (seq_from, seq_to),
    ).fetchall()
    replica = conn.execute("SELECT replica_id FROM sync_state WHERE id = 1").fetchone()[0]
    return [
        Txn(replica, seq, hlc, json.loads(ctx), author, _ops(conn, first, last))
        for seq, hlc, ctx, author, first, last in rows
    ]


def txn_sizes(conn: sqlite3.Connection, seq_from: int) -> list[tuple[int, int]]:
    """(seq, op count) of local transactions from `seq_from`, to cut segments."""
    rows = conn.execute(
        "SELECT t.seq, t.last_op - t.first_op + 1 FROM sync_txn t JOIN sync_state s "
        "ON s.id = 1 AND s.replica_id = t.replica_id WHERE t.seq >= ? ORDER BY t.seq",
        (seq_from,),
    )
    return [(int(a), int(b)) for a, b in rows]


def to_line(tx: Txn) -> dict[str, Any]:
    return {
        "seq": tx.seq,
        "hlc": tx.hlc,
        "ctx": tx.context,
        "author": tx.author,
        "ops": [list(o) for o in tx.ops],
    }


def from_line(replica: str, data: dict[str, Any]) -> Txn:
    ops = [(str(t), str(r), str(c), v) for t, r, c, v in data["ops"]]  # row images: parsed one at a time
    return Txn(
        replica,
        int(data["seq"]),
        int(data["hlc"]),
        {str(k): int(v) for k, v in data["ctx"].items()},
        str(data.get("author", "")),
        ops,
    )
