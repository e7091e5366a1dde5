"""Exports read back: XLSX with openpyxl and the CSV re-parsed, both matching the database (issue 5)."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import db
from app.cli import main
from app.models.funding import FundingLine
from app.models.project import Project


@pytest.fixture(autouse=True)
def _release_engine() -> None:
    yield
    db.dispose()


def _db_totals(path: Path) -> tuple[int, dict[tuple[str, str], int], int]:
    db.init_engine(path)
    with db.SessionFactory() as session:
        per_project = {
            (code, title): int(cents)
            for code, title, cents in session.execute(
                select(Project.code, Project.title, func.coalesce(func.sum(FundingLine.amount_cents), 0))
                .outerjoin(
                    FundingLine, (FundingLine.project_id == Project.id) & FundingLine.deleted.is_(False)
                )
                .where(Project.deleted.is_(False))
                .group_by(Project.id)
            )
        }
        lines = session.scalar(
            select(func.count())
            .select_from(FundingLine)
            .join(Project, Project.id == FundingLine.project_id)
            .where(FundingLine.deleted.is_(False), Project.deleted.is_(False))
        )
    db.dispose()
    return sum(per_project.values()), per_project, int(lines or 0)


def _cents(value: object) -> int:
    return int(Decimal(str(value)) * 100)


def test_portfolio_xlsx_reads_back_and_matches_the_database(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "portefeuille.xlsx"
    assert main(["--db", str(demo_db), "export", "portfolio", str(target)]) == 0
    total, per_project, _ = _db_totals(demo_db)
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Code", "Intitulé", "Statut"] and header[-1] == "Financement total"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{len(per_project) + 1}"
    assert sheet.column_dimensions["B"].width == 50
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(row[0], row[1]): _cents(row[-1]) for row in rows} == per_project
    assert sum(_cents(row[-1]) for row in rows) == total
    money, start = sheet.cell(row=2, column=14), sheet.cell(row=2, column=9)
    assert money.number_format == '#,##0.00\\ "€"' and isinstance(money.value, (int, float))
    assert isinstance(start.value, datetime) and start.number_format == "dd/mm/yyyy"


def test_financing_xlsx_has_one_row_per_funding_line(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "financements.xlsx"
    assert main(["--db", str(demo_db), "export", "financing", str(target)]) == 0
    total, _, lines = _db_totals(demo_db)
    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == lines == 147
    assert sum(_cents(row[6]) for row in rows) == total
    assert {row[5] for row in rows} <= {"Prévisionnel", "Sollicité", "Notifié", "Engagé", "Versé", "Soldé"}


def test_csv_is_what_french_excel_opens(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "financements.csv"
    assert main(["--db", str(demo_db), "export", "financing", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Code", "Intitulé", "Financeur", "Exercice", "Nature", "Statut", "Montant", "Acte"]
    total, _, lines = _db_totals(demo_db)
    assert len(rows) - 1 == lines
    amounts = [row[6] for row in rows[1:]]
    assert all("," in a and "." not in a and " " not in a for a in amounts)
    assert sum(int(Decimal(a.replace(",", ".")) * 100) for a in amounts) == total


def test_portfolio_csv_dates_are_french(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "portefeuille.csv"
    assert main(["--db", str(demo_db), "export", "portfolio", str(target)]) == 0
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    starts = [row[8] for row in rows[1:] if row[8]]
    assert starts and all(len(s) == 10 and s[2] == "/" and s[5] == "/" for s in starts)


TYPED = {"FA-1.1.1-01": "=== Bilan 2026 ===", "FA-1.1.1-02": "-Remobilisation", "FA-1.1.2-01": "@Mobilité"}


def _typed_titles(path: Path) -> None:
    """Titles as a colleague may type them: Excel would take them for formulas."""
    with db.unit_of_work() as session:
        for code, title in TYPED.items():
            session.scalars(select(Project).where(Project.code == code)).one().title = title
    db.dispose()


def test_a_title_excel_would_evaluate_stays_a_text_in_the_xlsx(demo_db: Path, tmp_path: Path) -> None:
    _typed_titles(demo_db)
    target = tmp_path / "portefeuille.xlsx"
    assert main(["--db", str(demo_db), "export", "portfolio", str(target)]) == 0
    cells = {row[0].value: row[1] for row in load_workbook(target).active.iter_rows(min_row=2)}
    assert {code: (cells[code].value, cells[code].data_type) for code in TYPED} == {
        code: (title, "s") for code, title in TYPED.items()}  # openpyxl wrote « =… » as a formula


def test_a_title_excel_would_evaluate_is_quoted_in_the_csv(demo_db: Path, tmp_path: Path) -> None:
    """OWASP's « CSV injection »: a text starting with =, +, -, @ is written after an apostrophe."""
    _typed_titles(demo_db)
    target = tmp_path / "portefeuille.csv"
    assert main(["--db", str(demo_db), "export", "portfolio", str(target)]) == 0
    rows = {row[0]: row[1] for row in csv.reader(target.read_text(encoding="utf-8-sig").splitlines(),
                                                   delimiter=";")}
    assert {code: rows[code] for code in TYPED} == {code: f"'{title}" for code, title in TYPED.items()}
    assert rows["FA-1.2.1-01"].startswith("Consolider")  # the others as they are


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "budget", "x.xlsx"], 2, "Export inconnu : « budget »"),
        (["export", "portfolio", "x.pdf"], 2, "Format de fichier non pris en charge"),
        (["export", "portfolio", "/nonexistent/dir/x.xlsx"], 1, "Impossible d'écrire le fichier"),
    ],
)
def test_cli_errors_are_french_with_their_exit_codes(
    demo_db: Path,
    tmp_path: Path,
    args: list[str],
    code: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not args[2].startswith("/"):
        args = [*args[:2], str(tmp_path / args[2])]
    assert main(["--db", str(demo_db), *args]) == code
    assert message in capsys.readouterr().err
