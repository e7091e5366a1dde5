"""The CLI contract: exit codes 0 / 1 / 2 and French messages on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import db
from app.cli import main


@pytest.fixture(autouse=True)
def _release_engine() -> None:
    yield
    db.dispose()


def test_check_on_a_fresh_database_is_sound(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_file), "check"]) == 0
    assert "Base saine." in capsys.readouterr().out


def test_check_on_a_missing_database_fails_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "absente.sqlite"), "check"]) == 1
    assert "n'existe pas" in capsys.readouterr().err


def test_check_reports_a_broken_invariant(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    with sqlite3.connect(db_file) as conn:
        for n in (1, 2):
            conn.execute("INSERT INTO decision (id, number) VALUES (?, '2026-CA-001')", (f"{n:032x}",))
    conn.close()
    assert main(["--db", str(db_file), "check"]) == 1
    assert "numéro de délibération attribué deux fois" in capsys.readouterr().out


def test_check_reports_an_orphan_foreign_key(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    with sqlite3.connect(db_file) as conn:  # foreign_keys is off on this raw connection
        conn.execute("INSERT INTO axis (id, framework_id) VALUES (?, ?)", (f"{1:032x}", f"{9:032x}"))
    conn.close()
    assert main(["--db", str(db_file), "check"]) == 1
    assert "clé étrangère orpheline : table axis" in capsys.readouterr().out


def test_refused_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.sqlite"
    path.write_text("texte")
    assert main(["--db", str(path), "check"]) == 1
    assert "n'est pas une base de données Maillage" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["commande-inconnue"]) == 2


def test_core_commands_do_not_load_the_plugins() -> None:
    """Start-up of the window must not pay for SQLAlchemy, reports... before the first paint (issue 2)."""
    import subprocess
    import sys

    code = (
        "import sys, app.cli as c; c.COMMANDS['gui'] = lambda a: 0; c.main(['--db', 'x.sqlite']); "
        "print('sqlalchemy' in sys.modules, 'app.services.report_cli' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_plugin_commands_are_found(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_file), "report", "--help"]) == 0
    assert "proces-verbal" in capsys.readouterr().out
