"""Diagnostic reads: needs with the projects answering them, indicator tables, the AFOM."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.diagnostic import (
    AnsweringProject,
    IndicatorFigure,
    IndicatorInfo,
    IndicatorTable,
    NeedDetail,
    NeedRow,
    SwotView,
    TerritoryValues,
    ValueCell,
)
from app.domain.enums import TerritoryLevel
from app.domain.errors import NotFound
from app.models.diagnostic import (
    Diagnostic,
    Finding,
    FindingIndicator,
    Need,
    NeedIndicator,
    NeedTerritory,
    SwotItem,
)
from app.models.geography import Indicator, IndicatorValue, Territory
from app.models.project import Project, ProjectNeed

LEVEL_ORDER = (
    TerritoryLevel.DEPARTEMENT,
    TerritoryLevel.TAS,
    TerritoryLevel.BASSIN,
    TerritoryLevel.EPCI,
    TerritoryLevel.COMMUNE,
    TerritoryLevel.CUSTOM,
)


def list_needs(session: Session) -> list[NeedRow]:
    """Every live need with the number of live projects answering it (one grouped query)."""
    answering = (
        select(ProjectNeed.need_id, func.count(func.distinct(Project.id)).label("n"))
        .join(Project, Project.id == ProjectNeed.project_id)
        .where(ProjectNeed.deleted.is_(False), Project.deleted.is_(False))
        .group_by(ProjectNeed.need_id)
        .subquery()
    )
    stmt = (
        select(Need, func.coalesce(answering.c.n, 0))
        .outerjoin(answering, answering.c.need_id == Need.id)
        .where(Need.deleted.is_(False))
        .order_by(Need.rank, Need.code)
    )
    return [_need_row(need, count) for need, count in session.execute(stmt)]


def _need_row(need: Need, projects: int) -> NeedRow:
    return NeedRow(
        need.id,
        need.code,
        need.title,
        need.theme,
        need.priority,
        need.target_public,
        need.rank,
        int(projects),
    )


def get_need(session: Session, need_id: uuid.UUID) -> NeedDetail:
    need = session.get(Need, need_id)
    if need is None or need.deleted:
        raise NotFound("Besoin", need_id)
    projects = _answering(session, need_id)
    indicator_ids = list(
        session.scalars(
            select(NeedIndicator.indicator_id).where(
                NeedIndicator.need_id == need_id, NeedIndicator.deleted.is_(False)
            )
        )
    )
    return NeedDetail(
        _need_row(need, len(projects)),
        need.justification,
        _need_territories(session, need_id),
        tuple(_latest_figure(session, indicator_id) for indicator_id in indicator_ids if indicator_id),
        _findings(session, need, indicator_ids),
        projects,
    )


def _answering(session: Session, need_id: uuid.UUID) -> tuple[AnsweringProject, ...]:
    stmt = (
        select(Project.code, Project.title, Project.status)
        .join(ProjectNeed, ProjectNeed.project_id == Project.id)
        .where(ProjectNeed.need_id == need_id, ProjectNeed.deleted.is_(False), Project.deleted.is_(False))
        .distinct()
        .order_by(Project.code)
    )
    return tuple(AnsweringProject(*values) for values in session.execute(stmt))


def _need_territories(session: Session, need_id: uuid.UUID) -> tuple[str, ...]:
    stmt = (
        select(Territory.name)
        .join(NeedTerritory, NeedTerritory.territory_id == Territory.id)
        .where(NeedTerritory.need_id == need_id, NeedTerritory.deleted.is_(False))
        .order_by(Territory.name)
    )
    return tuple(session.scalars(stmt))


def _findings(session: Session, need: Need, indicator_ids: list[uuid.UUID | None]) -> tuple[str, ...]:
    """The constats of the same diagnostic sharing the need's theme or one of its indicators."""
    sharing = select(FindingIndicator.finding_id).where(
        FindingIndicator.indicator_id.in_(indicator_ids), FindingIndicator.deleted.is_(False)
    )
    stmt = (
        select(Finding.text)
        .where(
            Finding.deleted.is_(False),
            Finding.diagnostic_id == need.diagnostic_id,
            (Finding.theme == need.theme) | Finding.id.in_(sharing),
        )
        .order_by(Finding.position)
    )
    return tuple(session.scalars(stmt))


def _info(indicator: Indicator) -> IndicatorInfo:
    return IndicatorInfo(
        indicator.id,
        indicator.code,
        indicator.label,
        indicator.unit,
        indicator.source,
        indicator.definition,
        indicator.direction,
        indicator.decimals,
    )


def _latest_figure(session: Session, indicator_id: uuid.UUID) -> IndicatorFigure:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound("Indicateur", indicator_id)
    stmt = (
        select(IndicatorValue.period, IndicatorValue.value, IndicatorValue.status)
        .join(Territory, Territory.id == IndicatorValue.territory_id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.deleted.is_(False),
            Territory.level == TerritoryLevel.DEPARTEMENT,
        )
        .order_by(IndicatorValue.period.desc())
        .limit(1)
    )
    found = session.execute(stmt).first()
    if found is None:
        return IndicatorFigure(_info(indicator), "", None)
    return IndicatorFigure(_info(indicator), found[0], ValueCell(found[1], found[2]))


def list_indicators(session: Session) -> list[IndicatorInfo]:
    stmt = select(Indicator).where(Indicator.deleted.is_(False)).order_by(Indicator.label)
    return [_info(indicator) for indicator in session.scalars(stmt)]


MAX_PERIODS = 8  # monthly series would otherwise give hundreds of columns


def indicator_table(
    session: Session,
    indicator_id: uuid.UUID,
    level: TerritoryLevel | None = None,
    *,
    max_periods: int = MAX_PERIODS,
) -> IndicatorTable:
    """Values of one indicator for the territories of one level, for its `max_periods` latest periods."""
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound("Indicateur", indicator_id)
    levels = _levels_with_values(session, indicator_id)
    chosen = level if level in levels else _default_level(levels)
    all_periods = _periods(session, indicator_id, chosen)
    periods = tuple(all_periods[-max_periods:])
    stmt = (
        select(
            Territory.id,
            Territory.code,
            Territory.name,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.status,
        )
        .join(IndicatorValue, IndicatorValue.territory_id == Territory.id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.deleted.is_(False),
            IndicatorValue.period.in_(periods),
            Territory.level == chosen,
            Territory.deleted.is_(False),
        )
    )
    rows = _territory_rows(session.execute(stmt), periods)
    return IndicatorTable(_info(indicator), chosen, levels, periods, rows, len(all_periods))


def _territory_rows(values: Any, periods: tuple[str, ...]) -> tuple[TerritoryValues, ...]:
    """(territory, period, value) rows → one row per territory, one cell per period, by code."""
    cells: dict[tuple[uuid.UUID, str, str], dict[str, ValueCell]] = defaultdict(dict)
    for tid, code, name, period, value, status in values:
        cells[(tid, code, name)][period] = ValueCell(value, status)
    return tuple(
        TerritoryValues(tid, code, name, tuple(by_period.get(p) for p in periods))
        for (tid, code, name), by_period in sorted(cells.items(), key=lambda item: item[0][1])
    )


def _periods(session: Session, indicator_id: uuid.UUID, level: TerritoryLevel) -> list[str]:
    """Every period published for the indicator at that level, oldest first."""
    stmt = (
        select(IndicatorValue.period)
        .join(Territory, Territory.id == IndicatorValue.territory_id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.deleted.is_(False),
            Territory.level == level,
        )
        .distinct()
    )
    return sorted(session.scalars(stmt))


def _levels_with_values(session: Session, indicator_id: uuid.UUID) -> tuple[TerritoryLevel, ...]:
    stmt = (
        select(Territory.level)
        .join(IndicatorValue, IndicatorValue.territory_id == Territory.id)
        .where(IndicatorValue.indicator_id == indicator_id)
        .distinct()
    )
    found = set(session.scalars(stmt))
    return tuple(level for level in LEVEL_ORDER if level in found)


def _default_level(levels: tuple[TerritoryLevel, ...]) -> TerritoryLevel:
    for preferred in (TerritoryLevel.EPCI, TerritoryLevel.BASSIN, TerritoryLevel.COMMUNE):
        if preferred in levels:
            return preferred
    return levels[0] if levels else TerritoryLevel.EPCI


def get_swot(session: Session) -> SwotView | None:
    """The AFOM of the latest validated diagnostic (or the latest one), None when there is none."""
    stmt = (
        select(Diagnostic)
        .where(Diagnostic.deleted.is_(False))
        .order_by((Diagnostic.status == "validated").desc(), Diagnostic.made_on.desc())
        .limit(1)
    )
    diagnostic = session.scalars(stmt).first()
    if diagnostic is None:
        return None
    items = session.execute(
        select(SwotItem.quadrant, SwotItem.text)
        .where(SwotItem.diagnostic_id == diagnostic.id, SwotItem.deleted.is_(False))
        .order_by(SwotItem.position)
    )
    return SwotView(
        diagnostic.title,
        diagnostic.status,
        diagnostic.made_on,
        diagnostic.method,
        diagnostic.summary,
        tuple((quadrant, text) for quadrant, text in items),
    )
