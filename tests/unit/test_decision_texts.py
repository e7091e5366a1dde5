"""A décision's texts (issue 4): the usual visas proposed, blank lines dropped, and what locks the text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DecisionKind, DecisionStatus, DocumentStatus
from app.domain.errors import DomainError
from app.models.meeting import Decision
from app.services.decision_texts import decision_text, save_decision_text
from app.services.document_register import set_document_status
from app.services.meeting_documents import issue_deliberation


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


def decision(session: Session, number: str) -> Decision:
    return session.scalars(select(Decision).where(Decision.number == number)).one()


def test_usual_visas_are_proposed_when_none_is_stored(session: Session) -> None:
    row = decision(session, "2026-CA-010")
    row.visas = "  \n"
    text = decision_text(session, row.id)
    assert text.visas_proposed and text.visas[0].startswith("Vu la loi n° 2011-525")
    assert text.visas[-1] == "Vu le règlement intérieur du conseil d'administration ;"
    assert text.locked == "" and text.caution == ""


def test_save_drops_blank_lines_and_checks_the_date(session: Session) -> None:
    row = decision(session, "2026-CA-010")
    saved = save_decision_text(session, row.id, title=" Programmation 2027 ", visas=["Vu A ;", " ", "Vu B ;"],
                               considerations=[], articles=["Article unique."], effective_on=date(2027, 1, 1))
    assert row.visas == "Vu A ;\nVu B ;" and row.title == "Programmation 2027" and row.considerations == ""
    assert saved.articles == ("Article unique.",) and not saved.visas_proposed
    with pytest.raises(DomainError, match="Donnez un objet"):
        save_decision_text(session, row.id, title=" ", visas=[], considerations=[], articles=[],
                           effective_on=None)
    with pytest.raises(DomainError, match="ne peut pas précéder la séance du jeudi 10 décembre 2026"):
        save_decision_text(session, row.id, title="X", visas=[], considerations=[], articles=[],
                           effective_on=date(2026, 1, 1))


def test_withdrawn_and_signed_decisions_are_locked(session: Session) -> None:
    withdrawn = decision(session, "2026-CA-010")
    withdrawn.status = DecisionStatus.WITHDRAWN
    with pytest.raises(DomainError, match="La délibération n° 2026-CA-010 a été retirée"):
        save_decision_text(session, withdrawn.id, title="X", visas=[], considerations=[], articles=[],
                           effective_on=None)
    adopted = decision(session, "2026-CA-008")
    assert "ne corrigez que la forme" in decision_text(session, adopted.id).caution
    info = issue_deliberation(session, adopted.id)
    set_document_status(session, info.id, DocumentStatus.SENT)
    assert "est envoyée (version 1" in decision_text(session, adopted.id).locked
    adopted.kind = DecisionKind.OPINION
    assert decision_text(session, adopted.id).locked.startswith("L'avis n° 2026-CA-008 est envoyé (")
