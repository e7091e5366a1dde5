"""Two databases through the CLI: a demo database syncs to an empty share, a fresh empty database syncs
from it and ends with the same content; `check` passes on both. Exit codes and French messages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app import db
from app.cli import main
from app.config import log_dir
from app.sync.round import connect
from app.sync.sim_checks import dump


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    return target


def _dump(path: Path) -> dict[str, object]:
    conn = connect(path)
    try:
        state = dump(conn)
    finally:
        conn.close()
    return state


def test_demo_database_syncs_to_a_fresh_one_through_the_cli(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    share, fresh = tmp_path / "partage", tmp_path / "nouveau.sqlite"
    share.mkdir()
    monkeypatch.setenv("MAILLAGE_SYNC_PASSPHRASE", "phrase du département")
    assert main(["--db", str(demo_copy), "sync", "--share", str(share)]) == 0
    assert main(["--db", str(fresh), "sync", "--share", str(share)]) == 0
    assert main(["--db", str(demo_copy), "sync", "--share", str(share)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^Envoyées : \d+ transactions? ; reçues : \d+ transactions? ; conflits", out, re.M), out
    assert "(s)" not in out
    assert _dump(fresh) == _dump(demo_copy)
    assert sum(len(rows) for rows in _dump(fresh).values()) > 1000
    assert main(["--db", str(fresh), "check"]) == 0
    assert main(["--db", str(demo_copy), "check"]) == 0
    assert main(["--db", str(fresh), "sync", "status"]) == 0
    assert "Conflits à arbitrer : 0" in capsys.readouterr().out
    db.dispose()


def test_cli_usage_and_domain_errors(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    monkeypatch.delenv("MAILLAGE_SYNC_PASSPHRASE", raising=False)
    assert main(["--db", str(demo_copy), "sync", "--share", str(share)]) == 2
    assert "phrase secrète absente" in capsys.readouterr().err
    assert main(["--db", str(demo_copy), "sync"]) == 2
    secret = tmp_path / "phrase.txt"
    secret.write_text("bonne phrase\n")
    assert (
        main(["--db", str(demo_copy), "sync", "--share", str(share), "--passphrase-file", str(secret)]) == 0
    )
    secret.write_text("mauvaise phrase\n")
    assert (
        main(["--db", str(demo_copy), "sync", "--share", str(share), "--passphrase-file", str(secret)]) == 1
    )
    assert "Phrase secrète de synchronisation incorrecte" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                str(demo_copy),
                "sync",
                "--share",
                str(tmp_path / "absent"),
                "--passphrase-file",
                str(secret),
            ]
        )
        == 1
    )
    assert "inaccessible" in capsys.readouterr().err
    db.dispose()


def test_a_copied_database_is_told_and_the_share_is_remembered_absolute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database copied elsewhere takes a new identity at its next round, and the CLI says so in
    French, then again in `sync status` as its last round's warning; a share given relative to the
    current folder is remembered absolute (the app finds it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MAILLAGE_SYNC_PASSPHRASE", "phrase du département")
    (tmp_path / "partage").mkdir()
    original, copy = tmp_path / "poste.sqlite", tmp_path / "copie" / "poste.sqlite"
    assert main(["--db", str(original), "sync", "--share", "partage"]) == 0
    copy.parent.mkdir()
    shutil.copy(original, copy)
    capsys.readouterr()
    assert main(["--db", str(copy), "sync", "--share", "partage"]) == 0
    assert "Avertissement : Cette base est une copie ou une sauvegarde restaurée" in capsys.readouterr().out
    journal = log_dir() / "maillage.log"  # a CLI command leaves its trail in the journal, as the window does
    assert "was copied or restored" in journal.read_text(encoding="utf-8")
    assert main(["--db", str(copy), "sync", "status"]) == 0
    status = capsys.readouterr().out
    assert f"Dossier partagé : {tmp_path / 'partage'}\n" in status
    assert "réussie, envoyées 0, reçues 0" in status  # the last round, and what it warned of
    assert "\nAvertissement : Cette base est une copie ou une sauvegarde restaurée" in status
    db.dispose()


def test_a_terminal_gets_french_only(demo_copy: Path, tmp_path: Path) -> None:
    """A real process: the round's warnings (here, a copied database taking a new identity) are told in
    French on stdout and kept in the journal, not printed as English log lines on stderr."""
    import os
    import subprocess
    import sys

    share = tmp_path / "partage"
    share.mkdir()
    env = {**os.environ, "MAILLAGE_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "MAILLAGE_SYNC_PASSPHRASE": "phrase du GIP 19"}
    command = [sys.executable, "-m", "app", "--db", str(demo_copy), "sync", "--share", str(share)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Avertissement : Cette base est une copie" in done.stdout
    assert done.stderr == ""
    journal = (tmp_path / "home").rglob("maillage.log")
    assert any("forks to a new id" in path.read_text(encoding="utf-8") for path in journal)
