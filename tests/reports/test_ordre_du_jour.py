"""Ordre du jour from the demo (issue 4): numbered points with kind, rapporteur and decision numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DocumentKind
from app.reports.agenda import render_agenda
from app.services.meeting_papers import agenda_doc, issue_agenda
from tests.reports.demo_meetings import CA_2026_12, COPIL_2027, built_once, meeting_id
from tests.reports.pdf_checks import (
    assert_fonts_embedded,
    assert_house_mentions,
    assert_qpdf_clean,
    page_count,
    render_pngs,
    text_of,
)

Pdfs = dict[str, bytes]


@pytest.fixture(scope="module")
def pdfs(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdfs:
    def build(session: Session) -> Pdfs:
        return {"frozen": render_agenda(agenda_doc(session, meeting_id(session, CA_2026_12)))[0],
                "draft": render_agenda(agenda_doc(session, meeting_id(session, COPIL_2027)))[0]}
    return built_once(demo_template, tmp_path_factory, build)


def test_points_are_numbered_with_kind_rapporteur_and_decision_number(pdfs: Pdfs) -> None:
    text = text_of(pdfs["frozen"])
    assert "ORDRE DU JOUR" in text and "PROJET" not in text
    order = ["1 Désignation du secrétaire de séance Pour information Jean-Marc Delpeuch",
             "2 Constat du quorum", "3 Approbation du procès-verbal de la séance du 8 octobre 2026",
             "4 Budget initial 2027", "Pour délibération", "2026-CA-009",
             "5 Validation et plan de financement",
             "2026-CA-010", "6 Questions diverses"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Pascal Meunier, agent comptable du groupement" in text
    assert "Ordre du jour arrêté par le président" in text
    assert_house_mentions(pdfs["frozen"], "Ordre du jour · CA 2026-04")


def test_an_agenda_not_yet_frozen_is_a_draft_without_numbers(pdfs: Pdfs) -> None:
    text = text_of(pdfs["draft"])
    assert "PROJET D'ORDRE DU JOUR" in text and "Pour avis" in text and "2027-COPIL" not in text
    assert "les numéros de délibération seront attribués à son arrêt" in text
    assert "mardi 26 janvier 2027 à 9 h 30" in text


@pytest.mark.parametrize("name", ["frozen", "draft"])
def test_fonts_structure_and_pages(pdfs: Pdfs, name: str, tmp_path: Path) -> None:
    assert_fonts_embedded(pdfs[name], tmp_path)
    assert_qpdf_clean(pdfs[name], tmp_path)
    assert len(render_pngs(pdfs[name], tmp_path)) == page_count(pdfs[name]) == 1


def test_issuing_registers_the_agenda(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        info = issue_agenda(session, meeting_id(session, CA_2026_12))
        assert info.kind is DocumentKind.AGENDA and info.template_version == "ordre-du-jour-1"
