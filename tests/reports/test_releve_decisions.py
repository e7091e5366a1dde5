"""Relevé de décisions from the demo's CA of 8 October 2026 (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DocumentKind
from app.domain.errors import DomainError
from app.domain.meeting_docs_dto import DecisionsSummaryDoc
from app.reports.decisions_summary import render_decisions_summary
from app.services.meeting_minutes import decisions_summary_doc, issue_decisions_summary
from tests.reports.demo_meetings import CA_2026_10, CA_2026_12, built_once, meeting_id
from tests.reports.pdf_checks import (
    assert_fonts_embedded,
    assert_house_mentions,
    assert_qpdf_clean,
    page_count,
    render_pngs,
    text_of,
)


@pytest.fixture(scope="module")
def built(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DecisionsSummaryDoc, bytes]:
    def build(session: Session) -> tuple[DecisionsSummaryDoc, bytes]:
        doc = decisions_summary_doc(session, meeting_id(session, CA_2026_10))
        return doc, render_decisions_summary(doc)[0]
    return built_once(demo_template, tmp_path_factory, build)


def test_each_voted_point_in_one_sentence_with_vote_and_follow_up(
        built: tuple[DecisionsSummaryDoc, bytes]) -> None:
    doc, pdf = built
    assert [line.line.position for line in doc.lines] == [3, 4, 5]
    text = text_of(pdf)
    for mention in ("RELEVÉ DE DÉCISIONS", "Séance n° 3 du jeudi 8 octobre 2026",
                    "Le conseil d'administration adopte la délibération n° 2026-CA-007",
                    "Le conseil d'administration approuve le procès-verbal de la séance du 18 juin 2026.",
                    "Adoptée à l'unanimité des membres ayant pris part au vote ; NPPV : France Travail",
                    "Suites à donner", "Claire Fontanel : Publier et notifier la délibération n° 2026-CA-008",
                    "commissaire du Gouvernement", "vendredi 23 octobre 2026", "Le président,",
                    "Jean-Marc Delpeuch",
                    "Le quorum, fixé aux deux tiers des droits statutaires, est atteint"):
        assert mention in text, mention
    assert 1 <= page_count(pdf) <= 2
    assert_house_mentions(pdf, "Relevé de décisions · CA 2026-03")


def test_fonts_structure_and_pages(built: tuple[DecisionsSummaryDoc, bytes], tmp_path: Path) -> None:
    pdf = built[1]
    assert_fonts_embedded(pdf, tmp_path)
    assert_qpdf_clean(pdf, tmp_path)
    assert len(render_pngs(pdf, tmp_path)) == page_count(pdf)


def test_issuing_registers_the_summary(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        info = issue_decisions_summary(session, meeting_id(session, CA_2026_10))
        assert info.kind is DocumentKind.DECISIONS_SUMMARY
        assert info.reference == "Relevé de décisions · CA 2026-03"


def test_no_summary_before_the_seance_is_opened(demo_db: Path) -> None:
    with db.unit_of_work() as session, pytest.raises(DomainError, match="pas encore été ouverte"):
        decisions_summary_doc(session, meeting_id(session, CA_2026_12))
