"""A save that waited the whole busy timeout behind a sync round writing a segment (its own thread and
connection) is refused with a French message, nothing written; it goes through once the round is done."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.db_errors import DatabaseBusyError
from app.models.project import Project


def _rename(title: str) -> None:
    with db.unit_of_work() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        assert project is not None
        project.title = title


def test_a_save_behind_a_long_round_is_refused_in_french(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    db.init_engine(demo_db)  # connections made from now on wait 200 ms
    round_connection = sqlite3.connect(demo_db, isolation_level=None)
    round_connection.execute("BEGIN IMMEDIATE")  # a round applying a segment
    try:
        with pytest.raises(DatabaseBusyError, match="occupée par une synchronisation"):
            _rename("Titre écrit pendant le tour")
    finally:
        round_connection.execute("ROLLBACK")
        round_connection.close()
    _rename("Titre écrit après le tour")
    with db.unit_of_work() as session:
        titles = set(session.scalars(select(Project.title)))
    assert "Titre écrit après le tour" in titles and "Titre écrit pendant le tour" not in titles
