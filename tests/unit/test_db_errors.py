"""Failures of the database file or its disk, raised by the real SQLite engine, told in French: a full
disk (SQLite's own size limit, `max_page_count`), a read-only file, a damaged file, a busy database; other
failures (a broken constraint, a bug) are left as they are."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.db_errors import DatabaseBusyError, LocalDatabaseError, french_database_error, sqlite_error_kind
from app.models.project import Project


def _failure(path: Path, sql: str, *, uri: bool = False) -> sqlite3.Error:
    conn = sqlite3.connect(path, uri=uri, timeout=0.1)
    try:
        conn.execute(sql)
        conn.commit()
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError(f"{sql} did not fail")


def _write_summary(text: str) -> None:
    with db.unit_of_work() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        assert project is not None
        project.summary = text


def _summaries() -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(Project.summary)))


def _captured(path: Path) -> int:
    """Sync ops (the outbox) carrying the long text."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM sync_op WHERE value LIKE '%Diagnostic partagé%'")
                   .fetchone()[0])
    finally:
        conn.close()


def test_a_save_on_a_full_disk_is_refused_in_french_and_writes_nothing(
    full_disk: Callable[[], None], demo_db: Path
) -> None:
    long_text = "Diagnostic partagé avec les partenaires du bassin. " * 600  # overflow pages: the file grows
    full = "Le disque de ce poste est plein : rien n'a été enregistré"
    with pytest.raises(LocalDatabaseError, match=full) as raised:
        _write_summary(long_text)
    assert raised.value.kind == "SQLITE_FULL" and "Libérez de la place" in str(raised.value)
    assert long_text not in _summaries()
    assert _captured(demo_db) == 0
    conn = sqlite3.connect(demo_db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    full_disk()  # room made: the same save goes through
    _write_summary(long_text)
    assert long_text in _summaries() and _captured(demo_db) == 1


def test_each_kind_of_failure_is_named_by_sqlite_and_told_in_french(tmp_path: Path) -> None:
    base = tmp_path / "base.sqlite"
    sqlite3.connect(base).execute("CREATE TABLE t(x)").connection.commit()
    read_only = _failure(Path(f"file:{base}?mode=ro"), "INSERT INTO t VALUES (1)", uri=True)
    junk = tmp_path / "abimee.sqlite"
    junk.write_bytes(b"pas une base " * 400)
    damaged = _failure(junk, "SELECT * FROM sqlite_master")

    assert sqlite_error_kind(read_only) == "SQLITE_READONLY"
    assert sqlite_error_kind(damaged) == "SQLITE_CORRUPT"  # « file is not a database »: the same advice
    told = french_database_error(read_only, base, "rien n'a été enregistré")
    assert str(told).startswith("La base « base.sqlite » ne peut pas être modifiée : rien n'a été "
                                "enregistré.")
    told = french_database_error(damaged, junk, "rien n'a été enregistré")
    assert "endommagé" in str(told) and "Fichier › Sauvegardes…" in str(told)


def test_a_busy_base_keeps_its_own_message_and_a_broken_rule_is_no_disk_failure(tmp_path: Path) -> None:
    base = tmp_path / "base.sqlite"
    holder = sqlite3.connect(base, isolation_level=None)
    holder.execute("CREATE TABLE t(x PRIMARY KEY)")
    holder.execute("INSERT INTO t VALUES (1)")
    holder.execute("BEGIN IMMEDIATE")
    busy = _failure(base, "INSERT INTO t VALUES (2)")  # « database is locked »
    holder.execute("ROLLBACK")
    duplicate = _failure(base, "INSERT INTO t VALUES (1)")
    holder.close()

    assert isinstance(french_database_error(busy, base, "rien n'a été enregistré"), DatabaseBusyError)
    assert sqlite_error_kind(duplicate) == "SQLITE_CONSTRAINT"
    assert french_database_error(duplicate, base, "rien n'a été enregistré") is None
