"""Exports of the portfolio and the financing plans as XLSX or CSV (issue 5). Reads only, no commit.

`export(session, kind, path)` is what the CLI (`export KIND FILE`) and the GUI call.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.exports import CellKind, ExportColumn, ExportResult, ExportTable
from app.formatting import os_error_text
from app.models.diagnostic import Need
from app.models.funding import FundingLine
from app.models.organisation import Organisation
from app.models.project import Project, ProjectNeed
from app.services.export_writers import write_csv, write_xlsx
from app.services.portfolio import list_projects

log = logging.getLogger(__name__)
OPEN_ELSEWHERE = "le fichier est peut-être ouvert dans un autre programme"

TEXT, INT, MONEY, DATE = CellKind.TEXT, CellKind.INTEGER, CellKind.MONEY, CellKind.DATE

PORTFOLIO_COLUMNS = (
    ExportColumn("Code", TEXT, 14), ExportColumn("Intitulé", TEXT, 50), ExportColumn("Statut", TEXT, 15),
    ExportColumn("Nouveauté", TEXT, 11), ExportColumn("Cadres", TEXT, 16), ExportColumn("Axes", TEXT, 12),
    ExportColumn("Porteur", TEXT, 36), ExportColumn("Pilote", TEXT, 20), ExportColumn("Début", DATE, 11),
    ExportColumn("Fin", DATE, 11), ExportColumn("Public visé", TEXT, 30), ExportColumn("Volume", INT, 9),
    ExportColumn("Besoins", TEXT, 14), ExportColumn("Financement total", MONEY, 17),
)
FINANCING_COLUMNS = (
    ExportColumn("Code", TEXT, 14), ExportColumn("Intitulé", TEXT, 50), ExportColumn("Financeur", TEXT, 18),
    ExportColumn("Exercice", INT, 9), ExportColumn("Nature", TEXT, 18), ExportColumn("Statut", TEXT, 13),
    ExportColumn("Montant", MONEY, 15), ExportColumn("Acte", TEXT, 22),
)


def portfolio_table(session: Session) -> ExportTable:
    """One row per live project, by code."""
    extra = {pid: (public, volume) for pid, public, volume in session.execute(
        select(Project.id, Project.target_public, Project.target_volume).where(Project.deleted.is_(False)))}
    needs = _needs_by_project(session)
    rows = []
    for p in sorted(list_projects(session), key=lambda row: row.code):
        public, volume = extra.get(p.id, ("", None))
        rows.append((p.code, p.title, p.status.label, p.novelty.label, ", ".join(p.framework_codes),
                     p.axes_label, p.carrier, p.pilot, p.starts_on, p.ends_on, public, volume,
                     ", ".join(needs.get(p.id, ())), p.total_cents))
    return ExportTable("Portefeuille", PORTFOLIO_COLUMNS, tuple(rows))


def _needs_by_project(session: Session) -> dict[uuid.UUID | None, list[str]]:
    stmt = (select(ProjectNeed.project_id, Need.code).join(Need, Need.id == ProjectNeed.need_id)
            .where(ProjectNeed.deleted.is_(False), Need.deleted.is_(False)).order_by(Need.code))
    found: dict[uuid.UUID | None, list[str]] = defaultdict(list)
    for project_id, code in session.execute(stmt):
        found[project_id].append(code)
    return found


def financing_table(session: Session) -> ExportTable:
    """One row per live funding line of a live project: the financing plans, by project, year, funder."""
    funder = func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name, "")
    stmt = (select(Project.code, Project.title, funder, FundingLine.fiscal_year, FundingLine.nature,
                   FundingLine.status, FundingLine.amount_cents, FundingLine.act_reference)
            .join(Project, Project.id == FundingLine.project_id)
            .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
            .where(FundingLine.deleted.is_(False), Project.deleted.is_(False))
            .order_by(Project.code, FundingLine.fiscal_year, funder))
    rows = tuple((code, title, name or "Financeur non précisé", year, nature.label, status.label, cents, act)
                 for code, title, name, year, nature, status, cents, act in session.execute(stmt))
    return ExportTable("Plans de financement", FINANCING_COLUMNS, rows)


KINDS: dict[str, Callable[[Session], ExportTable]] = {
    "portfolio": portfolio_table,
    "financing": financing_table,
}
WRITERS: dict[str, Callable[[ExportTable, Path], None]] = {".xlsx": write_xlsx, ".csv": write_csv}


class UsageError(DomainError):
    """The command line asked for something that does not exist (exit code 2)."""


def export(session: Session, kind: str, path: Path) -> ExportResult:
    """Write the `kind` table to `path`, as XLSX or CSV according to its extension."""
    if kind not in KINDS:
        raise UsageError(f"Export inconnu : « {kind} ». Exports possibles : {', '.join(KINDS)}.")
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UsageError(f"Format de fichier non pris en charge : « {path.name} ». "
                         "Choisissez un fichier .xlsx ou .csv.")
    table = KINDS[kind](session)
    partial = path.with_name(f".{path.name}.partiel")  # never a half-written file under the real name
    try:
        writer(table, partial)
        os.replace(partial, path)
    except OSError as exc:
        raise DomainError(f"Impossible d'écrire le fichier « {path} » : "
                          f"{os_error_text(exc, OPEN_ELSEWHERE)}.") from exc
    finally:
        partial.unlink(missing_ok=True)
    log.info("Export %s: %d rows to %s", kind, len(table.rows), path)
    return ExportResult(kind, path, len(table.rows))
