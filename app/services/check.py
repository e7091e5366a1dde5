"""`check`: schema version, SQLite integrity, foreign keys and the domain invariants merging cannot keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text

from app.db import engine
from app.db_open import current_schema, head_revision


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


# Each invariant: a French description and a query returning offending rows (first column shown).
INVARIANTS: list[tuple[str, str]] = [
    (
        "numéro de délibération attribué deux fois",
        "SELECT number FROM decision WHERE deleted = 0 AND number != '' GROUP BY number HAVING count(*) > 1",
    ),
    (
        "code de fiche action utilisé par plusieurs projets",
        "SELECT code FROM project WHERE deleted = 0 AND code != '' GROUP BY code HAVING count(*) > 1",
    ),
    ("montant de financement négatif", "SELECT id FROM funding_line WHERE deleted = 0 AND amount_cents < 0"),
    (
        "droits statutaires d'un organe différents de 100 %",
        "SELECT b.code FROM body b JOIN seat s ON s.body_id = b.id AND s.deleted = 0 AND s.has_vote = 1 "
        "WHERE b.deleted = 0 GROUP BY b.id HAVING abs(sum(CAST(s.voting_rights AS REAL)) - 100) > 0.001",
    ),
    (
        "projet avec plusieurs pilotes",
        "SELECT project_id FROM assignment WHERE deleted = 0 AND role = 'pilot' "
        "GROUP BY project_id HAVING count(*) > 1",
    ),
    (
        "quotité hors de ]0 ; 1]",
        "SELECT last_name FROM pool_member WHERE deleted = 0 AND "
        "(CAST(working_time AS REAL) <= 0 OR CAST(working_time AS REAL) > 1)",
    ),
    (
        "valeur d'indicateur sous secret statistique stockée avec une valeur",
        "SELECT id FROM indicator_value WHERE status = 'secret' AND value IS NOT NULL",
    ),
    (
        "mandataire détenant plus de pouvoirs que le maximum de l'organe",
        "SELECT p.holder_seat_id FROM proxy p JOIN meeting m ON m.id = p.meeting_id "
        "JOIN body b ON b.id = m.body_id WHERE p.deleted = 0 "
        "GROUP BY p.meeting_id, p.holder_seat_id, b.max_proxies HAVING count(*) > b.max_proxies",
    ),
]


def _sqlite_checks(conn: Connection) -> list[str]:
    problems = []
    integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [f"intégrité SQLite : {line}" for line in integrity[:10]]
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()[:10]:
        problems.append(f"clé étrangère orpheline : table {row[0]}, ligne {row[1]} → {row[2]}")
    return problems


def _domain_checks(conn: Connection) -> list[str]:
    problems = []
    for label, query in INVARIANTS:
        rows = conn.execute(text(query)).fetchall()
        if rows:
            sample = ", ".join(str(row[0]) for row in rows[:5])
            problems.append(f"{label} ({len(rows)} cas : {sample})")
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
