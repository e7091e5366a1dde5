"""Shared state of one demo run: the seeded generator, the scale, ids and the rows waiting to be written.

Small tables are collected as dicts in `Ctx.rows` (later steps may still fill a foreign key, e.g. the
decision that validated a project) and written at the end by `flush`; the indicator values are streamed.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from app.domain.ids import natural_id
from app.domain.progress import Progress
from app.domain.settings import FICTIONAL_DEPARTMENT_CODE
from app.models import Base

TODAY = date(2026, 11, 27)  # "today" in the demo's story
DEPT_CODE = FICTIONAL_DEPARTMENT_CODE  # no real département uses it
DEPT_NAME = "Haute-Maille"
PREFECTURE = "Maillac"
CHUNK = 5000
Row = dict[str, Any]


@dataclass(frozen=True)
class Scale:
    """How big the demo is: `small` for people, `large` for performance work."""

    communes: int
    epci: int
    bassins: int
    tas: int
    projects: int
    pool: int
    carriers: int
    monthly_values: int  # 0: yearly values 2022-2025; N: about N indicator values, monthly periods
    batch: int  # projects validated by one agenda item


SCALES = {
    "small": Scale(
        communes=100, epci=9, bassins=4, tas=4, projects=30, pool=15, carriers=15, monthly_values=0, batch=3
    ),
    "large": Scale(
        communes=600,
        epci=18,
        bassins=6,
        tas=6,
        projects=10_000,
        pool=200,
        carriers=300,
        monthly_values=1_000_000,
        batch=120,
    ),
}


@dataclass
class Ctx:
    """One demo run. `refs` holds what a later step needs from an earlier one (ids, plans)."""

    session: Session
    seed: int
    size: str
    scale: Scale
    rng: random.Random
    progress: Progress
    rows: dict[str, list[Row]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    refs: dict[str, Any] = field(default_factory=dict)

    def id(self, kind: str, *key: object) -> uuid.UUID:
        """A deterministic id for a demo row: same seed, same id."""
        return natural_id("demo", self.seed, kind, *key)

    def add(self, model: type[Base], **values: Any) -> Row:
        """Queue one row (every column present, defaults filled) and return it for later edits."""
        table: Table = model.__table__  # type: ignore[assignment]
        row = {**_defaults(table), **values}
        unknown = set(values) - set(table.columns.keys())
        if unknown:
            raise KeyError(f"{table.name}: unknown columns {sorted(unknown)}")
        self.rows.setdefault(table.name, []).append(row)
        return row


_DEFAULTS: dict[str, Row] = {}


def _defaults(table: Table) -> Row:
    """Each column's scalar default (None when nullable or computed), computed once per table."""
    if table.name not in _DEFAULTS:
        values: Row = {}
        for column in table.columns:
            default = column.default
            values[column.key] = default.arg if isinstance(default, ScalarElementColumnDefault) else None
        _DEFAULTS[table.name] = values
    return _DEFAULTS[table.name]


def bulk_insert(ctx: Ctx, table: Table, rows: Iterable[Sequence[Any]], *, total: int, label: str) -> int:
    """Driver-level executemany of encoded rows (table column order), in chunks, reporting progress.

    Twice as fast as `session.execute(insert(table), dicts)` on a million rows (measured): the values
    are encoded once by `encoded()` or already stored-form, and the statement comes from the table.
    """
    columns = [column.name for column in table.columns]
    sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    connection = ctx.session.connection()
    done, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            connection.exec_driver_sql(sql, chunk)
            done, chunk = done + len(chunk), []
            ctx.progress.step(done, total, label)
    if chunk:
        connection.exec_driver_sql(sql, chunk)
        done += len(chunk)
    ctx.counts[table.name] += done
    ctx.progress.step(done, max(total, done), label)
    return done


def encoded(ctx: Ctx, table: Table, rows: Iterable[Row]) -> Iterator[tuple[Any, ...]]:
    """Rows as the column types store them (UUID hex, Decimal text, enum codes, ISO dates)."""
    dialect = ctx.session.get_bind().dialect
    columns = list(table.columns)
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    pairs = list(zip([column.key for column in columns], processors, strict=True))
    for row in rows:
        yield tuple(process(row[key]) if process else row[key] for key, process in pairs)


@contextmanager
def larger_cache(ctx: Ctx, *, kib: int = 262_144) -> Iterator[None]:
    """A bigger page cache while bulk-loading random-keyed rows (fewer pages spilled to the WAL)."""
    connection = ctx.session.connection()
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


def flush(ctx: Ctx) -> None:
    """Write every queued row, parents first (foreign keys are deferred anyway)."""
    for table in Base.metadata.sorted_tables:
        rows = ctx.rows.pop(table.name, [])
        if rows:
            bulk_insert(
                ctx, table, encoded(ctx, table, rows), total=len(rows), label=f"Écriture : {table.name}"
            )


def luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` Luhn-valid (SIREN and SIRET keys)."""
    for check in "0123456789":
        if luhn_valid(digits + check):
            return digits + check
    raise AssertionError("unreachable")


def luhn_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
