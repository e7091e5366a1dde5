"""Build the fiche action DTO from the database and issue the PDF into the register (issue 5). No commit."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.cofunding import FUNDING_ORDER
from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DocumentKind
from app.domain.errors import DomainError, NotFound
from app.domain.portfolio import ProjectDetail
from app.domain.programme import ProjectLinks
from app.domain.project_sheet_dto import ProjectSheetDoc, SheetFunding, SheetRow
from app.formatting import euros, number, short_date
from app.models.diagnostic import Need
from app.models.funding import FundingLine
from app.models.organisation import Organisation, Service
from app.models.project import Project, ProjectNeed, ProjectPartner, ProjectService, ProjectStatusChange
from app.services.coverage import project_links
from app.services.document_register import document_path, register_document
from app.services.funding import stacked_by_funder
from app.services.lifecycle import history
from app.services.portfolio import get_project
from app.services.profile import get_profile
from app.services.settings import get_identity


def project_sheet_doc(session: Session, project_id: uuid.UUID, *, author: str | None = None,
                      today: date | None = None) -> ProjectSheetDoc:
    """Everything the fiche action prints about `project_id`."""
    detail = get_project(session, project_id)
    project = session.get(Project, project_id)
    assert project is not None  # get_project raised NotFound otherwise
    row, links = detail.row, project_links(session, project_id)
    carrier = session.get(Organisation, project.carrier_id) if project.carrier_id else None
    series = stacked_by_funder(session, project_id=project_id)
    return ProjectSheetDoc(
        gip=get_identity(session), project_id=project_id, code=row.code, title=row.title,
        status=row.status.label, novelty=row.novelty.label, period=_period(row.starts_on, row.ends_on),
        frameworks=", ".join(row.framework_codes),
        axes=tuple(SheetRow((a.framework_code, a.number, a.title)) for a in row.axes),
        needs=_needs(session, project_id), summary=detail.summary, objectives=detail.objectives,
        target_public=detail.target_public, target_volume=_volume(detail.target_volume),
        territories=detail.territories, carrier=row.carrier, carrier_ids=_identifiers(carrier),
        partners=_partners(session, project_id), services=_services(session, project_id), pilot=row.pilot,
        team=_team(detail), milestones=tuple(SheetRow((short_date(m.due_on) or "—", m.title, m.status.label))
                                             for m in detail.milestones),
        funding=SheetFunding(series.years, series.series), funding_statuses=_statuses(session, project_id),
        risks=tuple(SheetRow((r.description, str(r.likelihood), str(r.impact), r.mitigation or "—"))
                    for r in detail.risks),
        history=_history(session, project_id), decisions=_decisions(links),
        evaluations=tuple(SheetRow((e.title, _period(e.period_start, e.period_end) or "—", e.status.label))
                          for e in links.evaluations),
        author=author if author is not None else _author(session), generated_on=today or date.today())


def issue_project_sheet(session: Session, project_id: uuid.UUID, *, author: str | None = None,
                        new_version: bool = False) -> DocumentInfo:
    """Render the fiche action and record it in the documents register (a new version if asked)."""
    from app.reports.project_sheet import TEMPLATE_VERSION, render_project_sheet  # reportlab loads lazily

    doc = project_sheet_doc(session, project_id, author=author)
    pdf, pages = render_project_sheet(doc)
    return register_document(
        session, kind=DocumentKind.PROJECT_SHEET, subject_type="project", subject_id=project_id,
        title=f"{doc.reference} : {doc.title}", reference=doc.reference, pdf_bytes=pdf, author=doc.author,
        template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)


def latest_project_id(session: Session) -> uuid.UUID | None:
    """The live project whose status changed last (else the newest: UUIDv7 ids sort by creation)."""
    changed_at = func.max(ProjectStatusChange.changed_at).label("at")
    last_change = (select(ProjectStatusChange.project_id, changed_at)
                   .where(ProjectStatusChange.deleted.is_(False))
                   .group_by(ProjectStatusChange.project_id).subquery())
    stmt = (select(Project.id).outerjoin(last_change, last_change.c.project_id == Project.id)
            .where(Project.deleted.is_(False))
            .order_by(last_change.c.at.is_(None), last_change.c.at.desc(), Project.id.desc()))
    return session.scalars(stmt).first()


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"du {short_date(start)} au {short_date(end)}"
    if start:
        return f"à partir du {short_date(start)}"
    return f"jusqu'au {short_date(end)}" if end else ""


def _volume(volume: int | None) -> str:
    return f"{number(volume)} personnes ou ménages par an" if volume else ""


def _identifiers(org: Organisation | None) -> str:
    if org is None:
        return ""
    if len(org.siret) == 14:
        s = org.siret
        return f"SIRET {s[:3]}\u00a0{s[3:6]}\u00a0{s[6:9]}\u00a0{s[9:]}"
    return f"SIREN {org.siren[:3]}\u00a0{org.siren[3:6]}\u00a0{org.siren[6:]}" if len(org.siren) == 9 else ""


def _needs(session: Session, project_id: uuid.UUID) -> tuple[SheetRow, ...]:
    stmt = (select(Need).join(ProjectNeed, ProjectNeed.need_id == Need.id)
            .where(ProjectNeed.project_id == project_id, ProjectNeed.deleted.is_(False),
                   Need.deleted.is_(False)).order_by(Need.code))
    return tuple(SheetRow((n.code, n.title, n.priority.label)) for n in session.scalars(stmt))


def _partners(session: Session, project_id: uuid.UUID) -> tuple[SheetRow, ...]:
    stmt = (select(Organisation.name, ProjectPartner.role)
            .join(ProjectPartner, ProjectPartner.organisation_id == Organisation.id)
            .where(ProjectPartner.project_id == project_id, ProjectPartner.deleted.is_(False))
            .order_by(Organisation.name))
    return tuple(SheetRow((name, role or "—")) for name, role in session.execute(stmt))


def _services(session: Session, project_id: uuid.UUID) -> tuple[SheetRow, ...]:
    owner = func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name, "")
    stmt = (select(Service.name, owner, ProjectService.contribution)
            .join(ProjectService, ProjectService.service_id == Service.id)
            .outerjoin(Organisation, Organisation.id == Service.organisation_id)
            .where(ProjectService.project_id == project_id, ProjectService.deleted.is_(False))
            .order_by(Service.name))
    return tuple(SheetRow((f"{name} ({org})" if org else name, contribution or "—"))
                 for name, org, contribution in session.execute(stmt))


def _team(detail: ProjectDetail) -> tuple[SheetRow, ...]:
    return tuple(SheetRow((m.name, m.role.label, number(Decimal(m.fte), decimals=2))) for m in detail.team)


def _statuses(session: Session, project_id: uuid.UUID) -> tuple[SheetRow, ...]:
    stmt = (select(FundingLine.status, func.sum(FundingLine.amount_cents))
            .where(FundingLine.project_id == project_id, FundingLine.deleted.is_(False))
            .group_by(FundingLine.status))
    sums = dict(session.execute(stmt).all())
    return tuple(SheetRow((s.label, euros(int(sums[s])))) for s in FUNDING_ORDER if s in sums)


def _history(session: Session, project_id: uuid.UUID) -> tuple[SheetRow, ...]:
    return tuple(SheetRow((short_date(e.changed_at.date()) if e.changed_at else "—",
                           f"{e.from_status.label} → {e.to_status.label}", e.changed_by or "—",
                           e.comment or "—", e.decision_number or "—"))
                 for e in history(session, project_id))


def _decisions(links: ProjectLinks) -> tuple[SheetRow, ...]:
    return tuple(SheetRow((d.number or "—", d.title, f"{d.body}, {short_date(d.day)}".strip(", "),
                           ", ".join(d.reasons)))
                 for d in links.decisions)


def _author(session: Session) -> str:
    profile = get_profile(session)
    return profile.signature if profile else ""


def project_by_code(session: Session, code: str) -> uuid.UUID:
    """`report fiche-action --id FA-2.1-01`: the live project with that code (refused if ambiguous)."""
    found = session.scalars(select(Project.id).where(Project.code == code.strip(),
                                                     Project.deleted.is_(False))).all()
    if not found:
        raise NotFound("Fiche action", code)
    if len(found) > 1:
        raise DomainError(f"Le code {code} est porté par {len(found)} fiches action : désignez la fiche "
                          "par son identifiant (UUID).")
    return found[0]


def issue_project_sheet_file(session: Session, project_id: uuid.UUID) -> tuple[DocumentInfo, Path]:
    """Issue the fiche action (as `issue_project_sheet`) and return where its PDF lies (for the preview)."""
    document = issue_project_sheet(session, project_id)
    return document, document_path(session, document.id)
