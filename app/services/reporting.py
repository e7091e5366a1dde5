"""The registry of official documents a coordinator can generate headless (`report KIND`, issue 4).

Each entry issues one document: it renders the PDF, records it in the documents register and returns
where the registered file is. Add a document with one entry in `REPORTS` (e.g. "fiche-action").
No Qt, no commit; reportlab loads only when a document is issued.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DecisionStatus, MeetingStatus
from app.domain.errors import DomainError, NotFound
from app.models.meeting import AgendaItem, Decision, Meeting
from app.services.document_register import document_path


@dataclass(frozen=True)
class IssuedDocument:
    """A generated and registered PDF: its register entry and its file under the documents folder."""

    info: DocumentInfo
    path: Path


@dataclass(frozen=True)
class ReportSpec:
    """One KIND of `report KIND`: a label, how to issue it, and how to read a non-UUID `--id`.

    `issue(session, *, subject_id: UUID | None, latest: bool) -> IssuedDocument`."""

    label: str
    issue: Callable[..., IssuedDocument]
    lookup: Callable[[Session, str], uuid.UUID] | None = None  # e.g. "2026-CA-004" → decision id


def _issued(session: Session, info: DocumentInfo) -> IssuedDocument:
    return IssuedDocument(info, document_path(session, info.id))


def _pick(subject_id: uuid.UUID | None, latest: bool, find_latest: Callable[[], uuid.UUID | None],
          what: str) -> uuid.UUID:
    if subject_id is not None:
        return subject_id
    found = find_latest() if latest else None
    if found is None:
        raise DomainError(f"Aucune {what} ne convient : précisez l'identifiant avec --id.")
    return found


def latest_prepared_meeting(session: Session) -> uuid.UUID | None:
    """The latest séance whose agenda is frozen (convocation, ordre du jour, dossier)."""
    stmt = (select(Meeting.id).where(Meeting.deleted.is_(False), Meeting.status != MeetingStatus.PREPARING,
                                     Meeting.starts_at.is_not(None)).order_by(Meeting.starts_at.desc()))
    return session.scalars(stmt).first()


def latest_held_meeting(session: Session) -> uuid.UUID | None:
    """The latest séance that has been held (relevé de décisions, procès-verbal)."""
    stmt = (select(Meeting.id).where(Meeting.deleted.is_(False), Meeting.opened_at.is_not(None))
            .order_by(Meeting.starts_at.desc()))
    return session.scalars(stmt).first()


def latest_voted_decision(session: Session) -> uuid.UUID | None:
    """The last numbered decision voted at the latest séance held."""
    stmt = (select(Decision.id).join(AgendaItem, AgendaItem.id == Decision.item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Decision.deleted.is_(False),
                   Decision.status.in_((DecisionStatus.ADOPTED, DecisionStatus.REJECTED)))
            .order_by(Meeting.starts_at.desc(), Decision.sequence.desc()))
    return session.scalars(stmt).first()


def decision_by_number(session: Session, number: str) -> uuid.UUID:
    stmt = select(Decision.id).where(Decision.number == number.strip().upper(), Decision.deleted.is_(False))
    found = session.scalars(stmt).all()
    if not found:
        raise NotFound("Délibération", number)
    if len(found) > 1:
        raise DomainError(f"Le numéro {number} est attribué à plusieurs délibérations : lancez « check » "
                          "et désignez la délibération par son identifiant.")
    return found[0]


def _convocation(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_papers import issue_convocation

    meeting_id = _pick(subject_id, latest, lambda: latest_prepared_meeting(session), "séance à convoquer")
    return _issued(session, issue_convocation(session, meeting_id))


def _invitation(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_papers import issue_convocation

    meeting_id = _pick(subject_id, latest, lambda: latest_prepared_meeting(session), "séance à convoquer")
    return _issued(session, issue_convocation(session, meeting_id, invitation=True))


def _agenda(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_papers import issue_agenda

    meeting_id = _pick(subject_id, latest, lambda: latest_prepared_meeting(session), "séance préparée")
    return _issued(session, issue_agenda(session, meeting_id))


def _meeting_file(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_file import issue_meeting_file

    meeting_id = _pick(subject_id, latest, lambda: latest_prepared_meeting(session), "séance préparée")
    return _issued(session, issue_meeting_file(session, meeting_id))


def _deliberation(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_documents import issue_deliberation

    decision_id = _pick(subject_id, latest, lambda: latest_voted_decision(session), "délibération votée")
    return _issued(session, issue_deliberation(session, decision_id))


def _decisions_summary(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_minutes import issue_decisions_summary

    meeting_id = _pick(subject_id, latest, lambda: latest_held_meeting(session), "séance tenue")
    return _issued(session, issue_decisions_summary(session, meeting_id))


def _minutes(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.meeting_minutes import issue_minutes

    meeting_id = _pick(subject_id, latest, lambda: latest_held_meeting(session), "séance tenue")
    return _issued(session, issue_minutes(session, meeting_id))


def _project_sheet(session: Session, *, subject_id: uuid.UUID | None, latest: bool) -> IssuedDocument:
    from app.services.project_sheet import issue_project_sheet, latest_project_id  # issue 5

    project_id = _pick(subject_id, latest, lambda: latest_project_id(session), "fiche action")
    return _issued(session, issue_project_sheet(session, project_id))


def _project_by_code(session: Session, code: str) -> uuid.UUID:
    from app.services.project_sheet import project_by_code

    return project_by_code(session, code)


REPORTS: dict[str, ReportSpec] = {
    "convocation": ReportSpec("Convocation (avec formulaire de pouvoir)", _convocation),
    "invitation": ReportSpec("Invitation (invités sans voix délibérative)", _invitation),
    "ordre-du-jour": ReportSpec("Ordre du jour", _agenda),
    "dossier-seance": ReportSpec("Dossier de séance", _meeting_file),
    "deliberation": ReportSpec("Délibération", _deliberation, lookup=decision_by_number),
    "releve-decisions": ReportSpec("Relevé de décisions", _decisions_summary),
    "proces-verbal": ReportSpec("Procès-verbal", _minutes),
    "fiche-action": ReportSpec("Fiche action", _project_sheet, lookup=_project_by_code),
}


def issue_report(session: Session, kind: str, subject_id: uuid.UUID) -> IssuedDocument:
    """Generate one document of `REPORTS` for a given séance, décision or projet (the app's « Générer… »)."""
    spec = REPORTS.get(kind)
    if spec is None:
        raise DomainError(f"Nature de document inconnue : « {kind} ».")
    return spec.issue(session, subject_id=subject_id, latest=False)


def reissue_document(session: Session, document_id: uuid.UUID) -> IssuedDocument:
    """Regenerate a registered document as version n+1, linked to the one it corrects."""
    from app.models.document import Document

    document = session.get(Document, document_id)
    if document is None or document.deleted:
        raise NotFound("Document", document_id)
    issue = _issuers().get(document.kind.value)
    if document.subject_type == "meeting-invitation":  # an invitation is a convocation to the guests
        issue = issue_convocation_for_guests
    if issue is None or document.subject_id is None:
        raise DomainError(f"« {document.title} » ne peut pas être régénéré depuis l'application.")
    return _issued(session, issue(session, document.subject_id, new_version=True))


def issue_convocation_for_guests(session: Session, meeting_id: uuid.UUID, **kwargs: object) -> DocumentInfo:
    from app.services.meeting_papers import issue_convocation

    return issue_convocation(session, meeting_id, invitation=True, **kwargs)  # type: ignore[arg-type]


def _issuers() -> dict[str, Callable[..., DocumentInfo]]:
    from app.services.meeting_documents import issue_deliberation
    from app.services.meeting_file import issue_meeting_file
    from app.services.meeting_minutes import issue_decisions_summary, issue_minutes
    from app.services.meeting_papers import issue_agenda, issue_convocation
    from app.services.project_sheet import issue_project_sheet

    return {"convocation": issue_convocation, "ordre-du-jour": issue_agenda,
            "dossier-seance": issue_meeting_file, "deliberation": issue_deliberation,
            "releve-decisions": issue_decisions_summary, "proces-verbal": issue_minutes,
            "fiche-action": issue_project_sheet}
