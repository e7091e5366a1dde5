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
from app.services.meeting_live import (
    VoteCounts,
    grant_proxy,
    record_attendance,
    record_departure,
    record_vote,
)
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
                    "sans voix délibérative : Claire Fontanel, directrice du GIP ; "
                    "Pascal Meunier, agent comptable",
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


def test_the_minutes_say_when_the_quorum_is_lost_and_reached_again(demo_db: Path, tmp_path: Path) -> None:
    """14 h 35: État and CAF only (50 %, two thirds required); 14 h 50: the Département arrives with France
    Travail's pouvoir (100 %); point 4 voted at 15 h; 15 h 20: the Département leaves, the pouvoir with it
    (50 %); point 5 put to the vote at 15 h 30 without quorum."""
    with db.unit_of_work() as session:
        meeting = session.get_one(Meeting, meeting_id(session, CA_2026_12))
        s = seats(session)
        for name in ("État", "CAF"):
            record_attendance(session, meeting.id, s[name], status=AttendanceStatus.PRESENT)
        grant_proxy(session, meeting.id, s["France Travail"], s["Département"], received_on=date(2026, 12, 8))
        open_meeting(session, meeting.id, at=datetime(2026, 12, 10, 14, 35))
        record_attendance(session, meeting.id, s["Département"], status=AttendanceStatus.PRESENT,
                          arrived_at=datetime(2026, 12, 10, 14, 50))
        ballots = {s[n]: BallotChoice.FOR for n in ("État", "Département", "CAF", "France Travail")}
        record_vote(session, point(session, meeting, 4).id, at=datetime(2026, 12, 10, 15), ballots=ballots)
        record_departure(session, meeting.id, s["Département"], at=datetime(2026, 12, 10, 15, 20))
        record_vote(session, point(session, meeting, 5).id, at=datetime(2026, 12, 10, 15, 30),
                    counts=VoteCounts(2))
        close_meeting(session, meeting.id, at=datetime(2026, 12, 10, 16))
        info = issue_minutes(session, meeting.id)
        pdf = document_path(session, info.id).read_bytes()
    text = text_of(pdf)
    arrival = ("À 14 h 50, arrivée de Jean-Marc Delpeuch (Département), qui détient un pouvoir (France "
               "Travail) ; le quorum est désormais atteint (100 % des droits statutaires présents ou "
               "représentés, quorum fixé aux deux tiers).")
    departure = ("À 15 h 20, départ de Jean-Marc Delpeuch (Département), qui détenait un pouvoir (France "
                 "Travail), devenu caduc ; le quorum n'est plus atteint (50 % des droits statutaires "
                 "présents ou représentés, quorum fixé aux deux tiers).")
    assert "À l'ouverture de la séance : 2 membres sur 4" in text and "n'est pas atteint" in text
    assert "France Travail — 10 % pouvoir à Département, de 14 h 50 à 15 h 20" in text
    order = [text.index(m) for m in ("Déroulement de la séance", arrival, "Point 1 –", "Point 4 –",
                                     "Délibération n° 2026-CA-009 : adoptée.", departure, "Point 5 –",
                                     "Au moment du vote : 2 membres sur 4", "lève la séance à 16 h")]
    assert order == sorted(order), order
    assert text.count("quorum fixé aux deux tiers)") == 2  # the two changes, nothing else
    assert len(render_pngs(pdf, tmp_path)) == page_count(pdf)
