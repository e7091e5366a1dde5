"""The dossier de séance (issue 4): agenda, the previous séance's draft minutes, and per point the
presentation note, the draft decision and the annexes of its linked projects (fiche action summary and
financing plan). No Qt, no commit.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DecisionKind, DecisionStatus, DocumentKind
from app.domain.meeting_docs_dto import AgendaLine, FundingTable, ItemFile, MeetingFileDoc, ProjectAnnex
from app.formatting import euros, long_date, short_date
from app.models.body import Body
from app.models.framework import Axis
from app.models.funding import FundingLine
from app.models.geography import Territory
from app.models.meeting import AgendaItem, AgendaItemProject, Decision, Meeting
from app.models.organisation import Organisation
from app.models.pool import PoolMember
from app.models.project import Project, ProjectAxis, ProjectTerritory
from app.services.document_register import register_document
from app.services.meeting_documents import deliberation_doc
from app.services.meeting_minutes import minutes_doc
from app.services.meeting_papers import (
    agenda_doc,
    agenda_lines,
    get_meeting,
    item_decision,
    meeting_ref,
    previous_meeting,
)


def meeting_file_doc(session: Session, meeting_id: uuid.UUID, *, author: str | None = None) -> MeetingFileDoc:
    """Everything the dossier de séance of `meeting_id` prints."""
    meeting, body = get_meeting(session, meeting_id)
    ref = meeting_ref(session, meeting, body, author=author)
    previous = previous_meeting(session, meeting)
    minutes = minutes_doc(session, previous.id, author=ref.author) \
        if previous is not None and previous.opened_at is not None else None
    items = tuple(_item_file(session, line, item, ref.author)
                  for line, item in agenda_lines(session, meeting_id))
    return MeetingFileDoc(ref, agenda_doc(session, meeting_id, author=ref.author), minutes, items)


def _item_file(session: Session, line: AgendaLine, item: AgendaItem, author: str) -> ItemFile:
    decision = item_decision(session, item.id)
    draft = deliberation_doc(session, decision.id, author=author) if decision is not None else None
    stmt = select(AgendaItemProject.project_id).where(AgendaItemProject.item_id == item.id,
                                                       AgendaItemProject.deleted.is_(False))
    projects = [pid for pid in session.scalars(stmt) if pid is not None]
    annexes = tuple(project_annex(session, pid) for pid in projects)
    prior = item.prior_opinion or prior_opinions(session, item, projects)
    return ItemFile(line, item.presentation, item.financial_impact, prior, draft, annexes)


def prior_opinions(session: Session, item: AgendaItem, projects: list[uuid.UUID]) -> str:
    """The opinions other bodies gave earlier on the same projects, when the point does not state them."""
    meeting = session.get(Meeting, item.meeting_id)
    if not projects or meeting is None or meeting.starts_at is None:
        return ""
    stmt = (select(Decision, Meeting, Body.name).join(AgendaItem, AgendaItem.id == Decision.item_id)
            .join(AgendaItemProject, AgendaItemProject.item_id == AgendaItem.id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id).join(Body, Body.id == Meeting.body_id)
            .where(AgendaItemProject.project_id.in_(projects), AgendaItemProject.deleted.is_(False),
                   Decision.kind == DecisionKind.OPINION, Decision.deleted.is_(False),
                   Decision.status.in_((DecisionStatus.ADOPTED, DecisionStatus.REJECTED)),
                   Meeting.starts_at < meeting.starts_at)
            .order_by(Meeting.starts_at, Decision.sequence).distinct())
    sentences = []
    for decision, earlier, body in session.execute(stmt):
        verdict = "favorable" if decision.status is DecisionStatus.ADOPTED else "défavorable"
        day = long_date(earlier.starts_at.date()) if earlier.starts_at else "—"
        sentences.append(f"avis {verdict} {_of(body)}, séance du {day} (avis n° {decision.number})")
    text = " ; ".join(sentences)
    return text[:1].upper() + text[1:] + "." if text else ""


def _of(name: str) -> str:
    lower = name[:1].lower() + name[1:]
    return f"de l'{lower}" if lower[:1] in "aeiouyéè" else f"du {lower}"


def project_annex(session: Session, project_id: uuid.UUID) -> ProjectAnnex:
    """A project's fiche action summary and financing plan, for the annexes of a dossier."""
    project = session.get(Project, project_id)
    assert project is not None  # agenda_item_project keeps its foreign key
    carrier = session.get(Organisation, project.carrier_id) if project.carrier_id else None
    pilot = session.get(PoolMember, project.pilot_id) if project.pilot_id else None
    period = f"du {short_date(project.starts_on)} au {short_date(project.ends_on)}" \
        if project.starts_on and project.ends_on else "—"
    return ProjectAnnex(
        code=project.code, title=project.title, carrier=carrier.name if carrier else "—",
        pilot=f"{pilot.first_name} {pilot.last_name}" if pilot else "—", status=project.status.label,
        period=period, summary=project.summary, objectives=project.objectives,
        target_public=project.target_public, axes=_axes(session, project_id),
        territories=_territories(session, project_id), funding=funding_table(session, project_id))


def _axes(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (select(Axis).join(ProjectAxis, ProjectAxis.axis_id == Axis.id)
            .where(ProjectAxis.project_id == project_id, ProjectAxis.deleted.is_(False))
            .order_by(Axis.number))
    return tuple(f"{axis.number} {axis.title}" for axis in session.scalars(stmt))


def _territories(session: Session, project_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (select(Territory.name).join(ProjectTerritory, ProjectTerritory.territory_id == Territory.id)
            .where(ProjectTerritory.project_id == project_id, ProjectTerritory.deleted.is_(False))
            .order_by(Territory.name))
    return tuple(session.scalars(stmt))


def funding_table(session: Session, project_id: uuid.UUID) -> FundingTable:
    """Funder × fiscal year, in euros with no-break spaces; totals per year and overall."""
    stmt = (select(FundingLine, Organisation.name)
            .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
            .where(FundingLine.project_id == project_id, FundingLine.deleted.is_(False)))
    cells: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for line, funder in session.execute(stmt):
        cells[funder or "Financeur non renseigné"][line.fiscal_year] += line.amount_cents
    years = tuple(sorted({year for per_year in cells.values() for year in per_year}))
    rows = tuple((funder, tuple(euros(per_year.get(year, 0)) for year in years),
                  euros(sum(per_year.values()))) for funder, per_year in sorted(cells.items()))
    year_totals = tuple(euros(sum(per_year.get(year, 0) for per_year in cells.values())) for year in years)
    return FundingTable(years, rows, year_totals, euros(sum(sum(v.values()) for v in cells.values())))


def issue_meeting_file(session: Session, meeting_id: uuid.UUID, *, author: str | None = None,
                       new_version: bool = False) -> DocumentInfo:
    from app.reports.meeting_file import TEMPLATE_VERSION, render_meeting_file

    doc = meeting_file_doc(session, meeting_id, author=author)
    pdf, pages = render_meeting_file(doc)
    return register_document(
        session, kind=DocumentKind.MEETING_FILE, subject_type="meeting", subject_id=meeting_id,
        title=f"{doc.reference} : {doc.meeting.label}", reference=doc.reference, pdf_bytes=pdf,
        author=doc.meeting.author, template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)
