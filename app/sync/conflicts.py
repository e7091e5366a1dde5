"""Resolving a conflict: a local write of the chosen (or merged) value, which supersedes every head."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.domain.errors import DomainError
from app.sync.merge import Merger


def resolve_conflict(conn: sqlite3.Connection, table: str, row_id: str, column: str, value: Any) -> None:
    """Inside the caller's transaction; the op is written even when the value is already displayed."""
    if column not in Merger(conn).columns(table) or column == "id":
        raise DomainError(f"Champ inconnu : {table}.{column}.")
    conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (value, row_id))
    conn.execute(
        "INSERT INTO sync_op(tbl, row_id, col, value) VALUES (?, ?, ?, ?)", (table, row_id, column, value)
    )
