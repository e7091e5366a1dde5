"""The délibération, end to end: database rows → DTO → PDF, read back and checked (issue 4)."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.documents import FileState
from app.domain.documents_dto import DeliberationDoc
from app.domain.enums import DecisionKind, DecisionStatus, DocumentKind
from app.models.meeting import Decision, Vote
from app.reports.deliberation import render_deliberation
from app.services.document_register import document_path, verify_document
from app.services.meeting_documents import deliberation_doc, issue_deliberation
from tests.reports.governance_rows import make_deliberation

NBSP = "\u00a0"


@pytest.fixture
def delib(session: Session) -> tuple[DeliberationDoc, bytes, int]:
    decision_id = make_deliberation(session)
    doc = deliberation_doc(session, decision_id, author="Jeanne Martin (coordinatrice, GIP)")
    pdf, pages = render_deliberation(doc)
    return doc, pdf, pages


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    return " ".join(text.split())  # line breaks are layout, not content


def test_the_dto_states_attendance_quorum_and_vote_at_the_time_of_the_vote(
        delib: tuple[DeliberationDoc, bytes, int]) -> None:
    doc = delib[0]
    assert [a.organisation for a in doc.present] == ["Département", "État"]
    assert [(a.organisation, a.note) for a in doc.represented] == [("CAF", "pouvoir à Département")]
    left = [(a.organisation, a.note) for a in doc.excused]
    assert left == [("France Travail", "a quitté la séance à 15 h 30")]
    assert doc.quorum_reached and f"90{NBSP}% des droits statutaires" in doc.quorum_sentence
    assert doc.vote_sentence == "Adoptée à l'unanimité des membres ayant pris part au vote ; NPPV : CAF"
    assert doc.vote is not None and doc.vote.rights_for == f"70{NBSP}%"


def test_the_pdf_carries_every_mandatory_mention(delib: tuple[DeliberationDoc, bytes, int]) -> None:
    _, pdf, pages = delib
    text = _text(pdf)
    for mention in ("GIP Insertion et Territoires de la Corrèze", "Délibération n° 2026-CA-014",
                    "Objet :", "régulièrement convoqué le vendredi 20 février 2026",
                    "Vu la loi n° 2011-525 du 17 mai 2011", "Vu le décret n° 2012-91",
                    "Considérant que 38 % des bénéficiaires", "après en avoir délibéré", "DÉCIDE :",
                    "Article 1er", "Article 2", "120 000,00 €", "NPPV : CAF",
                    "Fait à Tulle, le jeudi 12 mars 2026",
                    "Le secrétaire de séance", "Paul Besse", "tribunal administratif", "deux mois",
                    "Présidence : Marie Lacombe"):
        assert mention in text, mention
    assert "Article 1 :" not in text  # the stored "Article 1 :" prefix is not printed twice
    assert f"Page 1 / {pages}" in text and f"Page {pages} / {pages}" in text
    assert "1234" not in text and "120000" not in text


def test_metadata_language_and_pdfa_structure(delib: tuple[DeliberationDoc, bytes, int]) -> None:
    _, pdf, _ = delib
    reader = PdfReader(BytesIO(pdf))
    info = reader.metadata
    assert info is not None and info.title and info.title.startswith("Délibération n° 2026-CA-014")
    assert info.author == "Jeanne Martin (coordinatrice, GIP)" and info.creator == "Maillage"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object()["/N"] == 3
    metadata = root["/Metadata"].get_object()
    assert "/Filter" not in metadata
    xmp = metadata.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert f'<rdf:li xml:lang="x-default">{info.title}</rdf:li>' in xmp
    assert pdf.startswith(b"%PDF-1.7\n%") and not re.search(rb"[^\r\n]endstream", pdf)


def test_every_font_is_embedded(delib: tuple[DeliberationDoc, bytes, int], tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) absent")
    path = tmp_path / "d.pdf"
    path.write_bytes(delib[1])
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), rows
    assert "Helvetica" not in rows and "DejaVuSans" in rows


def test_qpdf_check_is_clean(delib: tuple[DeliberationDoc, bytes, int], tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf absent")
    path = tmp_path / "d.pdf"
    path.write_bytes(delib[1])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout


def test_pages_render_to_png(delib: tuple[DeliberationDoc, bytes, int], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) absent")
    path = tmp_path / "d.pdf"
    path.write_bytes(delib[1])
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == delib[2]


def test_issuing_registers_the_pdf(session: Session) -> None:
    decision_id = make_deliberation(session)
    info = issue_deliberation(session, decision_id, author="Jeanne Martin")
    assert info.kind is DocumentKind.DELIBERATION and info.subject_id == decision_id and info.pages == 2
    assert info.reference == "Délibération n° 2026-CA-014" and info.template_version == "deliberation-1"
    assert verify_document(session, info.id) is FileState.INTACT
    assert "DÉCIDE" in _text(document_path(session, info.id).read_bytes())


def test_a_draft_without_vote_is_printed_as_a_project(session: Session) -> None:
    decision = session.get(Decision, make_deliberation(session))
    assert decision is not None
    decision.status = DecisionStatus.DRAFT
    for vote in session.scalars(select(Vote)):
        vote.deleted = True
    session.flush()
    doc = deliberation_doc(session, decision.id, author="")
    text = _text(render_deliberation(doc)[0])
    assert doc.vote is None and "Projet de délibération n° 2026-CA-014" in text
    assert "aucun vote n'est encore enregistré" in text


def test_an_avis_speaks_of_an_opinion_in_the_masculine(session: Session) -> None:
    decision = session.get(Decision, make_deliberation(session))
    assert decision is not None
    decision.kind, decision.status = DecisionKind.OPINION, DecisionStatus.DRAFT
    session.flush()
    doc = deliberation_doc(session, decision.id, author="")
    text = _text(render_deliberation(doc)[0])
    assert "Projet d'avis n° 2026-CA-014" in text and "ÉMET L'AVIS SUIVANT :" in text
    assert doc.vote_sentence.startswith("Adopté à l'unanimité")


def test_a_decision_of_the_demo_database(request: pytest.FixtureRequest) -> None:
    try:
        request.getfixturevalue("demo_db")
    except ImportError as exc:  # the demo generator is being written (issue 2)
        pytest.skip(f"générateur de démonstration indisponible : {exc}")
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(Decision.id).where(Decision.deleted.is_(False),
                                                              Decision.item_id.is_not(None))))
        if not ids:
            pytest.skip("le département de démonstration n'a pas encore de délibération")
        doc = deliberation_doc(session, _voted_first(session, ids))
    text = _text(render_deliberation(doc)[0])
    assert re.search(r"n° \d{4}-[A-Z]+-\d{3}", text) and "DÉCIDE :" in text and "Page 1 / " in text


def _voted_first(session: Session, ids: list[uuid.UUID]) -> uuid.UUID:
    """Prefer a decision whose item was voted, so the vote sentence is exercised."""
    for decision_id in ids:
        decision = session.get(Decision, decision_id)
        if decision and session.scalars(select(Vote.id).where(Vote.item_id == decision.item_id)).first():
            return decision_id
    return ids[0]
