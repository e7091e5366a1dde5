"""Procès-verbal from the demo (issue 4), and one written from a séance run through the operations."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import AttendanceStatus, BallotChoice, DocumentKind
from app.models.meeting import Meeting
from app.reports.minutes import render_minutes
from app.services.document_register import document_path
from app.services.meeting_live import grant_proxy, record_attendance, record_departure, record_vote
from app.services.meeting_minutes import issue_minutes, minutes_doc
from app.services.meeting_operations import close_meeting, open_meeting
from tests.reports.demo_meetings import CA_2026_06, CA_2026_10, CA_2026_12, built_once, meeting_id
from tests.reports.pdf_checks import (
    assert_fonts_embedded,
    assert_house_mentions,
    assert_qpdf_clean,
    page_count,
    render_pngs,
    text_of,
)
from tests.unit.test_meeting_live import point, seats, titular

Pdfs = dict[str, bytes]


@pytest.fixture(scope="module")
def pdfs(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdfs:
    def build(session: Session) -> Pdfs:
        return {"closed": render_minutes(minutes_doc(session, meeting_id(session, CA_2026_10)))[0],
                "approved": render_minutes(minutes_doc(session, meeting_id(session, CA_2026_06)))[0]}
    return built_once(demo_template, tmp_path_factory, build)


def test_the_minutes_carry_every_mandatory_mention(pdfs: Pdfs) -> None:
    text = text_of(pdfs["closed"])
    for mention in ("PROJET DE PROCÈS-VERBAL", "Séance n° 3 du jeudi 8 octobre 2026", "Ouverture 14 h 35",
                    "Clôture 16 h 07", "Présidence Jean-Marc Delpeuch", "Secrétaire de séance Sophie Haddad",
                    "Présents (4)", "CAF Sophie Haddad 20 % départ à 15 h 38",
                    "sans voix délibérative : Claire Fontanel, directrice du GIP ; Agent comptable",
                    "À l'ouverture de la séance : 4 membres sur 4",
                    "Point 4 – Budget initial 2027", "Délibération n° 2026-CA-007 : adoptée.",
                    "NPPV : France Travail", "Délibération n° 2026-CA-008 : adoptée.",
                    "Au moment du vote : 3 membres sur 4 présents ou représentés (3 présents), détenant 80 %",
                    "le président lève la séance à 16 h 07", "Le secrétaire de séance,",
                    "soumis à l'approbation de l'instance lors de sa prochaine séance"):
        assert mention in text, mention
    assert_house_mentions(pdfs["closed"], "Procès-verbal · CA 2026-03")


def test_approved_minutes_say_when_and_show_proxies(pdfs: Pdfs) -> None:
    text = text_of(pdfs["approved"])
    assert "PROCÈS-VERBAL" in text and "PROJET DE PROCÈS-VERBAL" not in text
    assert "Procès-verbal approuvé lors de la séance du jeudi 8 octobre 2026." in text
    assert "Représentés (mandant → mandataire) (1)" in text and "pouvoir à" in text


@pytest.mark.parametrize("name", ["closed", "approved"])
def test_fonts_structure_and_pages(pdfs: Pdfs, name: str, tmp_path: Path) -> None:
    assert_fonts_embedded(pdfs[name], tmp_path)
    assert_qpdf_clean(pdfs[name], tmp_path)
    assert len(render_pngs(pdfs[name], tmp_path)) == page_count(pdfs[name])


def test_a_seance_run_through_the_operations_is_stated_as_it_happened(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        meeting = session.get_one(Meeting, meeting_id(session, CA_2026_12))
        s = seats(session)
        for name in ("État", "Département", "France Travail"):
            record_attendance(session, meeting.id, s[name], status=AttendanceStatus.PRESENT,
                              representative_id=titular(session, s[name]))
        grant_proxy(session, meeting.id, s["CAF"], s["Département"], received_on=date(2026, 12, 8))
        open_meeting(session, meeting.id, at=datetime(2026, 12, 10, 14, 35))
        ballots = {s[n]: BallotChoice.FOR for n in ("État", "Département", "CAF", "France Travail")}
        record_vote(session, point(session, meeting, 4).id, at=datetime(2026, 12, 10, 15), ballots=ballots)
        record_departure(session, meeting.id, s["France Travail"], at=datetime(2026, 12, 10, 15, 30))
        close_meeting(session, meeting.id, at=datetime(2026, 12, 10, 16))
        info = issue_minutes(session, meeting.id)
        text = text_of(document_path(session, info.id).read_bytes())
    assert info.kind is DocumentKind.MINUTES and info.reference == "Procès-verbal · CA 2026-04"
    for mention in ("Présents (3)", "France Travail Sophie Nouaille 10 % départ à 15 h 30",
                    "Représentés (mandant → mandataire) (1) CAF — 20 % pouvoir à Département",
                    "Délibération n° 2026-CA-009 : adoptée.", "Délibération n° 2026-CA-010 : ajournée.",
                    "Adoptée à l'unanimité des membres présents ou représentés"):
        assert mention in text, mention
