"""Rotating daily backups and restore."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.backups import list_backups, restore_backup, rotate_daily_backup
from app.config import backups_dir
from app.domain.errors import DatabaseRefused, DomainError


def _titles(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = [row[0] for row in conn.execute("SELECT title FROM project ORDER BY title")]
    conn.close()
    return rows


def _add_project(path: Path, title: str, n: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO project (id, title) VALUES (?, ?)", (f"{n:032x}", title))
    conn.close()


def test_one_backup_a_day_and_only_the_newest_kept(db_file: Path) -> None:
    start = date(2026, 11, 1)
    for offset in range(10):
        rotate_daily_backup(db_file, today=start + timedelta(days=offset), keep=7)
    assert rotate_daily_backup(db_file, today=start + timedelta(days=9), keep=7) is None  # already made today
    names = sorted(p.name for p in backups_dir(db_file).glob("quotidienne_*.sqlite"))
    assert names[0] == "quotidienne_2026-11-04.sqlite" and len(names) == 7


def test_restore_brings_back_the_old_state_and_keeps_the_current_aside(db_file: Path) -> None:
    _add_project(db_file, "Avant", 1)
    backup = rotate_daily_backup(db_file, today=date(2026, 11, 27))
    assert backup is not None
    _add_project(db_file, "Après", 2)

    aside = restore_backup(db_file, backup)

    assert _titles(db_file) == ["Avant"]
    assert _titles(aside) == ["Après", "Avant"]
    assert {info.path for info in list_backups(db_file)} >= {backup, aside}


def test_restore_refuses_a_missing_or_foreign_file(db_file: Path, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="introuvable"):
        restore_backup(db_file, tmp_path / "absent.sqlite")
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_bytes(b"pas du tout du SQLite")
    with pytest.raises(DatabaseRefused):
        restore_backup(db_file, foreign)


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_base_is_restored_and_its_damaged_bytes_kept_aside(db_file: Path, damage: str) -> None:
    _add_project(db_file, "Avant", 1)
    backup = rotate_daily_backup(db_file, today=date(2026, 11, 27))
    assert backup is not None
    data = bytearray(db_file.read_bytes())
    start = 0 if damage == "header" else 4096 * 2  # SQLite's header, or the pages behind it
    data[start:start + 8192] = b"\xde\xad" * 4096
    db_file.write_bytes(bytes(data))

    aside = restore_backup(db_file, backup)

    assert _titles(db_file) == ["Avant"]
    assert aside.exists() and list_backups(db_file)[0].path == aside
    if damage == "header":  # SQLite cannot read it: its bytes are kept as they were, for whoever looks
        assert aside.read_bytes() == bytes(data)
