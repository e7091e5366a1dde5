"""`report KIND --out FILE.pdf [--id ID | --latest]` in process, once per KIND (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import db
from app.cli import main
from app.models.document import Document
from tests.reports.pdf_checks import text_of

LATEST = {  # KIND → what the latest relevant document is
    "convocation": "Convocation · CA 2026-04",
    "ordre-du-jour": "Ordre du jour · CA 2026-04",
    "dossier-seance": "Dossier de séance · CA 2026-04",
    "deliberation": "Délibération n° 2026-CA-008",
    "releve-decisions": "Relevé de décisions · CA 2026-03",
    "proces-verbal": "Procès-verbal · CA 2026-03",
}


def _registered(database: Path) -> int:
    db.init_engine(database)
    with db.SessionFactory() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


@pytest.mark.parametrize("kind", sorted(LATEST))
def test_each_kind_is_written_and_registered(kind: str, demo_db: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sortie" / f"{kind}.pdf"
    before = _registered(demo_db)
    assert main(["--db", str(demo_db), "report", kind, "--latest", "--out", str(out)]) == 0
    assert LATEST[kind] in capsys.readouterr().out
    assert f"{LATEST[kind]} · Page 1 /" in text_of(out.read_bytes())
    assert _registered(demo_db) == before + 1


def test_a_deliberation_by_its_number(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    args = ["--db", str(demo_db), "report", "deliberation", "--id", "2026-CA-004", "--out", str(out)]
    assert main(args) == 0
    assert "Délibération n° 2026-CA-004" in text_of(out.read_bytes())


@pytest.mark.parametrize(("args", "message"), [
    (["deliberation", "--id", "2026-CA-099"], "Délibération introuvable : 2026-CA-099."),
    (["proces-verbal", "--id", "pas-un-uuid"], "n'est pas un identifiant valide"),
    (["proces-verbal", "--id", "0190a4c2-0000-7000-8000-000000000000"], "Séance introuvable"),
])
def test_domain_failures_exit_1_in_french(args: list[str], message: str, demo_db: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "report", *args, "--out", str(tmp_path / "x.pdf")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("args", [["proces-verbal", "--out", "x.pdf"],
                                  ["fiche-inconnue", "--latest", "--out", "x.pdf"],
                                  ["proces-verbal", "--latest", "--id", "2026-CA-001", "--out", "x.pdf"],
                                  ["proces-verbal", "--latest"]])
def test_usage_errors_exit_2(args: list[str], demo_db: Path) -> None:
    assert main(["--db", str(demo_db), "report", *args]) == 2


def test_a_missing_database_is_a_domain_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "absente.sqlite"), "report", "ordre-du-jour", "--latest",
                 "--out", str(tmp_path / "x.pdf")])
    assert code == 1 and "n'existe pas" in capsys.readouterr().err
