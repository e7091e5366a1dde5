"""Explicit transactions on the round's raw connection (opened with isolation_level=None, where
`with conn:` would commit each statement on its own, each with its fsync)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn: sqlite3.Connection, *, durable: bool = True) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, ROLLBACK on error. `durable=False` is for bookkeeping that a power
    failure may lose without harm because the next round redoes it (peers read from the share, the
    round log, a segment already recorded as pending): committed without waiting for the disk (WAL
    `synchronous=NORMAL`: never corrupt, made durable by the next durable commit)."""
    if not durable:
        conn.execute("PRAGMA synchronous=NORMAL")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
    finally:
        if not durable:
            conn.execute("PRAGMA synchronous=FULL")


def rollback(conn: sqlite3.Connection) -> None:
    """ROLLBACK if a transaction is still open: after a full disk or an I/O error SQLite may have rolled
    it back itself, and a second ROLLBACK would raise, hiding the first error."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
