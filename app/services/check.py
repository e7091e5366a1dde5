"""`check`: schema version, SQLite integrity, foreign keys and the domain invariants merging cannot keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from app.db import engine
from app.db_open import current_schema, head_revision
from app.models.invariants import broken_rules
from app.sync.display import Describer


@dataclass(frozen=True)
class CheckReport:
    schema: str | None
    head: str
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return not self.problems and self.schema == self.head

    def describe(self) -> str:
        lines = [f"Schéma : {self.schema} (attendu : {self.head})"]
        lines += [f"{table} : {count} lignes" for table, count in sorted(self.counts.items()) if count]
        lines += [f"PROBLÈME : {problem}" for problem in self.problems]
        count = len(self.problems)
        lines.append("Base saine." if self.sound else
                     "Un problème détecté." if count == 1 else f"{count} problèmes détectés.")
        return "\n".join(lines)


def _sqlite_checks(conn: Connection) -> list[str]:
    problems = []
    integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [f"intégrité SQLite : {line}" for line in integrity[:10]]
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()[:10]:
        problems.append(f"clé étrangère orpheline : table {row[0]}, ligne {row[1]} → {row[2]}")
    return problems


def _domain_checks(conn: Connection) -> list[str]:
    """The rules merging cannot keep (app.models.invariants), with the objects at fault by name."""
    describe = Describer(conn.connection.driver_connection)  # type: ignore[arg-type]
    problems = []
    for broken in broken_rules(lambda query: conn.exec_driver_sql(query).fetchall()):
        names = ", ".join(describe.label(broken.rule.table, row_id) for row_id in broken.row_ids[:5])
        problems.append(f"{broken.rule.description} ({len(broken.row_ids)} cas : {names})")
    return problems


def _counts(conn: Connection, tables: list[str]) -> dict[str, int]:
    return {table: conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one() for table in tables}


CHECKS: list[Callable[[Connection], list[str]]] = [_sqlite_checks, _domain_checks]


def run_check(path: Path) -> CheckReport:
    """Run every check on the bound engine's database (read-only)."""
    from app.models import Base

    with engine().connect() as conn:
        problems = [problem for check in CHECKS for problem in check(conn)]
        counts = _counts(conn, [t.name for t in Base.metadata.sorted_tables])
    return CheckReport(current_schema(engine()), head_revision(), problems, counts)
