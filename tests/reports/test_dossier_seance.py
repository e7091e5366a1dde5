"""The dossier de séance of the demo's CA of 10 December 2026 (issue 4): one bookmarked PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DocumentKind
from app.domain.meeting_docs_dto import MeetingFileDoc
from app.reports.meeting_file import render_meeting_file
from app.services.meeting_file import issue_meeting_file, meeting_file_doc
from tests.reports.demo_meetings import CA_2026_12, built_once, meeting_id
from tests.reports.pdf_checks import (
    NBSP,
    assert_fonts_embedded,
    assert_house_mentions,
    assert_qpdf_clean,
    outline_titles,
    page_count,
    render_pngs,
    text_of,
)

Built = tuple[MeetingFileDoc, bytes]


@pytest.fixture(scope="module")
def built(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    def build(session: Session) -> Built:
        doc = meeting_file_doc(session, meeting_id(session, CA_2026_12))
        return doc, render_meeting_file(doc)[0]
    return built_once(demo_template, tmp_path_factory, build)


def test_the_outline_follows_the_dossier(built: Built) -> None:
    titles = outline_titles(built[1])
    expected = ["Ordre du jour", "Projet de procès-verbal de la séance du jeudi 8 octobre 2026",
                "Point 4 – Budget initial 2027 et contributions statutaires des membres",
                "Note de présentation", "Projet de décision n° 2026-CA-009",
                "Projet de décision n° 2026-CA-010", "Annexe 5.1 – Fiche action FA-2.3.3-01",
                "Annexe 5.3 – Fiche action FA-2.2.2-02"]
    positions = [titles.index(title) for title in expected]
    assert positions == sorted(positions), titles


def test_contents_table_agenda_minutes_notes_drafts_and_annexes(built: Built) -> None:
    doc, pdf = built
    text = text_of(pdf)
    for mention in ("DOSSIER DE SÉANCE", "Sommaire",
                    "Projet de procès-verbal de la séance du jeudi 8 octobre 2026",
                    "Délibération n° 2026-CA-008 : adoptée.", "Contexte et enjeux :",
                    "Incidence financière : Coût annuel total : 576 000 €.", "Avis préalable : néant.",
                    "Avis préalable : Avis favorable du comité de pilotage du PDI, séance du mardi 22 "
                    "septembre 2026 (avis n° 2026-COPIL-003) ; avis favorable",
                    "Projet de délibération n° 2026-CA-010", "Vu la loi n° 2011-525", "DÉCIDE :",
                    "Article 1er", "Fiche action FA-2.3.3-01", "Porteur", "Plan de financement", "Financeur",
                    "Total"):
        assert mention in text, mention
    annex = doc.items[4].annexes[0]
    assert annex.funding.total == f"77{NBSP}000,00{NBSP}€" and annex.funding.years == (2027,)
    assert "77 000,00 €" in text
    assert_house_mentions(pdf, "Dossier de séance · CA 2026-04")


def test_fonts_structure_and_pages(built: Built, tmp_path: Path) -> None:
    pdf = built[1]
    assert_fonts_embedded(pdf, tmp_path)
    assert_qpdf_clean(pdf, tmp_path)
    assert len(render_pngs(pdf, tmp_path)) == page_count(pdf) >= 8


def test_issuing_registers_the_dossier(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        info = issue_meeting_file(session, meeting_id(session, CA_2026_12))
        assert info.kind is DocumentKind.MEETING_FILE and info.pages >= 8


def test_a_bookmark_lands_on_its_heading_not_on_its_page(built: Built) -> None:
    """Outline and table of contents point at the heading itself (/XYZ at its top, the reader's zoom
    kept): a click on « Projet de décision n° 2026-CA-009 » shows that heading, mid-page."""
    reader = PdfReader(BytesIO(built[1]))
    checked = 0
    for entry in _flat(reader.outline):
        page = reader.pages[reader.get_destination_page_number(entry)]
        title = entry.title.replace(NBSP, " ")
        baselines = _baselines(page, title)
        assert entry["/Type"] == "/XYZ" and baselines, title
        assert 0 < float(entry["/Top"]) - max(baselines) < 20, title  # its top, a few points above
        checked += 1
    assert checked >= 8


def _flat(entries: list[Any]) -> list[Any]:
    return [leaf for entry in entries for leaf in (_flat(entry) if isinstance(entry, list) else [entry])]


def _baselines(page: PageObject, title: str) -> list[float]:
    """The baselines (points from the bottom) of the text lines that begin the heading `title`."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        words = text.replace(NBSP, " ").strip()
        if len(words) > 3 and title.startswith(words[:20]):
            found.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found
