"""Convocation (voting members, with the proxy form) and invitation (guests) from the demo (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.domain.documents import FileState
from app.domain.enums import DocumentKind
from app.domain.errors import DomainError
from app.reports.convocation import render_convocation
from app.services.document_register import verify_document
from app.services.meeting_papers import convocation_doc, issue_convocation
from tests.reports.demo_meetings import CA_2026_12, COPIL_2027, built_once, meeting_id
from tests.reports.pdf_checks import (
    assert_fonts_embedded,
    assert_house_mentions,
    assert_qpdf_clean,
    page_count,
    page_text,
    render_pngs,
    text_of,
)

Pdfs = dict[str, bytes]


@pytest.fixture(scope="module")
def pdfs(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdfs:
    def build(session: Session) -> Pdfs:
        ca, copil = meeting_id(session, CA_2026_12), meeting_id(session, COPIL_2027)
        return {"convocation": render_convocation(convocation_doc(session, ca))[0],
                "invitation": render_convocation(convocation_doc(session, ca, invitation=True))[0],
                "copil": render_convocation(convocation_doc(session, copil))[0]}
    return built_once(demo_template, tmp_path_factory, build)


def test_the_convocation_carries_every_mandatory_mention(pdfs: Pdfs) -> None:
    text = text_of(pdfs["convocation"])
    for mention in ("CONVOCATION", "Conseil d'administration du GIP Insertion et Territoires de Haute-Maille",
                    "Séance n° 4 du jeudi 10 décembre 2026", "jeudi 10 décembre 2026 à 14 h 30",
                    "Salle de l'assemblée, Hôtel du Département, Maillac", "jeudi 19 novembre 2026",
                    "Département (Jean-Marc Delpeuch)", "Ordre du jour",
                    "Désignation du secrétaire de séance",
                    "Budget initial 2027 et contributions statutaires des membres",
                    "Pour délibération · projet n° 2026-CA-009", "Questions diverses",
                    "Documents joints", "Projet de procès-verbal de la séance du jeudi 8 octobre 2026",
                    "Formulaire de pouvoir", "au moins les deux tiers des droits statutaires",
                    "Budget et comptes : majorité des deux tiers", "ne peut détenir plus de 2 pouvoirs",
                    "Fait à Maillac, le jeudi 19 novembre 2026", "Le président,"):
        assert mention in text, mention
    assert_house_mentions(pdfs["convocation"], "Convocation · CA 2026-04")


def test_the_rules_and_the_proxy_form_are_the_last_page(pdfs: Pdfs) -> None:
    form = page_text(pdfs["convocation"], -1)
    for mention in ("POUVOIR", "donne pouvoir à", "Membre mandataire (cocher)", "☐ CAF (Sophie Haddad)",
                    "Bon pour pouvoir", "Pouvoir accepté", "Rappel des règles", "Page 2 / 2"):
        assert mention in form, mention


def test_the_invitation_has_no_vote_and_no_proxy_form(pdfs: Pdfs) -> None:
    text = text_of(pdfs["invitation"])
    assert "INVITATION" in text and "avec voix consultative" in text
    assert "Claire Fontanel, directrice du GIP" in text and "MSA (Fatima Chastang)" in text
    assert "POUVOIR" not in text and "Formulaire de pouvoir" not in text
    assert_house_mentions(pdfs["invitation"], "Invitation · CA 2026-04")


def test_a_video_link_is_printed(pdfs: Pdfs) -> None:
    text = text_of(pdfs["copil"])
    assert "Visioconférence" in text and "Comité de pilotage du PDI" in text


@pytest.mark.parametrize("name", ["convocation", "invitation"])
def test_fonts_structure_and_pages(pdfs: Pdfs, name: str, tmp_path: Path) -> None:
    assert_fonts_embedded(pdfs[name], tmp_path)
    assert_qpdf_clean(pdfs[name], tmp_path)
    assert len(render_pngs(pdfs[name], tmp_path)) == page_count(pdfs[name])


def test_issuing_registers_convocation_and_invitation_apart(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        ca = meeting_id(session, CA_2026_12)
        convocation = issue_convocation(session, ca)
        invitation = issue_convocation(session, ca, invitation=True)
        assert convocation.kind is invitation.kind is DocumentKind.CONVOCATION
        assert convocation.id != invitation.id and convocation.subject_type != invitation.subject_type
        assert convocation.reference == "Convocation · CA 2026-04" and convocation.pages == 2
        assert verify_document(session, convocation.id) is FileState.INTACT


def test_no_convocation_before_the_agenda_is_frozen(demo_db: Path) -> None:
    with db.unit_of_work() as session, pytest.raises(DomainError, match="Arrêtez l'ordre du jour"):
        issue_convocation(session, meeting_id(session, COPIL_2027))
