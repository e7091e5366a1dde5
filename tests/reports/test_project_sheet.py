"""The fiche action PDF read back: mentions, accents, French amounts, page numbers, fonts (issue 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DocumentKind
from app.domain.ids import new_id
from app.formatting import NBSP, euros
from app.models.funding import FundingLine
from app.models.project import Project
from app.reports.project_sheet import render_project_sheet
from app.services.document_register import document_path
from app.services.project_sheet import issue_project_sheet, project_sheet_doc
from tests.unit.portfolio_seed import organisation, project


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _richest(session: Session) -> Project:
    """The demo project with the most funding years (a real financing table and chart)."""
    projects = session.scalars(select(Project).where(Project.deleted.is_(False))).all()
    return max(projects, key=lambda p: (len(project_sheet_doc(session, p.id).funding.years), p.code))


def test_the_sheet_says_everything_about_the_project(demo_db: Path) -> None:
    with db.SessionFactory() as session:
        doc = project_sheet_doc(session, _richest(session).id)
    pdf, pages = render_project_sheet(doc)
    text = _text(pdf)
    flat = text.replace("\n", " ")
    for mention in (
        "Fiche action",
        doc.code,
        "Inscription stratégique",
        "Plan de financement",
        "Risques et mesures d'atténuation",
        "Statut et historique",
        "Décisions et évaluations",
        "Besoins du diagnostic",
        "Pilote et équipe du pool",
        "Calendrier et jalons",
    ):
        assert mention in flat, mention
    assert doc.title.split()[0] in flat and "é" in text
    # a four-year plan is printed in whole euros ("1 160 000 €"); the statuses keep the cents. pypdf
    # reads the no-break spaces back as spaces: what counts is that no amount is split over two lines.
    plain = text.replace(NBSP, " ")
    assert NBSP in euros(doc.funding.total)
    rounded = euros(doc.funding.total, decimals=False).replace(NBSP, " ")
    assert any(rounded in line for line in plain.splitlines())
    assert "Montants arrondis à l'euro." in text
    assert re.search(r"\b\d{1,3} \d{3},\d{2} €", plain)
    footers = re.findall(r"Page (\d+) / \s*(\d+)", plain)  # the total is a form drawn after the text
    assert footers == [(str(n), str(pages)) for n in range(1, pages + 1)]
    for row in doc.history:
        assert row.cells[0] in text
    for number in (row.cells[0] for row in doc.decisions):
        assert number in text


def test_an_empty_project_still_gives_a_clean_sheet(session: Session) -> None:
    fa = project(session, "FA-9.9-01", title="Groupe miroir des personnes accompagnées")
    pdf, pages = render_project_sheet(project_sheet_doc(session, fa.id))
    text = _text(pdf)
    assert pages == 1 or pages == 2
    assert "Aucune ligne de financement" in text and "Groupe miroir des personnes accompagnées" in text


def test_issued_sheet_is_registered_with_embedded_fonts(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        fa = _richest(session)
        info = issue_project_sheet(session, fa.id, author="Claire Fontanel (directrice, GIP)")
        path = document_path(session, info.id)
    assert info.kind is DocumentKind.PROJECT_SHEET and info.reference == f"Fiche action {fa.code}"
    assert info.pages >= 2 and path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) absent")
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts and all("DejaVu" in line and " yes yes " in line for line in fonts)


def test_a_short_plan_keeps_the_cents(session: Session) -> None:
    fa = project(session, "FA-2.1-07", title="Plateforme de mobilité solidaire")
    caf = organisation(session, "Caisse d'allocations familiales", "CAF")
    for year, cents in ((2026, 1_234_50), (2027, 2_000_00)):
        session.add(FundingLine(id=new_id(), project_id=fa.id, funder_id=caf.id, fiscal_year=year,
                                amount_cents=cents))
    session.flush()
    plain = _text(render_project_sheet(project_sheet_doc(session, fa.id))[0]).replace(NBSP, " ")
    assert "1 234,50 €" in plain and "3 234,50 €" in plain and "arrondis" not in plain


def test_report_cli_issues_the_fiche_action(demo_db: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    with db.SessionFactory() as session:
        fa = session.scalars(select(Project).order_by(Project.code)).first()
        assert fa is not None
        ident = str(fa.id)
    db.dispose()
    out = tmp_path / "fiche.pdf"
    assert main(["--db", str(demo_db), "report", "fiche-action", "--id", ident, "--out", str(out)]) == 0
    assert f"Fiche action {fa.code}" in capsys.readouterr().out and out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(demo_db), "report", "fiche-action", "--latest", "--out", str(out)]) == 0
    assert main(["--db", str(demo_db), "report", "fiche-action", "--id", "FA-0.0-00", "--out", str(out)]) == 1
    assert "Fiche action introuvable : FA-0.0-00." in capsys.readouterr().err
    db.dispose()
