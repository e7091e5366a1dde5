"""Co-funding analytics and the progression of funding lines (issue 5). No Qt, no commit.

Sums are done by SQLite over integer cents (exact); payments of statutory contributions are event rows
(ContributionPayment) summed, never a stored "paid" figure (SYNC.md: concurrent payments both count).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.domain.cofunding import (
    FUNDING_ORDER,
    LINE_FIELDS,
    NEEDS_ACT,
    ConsumptionPoint,
    ContributionRow,
    FundingLineInfo,
    FundingTotals,
    InvalidFundingLineError,
    StackedSeries,
    Total,
    funding_frozen,
    funding_move_refusal,
)
from app.domain.enums import FundingNature, FundingStatus
from app.domain.errors import DomainError, NotFound
from app.domain.field_labels import field_label
from app.domain.ids import new_id
from app.domain.programme import number_key
from app.domain.rebase import attributes, rebase_or_refuse
from app.formatting import euros
from app.models.framework import Axis, Framework
from app.models.funding import ContributionPayment, FundingLine, MemberContribution
from app.models.organisation import Organisation
from app.models.project import Project, ProjectAxis

UNKNOWN_FUNDER = "Financeur non précisé"
NO_AXIS = "Sans axe"


def _funder_name() -> Any:
    return func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name, UNKNOWN_FUNDER)


def _live_lines(*columns: Any) -> Select[Any]:
    """Lines of live projects only: a project in the bin takes its plan with it."""
    return (select(*columns)
            .join(Project, Project.id == FundingLine.project_id)
            .where(FundingLine.deleted.is_(False), Project.deleted.is_(False)))


def funding_totals(session: Session, *, framework_id: uuid.UUID | None = None) -> FundingTotals:
    """Totals per funder, year, status and axis (axes of `framework_id`, or of every framework)."""
    amount = func.sum(FundingLine.amount_cents)
    by_funder = _group(session, _live_lines(Organisation.id, _funder_name(), amount, func.count())
                       .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
                       .group_by(Organisation.id))
    years = session.execute(_live_lines(FundingLine.fiscal_year, amount, func.count())
                            .group_by(FundingLine.fiscal_year).order_by(FundingLine.fiscal_year))
    by_year = tuple(Total(str(y), str(y), int(c), int(n)) for y, c, n in years)
    statuses = dict((s, (int(c), int(n))) for s, c, n in session.execute(
        _live_lines(FundingLine.status, amount, func.count()).group_by(FundingLine.status)))
    by_status = tuple(Total(s.value, s.label, *statuses[s]) for s in FUNDING_ORDER if s in statuses) + tuple(
        Total(s.value, s.label, *v) for s, v in statuses.items() if s.unknown)  # a newer version's, last
    total = int(session.scalar(_live_lines(func.coalesce(amount, 0))) or 0)
    return FundingTotals(total, by_funder, by_year, by_status, _by_axis(session, framework_id))


def _group(session: Session, stmt: Select[Any]) -> tuple[Total, ...]:
    rows = [Total(str(key), label, int(cents), int(count))
            for key, label, cents, count in session.execute(stmt)]
    return tuple(sorted(rows, key=lambda t: (-t.cents, t.label)))


def _by_axis(session: Session, framework_id: uuid.UUID | None) -> tuple[Total, ...]:
    """Per axis (with its framework code): a project's whole plan counts in each axis it is attached to."""
    plans = (_live_lines(FundingLine.project_id, func.sum(FundingLine.amount_cents).label("total"))
             .group_by(FundingLine.project_id).subquery())
    links = (select(ProjectAxis.project_id)
             .join(Axis, Axis.id == ProjectAxis.axis_id)
             .join(Project, Project.id == ProjectAxis.project_id)
             .where(ProjectAxis.deleted.is_(False), Axis.deleted.is_(False), Project.deleted.is_(False)))
    if framework_id is not None:
        links = links.where(Axis.framework_id == framework_id)
    stmt = (links.add_columns(Axis.id, Axis.number, Axis.title, Framework.code,
                              func.coalesce(func.sum(plans.c.total), 0), func.count())
            .outerjoin(plans, plans.c.project_id == ProjectAxis.project_id)
            .outerjoin(Framework, Framework.id == Axis.framework_id)
            .group_by(Axis.id))
    rows = sorted(session.execute(stmt), key=lambda r: (r[4] or "", number_key(r[2])))
    totals = [Total(str(axis_id), f"{code} · {number} {title}".strip(" ·") if code else f"{number} {title}",
                    int(cents), int(count)) for _, axis_id, number, title, code, cents, count in rows]
    loose = session.execute(select(func.coalesce(func.sum(plans.c.total), 0), func.count())
                            .where(plans.c.project_id.not_in(links.scalar_subquery()))).one()
    if loose[1]:
        totals.append(Total("", NO_AXIS, int(loose[0]), int(loose[1])))
    return tuple(totals)


def contributions(session: Session, *, year: int | None = None) -> tuple[ContributionRow, ...]:
    """Statutory contributions per member and year: called, paid (sum of payments), in kind."""
    paid = (select(ContributionPayment.contribution_id,
                   func.sum(ContributionPayment.amount_cents).label("paid"))
            .where(ContributionPayment.deleted.is_(False))
            .group_by(ContributionPayment.contribution_id).subquery())
    stmt = (select(MemberContribution.organisation_id, _funder_name(), MemberContribution.year,
                   MemberContribution.called_cents, func.coalesce(paid.c.paid, 0),
                   MemberContribution.in_kind_cents)
            .outerjoin(Organisation, Organisation.id == MemberContribution.organisation_id)
            .outerjoin(paid, paid.c.contribution_id == MemberContribution.id)
            .where(MemberContribution.deleted.is_(False)))
    if year is not None:
        stmt = stmt.where(MemberContribution.year == year)
    rows = [ContributionRow(org, name, int(y), int(called), int(p), int(kind))
            for org, name, y, called, p, kind in session.execute(stmt)]
    return tuple(sorted(rows, key=lambda r: (r.year, -r.called_cents, r.member)))


def stacked_by_funder(session: Session, *, project_id: uuid.UUID | None = None) -> StackedSeries:
    """Amounts per funder and fiscal year (the portfolio, or one project's plan), biggest funder first."""
    stmt = (_live_lines(_funder_name(), FundingLine.fiscal_year, func.sum(FundingLine.amount_cents))
            .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
            .group_by(Organisation.id, FundingLine.fiscal_year))
    if project_id is not None:
        stmt = stmt.where(FundingLine.project_id == project_id)
    cells: dict[tuple[str, int], int] = defaultdict(int)
    for funder, year, cents in session.execute(stmt):
        cells[(funder, int(year))] += int(cents)
    years = tuple(sorted({year for _, year in cells}))
    weight: dict[str, int] = defaultdict(int)
    for (funder, _), cents in cells.items():
        weight[funder] += cents
    funders = sorted(weight, key=lambda f: (-weight[f], f))
    return StackedSeries(years, tuple((f, tuple(cells.get((f, y), 0) for y in years)) for f in funders))


def consumption(session: Session, *, project_id: uuid.UUID | None = None) -> tuple[ConsumptionPoint, ...]:
    """Per fiscal year: programmed, committed (engagé or later) and paid (versé or soldé) amounts."""
    stmt = _live_lines(FundingLine.fiscal_year, FundingLine.status, func.sum(FundingLine.amount_cents)) \
        .group_by(FundingLine.fiscal_year, FundingLine.status)
    if project_id is not None:
        stmt = stmt.where(FundingLine.project_id == project_id)
    rank = {status: index for index, status in enumerate(FUNDING_ORDER)}
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for year, status, cents in session.execute(stmt):
        cell = sums[int(year)]
        cell[0] += int(cents)
        at = rank.get(status, -1)  # a newer version's status: programmed only, nothing inferred
        cell[1] += int(cents) if at >= rank[FundingStatus.COMMITTED] else 0
        cell[2] += int(cents) if at >= rank[FundingStatus.PAID] else 0
    return tuple(ConsumptionPoint(year, *sums[year]) for year in sorted(sums))


def advance_funding(session: Session, line_id: uuid.UUID, target: FundingStatus, *,
                    act_reference: str | None = None) -> FundingLineInfo:
    """Move a funding line forward (prévisionnel → … → soldé); never back; acts required from notifié."""
    line = session.get(FundingLine, line_id)
    if line is None or line.deleted:
        raise NotFound("Ligne de financement", line_id)
    refusal = funding_move_refusal(line.status, target)
    if refusal:
        raise DomainError(refusal)
    reference = (act_reference if act_reference is not None else line.act_reference).strip()
    if target in NEEDS_ACT and not reference and line.decision_id is None:
        raise DomainError(f"Un financement « {target.label.lower()} » doit citer son acte : numéro de "
                          "décision ou référence de la convention.")
    line.status, line.act_reference = target, reference
    session.flush()
    return line_info(session, line)


def line_info(session: Session, line: FundingLine) -> FundingLineInfo:
    funder = session.get(Organisation, line.funder_id) if line.funder_id else None
    name = (funder.short_name or funder.name) if funder else UNKNOWN_FUNDER
    return FundingLineInfo(line.id, line.project_id, name, line.fiscal_year, line.amount_cents, line.status,
                           line.act_reference, line.funder_id, line.nature)


def save_funding_line(session: Session, project_id: uuid.UUID, *, funder_id: uuid.UUID | None,
                      fiscal_year: int, amount_cents: int, nature: FundingNature = FundingNature.CASH,
                      act_reference: str = "", line_id: uuid.UUID | None = None,
                      base: FundingLineInfo | None = None) -> FundingLineInfo:
    """Add (line_id None) or edit a line of the financing plan; its status moves by advance_funding.

    `base`: the line as the form loaded it. Only what the form changed is then written, over what a sync
    round may have brought since; a field changed on both sides raises EditedElsewhereError.
    Raises InvalidFundingLineError with one French message per wrong field."""
    project = session.get(Project, project_id)
    if project is None or project.deleted:
        raise NotFound("Projet", project_id)
    line = _editable_line(session, line_id) if line_id else FundingLine(id=new_id(), project_id=project_id)
    values: dict[str, Any] = {"funder_id": funder_id, "fiscal_year": fiscal_year,
                              "amount_cents": amount_cents, "nature": nature,
                              "act_reference": act_reference.strip()}
    if base is not None and line_id is not None:  # only what the form changed (app.domain.rebase)
        current = line_info(session, line)
        shown = {"funder_id": current.funder, "fiscal_year": str(current.fiscal_year),
                 "amount_cents": euros(current.amount_cents), "nature": current.nature.label,
                 "act_reference": current.act_reference}
        values = rebase_or_refuse(attributes(base, values), values, attributes(current, values),
                                  label=partial(field_label, "funding_line"), shown=shown.__getitem__,
                                  field=LINE_FIELDS.__getitem__)
    problems = funding_line_problems(session, project, funder_id=values["funder_id"],
                                     fiscal_year=values["fiscal_year"], amount_cents=values["amount_cents"],
                                     act_reference=values["act_reference"],
                                     status=line.status if line_id else FundingStatus.PLANNED)
    if problems:
        raise InvalidFundingLineError(problems)
    if line_id is None:
        session.add(line)
    for column, value in values.items():
        setattr(line, column, value)
    session.flush()
    return line_info(session, line)


YEARS_AROUND = 1  # a plan may start the year before the project (instruction) and end the year after


def funding_line_problems(session: Session, project: Project, *, funder_id: uuid.UUID | None,
                          fiscal_year: int, amount_cents: int, act_reference: str = "",
                          status: FundingStatus = FundingStatus.PLANNED) -> dict[str, str]:
    """Field → French message for each wrong field of a funding line (empty when it can be saved)."""
    problems = {}
    funder = session.get(Organisation, funder_id) if funder_id else None
    if funder_id is None:
        problems["funder"] = "Choisissez le financeur de la ligne."
    elif funder is None or funder.deleted:
        problems["funder"] = "Le financeur choisi n'existe plus : choisissez-en un autre."
    if amount_cents <= 0:
        problems["amount"] = "Le montant d'un financement doit être positif (plus de 0 €)."
    first = project.starts_on.year - YEARS_AROUND if project.starts_on else 2000
    last = project.ends_on.year + YEARS_AROUND if project.ends_on else 2100
    if not max(first, 2000) <= fiscal_year <= min(last, 2100):
        period = (f"la fiche {project.code} court de {project.starts_on.year if project.starts_on else '?'} "
                  f"à {project.ends_on.year if project.ends_on else '?'}")
        problems["fiscal_year"] = (f"L'exercice {fiscal_year} est hors de la période possible "
                                   f"({max(first, 2000)} à {min(last, 2100)}) : {period}.")
    if status in NEEDS_ACT and not act_reference.strip():
        problems["act"] = (f"Ce financement est « {status.label.lower()} » : il doit citer son acte "
                           "(numéro de décision ou référence de la convention).")
    return problems


def remove_funding_line(session: Session, line_id: uuid.UUID) -> FundingLineInfo:
    """Put a line in the bin; refused once committed (a correction is then a new line or an amendment)."""
    line = _editable_line(session, line_id)
    line.deleted = True
    session.flush()
    return line_info(session, line)


def restore_funding_line(session: Session, line_id: uuid.UUID) -> FundingLineInfo:
    """Take a line out of the bin (undo of a deletion or redo of an addition)."""
    line = session.get(FundingLine, line_id)
    if line is None:
        raise NotFound("Ligne de financement", line_id)
    line.deleted = False
    session.flush()
    return line_info(session, line)


def _editable_line(session: Session, line_id: uuid.UUID) -> FundingLine:
    line = session.get(FundingLine, line_id)
    if line is None or line.deleted:
        raise NotFound("Ligne de financement", line_id)
    if funding_frozen(line.status):
        raise DomainError(f"Ce financement est « {line.status.label.lower()} » : il ne se modifie plus ; "
                          "saisissez une ligne corrective ou un avenant.")
    return line


def record_payment(session: Session, contribution_id: uuid.UUID, *, amount_cents: int, paid_on: date,
                   reference: str = "") -> ContributionRow:
    """A payment of a statutory contribution: a new event row (two offline entries both count)."""
    contribution = session.get(MemberContribution, contribution_id)
    if contribution is None or contribution.deleted:
        raise NotFound("Contribution statutaire", contribution_id)
    if amount_cents <= 0:
        raise DomainError("Le montant d'un versement doit être positif.")
    session.add(ContributionPayment(id=new_id(), contribution_id=contribution_id, paid_on=paid_on,
                                    amount_cents=amount_cents, reference=reference.strip()))
    session.flush()
    return next(row for row in contributions(session, year=contribution.year)
                if row.organisation_id == contribution.organisation_id)


def project_funding_lines(session: Session, project_id: uuid.UUID) -> tuple[FundingLineInfo, ...]:
    """The live lines of one project's financing plan, by year then funder (the plan editor, issue 5 UI)."""
    lines = session.scalars(select(FundingLine).where(FundingLine.project_id == project_id,
                                                      FundingLine.deleted.is_(False)))
    infos = [line_info(session, line) for line in lines]
    return tuple(sorted(infos, key=lambda i: (i.fiscal_year, i.funder, -i.amount_cents)))


def record_member_payment(session: Session, organisation_id: uuid.UUID, year: int, *, amount_cents: int,
                          paid_on: date, reference: str = "") -> ContributionRow:
    """`record_payment` for the contribution of this member and year (the UI lists ContributionRows)."""
    contribution_id = session.scalar(select(MemberContribution.id).where(
        MemberContribution.organisation_id == organisation_id, MemberContribution.year == year,
        MemberContribution.deleted.is_(False)))
    if contribution_id is None:
        raise DomainError(f"Aucune contribution statutaire appelée pour ce membre en {year}.")
    return record_payment(session, contribution_id, amount_cents=amount_cents, paid_on=paid_on,
                          reference=reference)


def funding_chart_pngs(session: Session, *, project_id: uuid.UUID | None = None,
                       dpi: int = 96) -> tuple[bytes, bytes]:
    """The two co-funding charts (stacked by funder, consumption over time) as PNG bytes, drawn in the
    worker: the GUI thread only shows images (issue 5 UI)."""
    from app.reports.charts import figure_png  # matplotlib loads lazily
    from app.reports.portfolio_charts import consumption_figure, stacked_funding_figure

    stacked = stacked_funding_figure(stacked_by_funder(session, project_id=project_id), width_mm=150,
                                     height_mm=70)
    used = consumption_figure(consumption(session, project_id=project_id), width_mm=150, height_mm=70)
    return figure_png(stacked, dpi=dpi), figure_png(used, dpi=dpi)
