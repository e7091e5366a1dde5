"""Diagnostic read models: needs (besoins), indicator values by territory, the AFOM."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.enums import (
    DiagnosticStatus,
    Direction,
    Priority,
    ProjectStatus,
    SwotQuadrant,
    TerritoryLevel,
    Theme,
    ValueStatus,
)


@dataclass(frozen=True)
class NeedRow:
    id: uuid.UUID
    code: str
    title: str
    theme: Theme
    priority: Priority
    target_public: str
    rank: int
    projects: int  # live projects answering the need


@dataclass(frozen=True)
class ValueCell:
    """A value as published: a secret cell has no value and must never read as 0."""

    value: Decimal | None
    status: ValueStatus


@dataclass(frozen=True)
class IndicatorInfo:
    id: uuid.UUID
    code: str
    label: str
    unit: str
    source: str
    definition: str
    direction: Direction
    decimals: int


@dataclass(frozen=True)
class IndicatorFigure:
    """An indicator linked to a need, with its latest value for the whole département."""

    indicator: IndicatorInfo
    period: str
    cell: ValueCell | None


@dataclass(frozen=True)
class AnsweringProject:
    code: str
    title: str
    status: ProjectStatus


@dataclass(frozen=True)
class NeedDetail:
    row: NeedRow
    justification: str
    territories: tuple[str, ...]
    indicators: tuple[IndicatorFigure, ...]
    findings: tuple[str, ...]
    projects: tuple[AnsweringProject, ...]


@dataclass(frozen=True)
class TerritoryValues:
    id: uuid.UUID
    code: str
    name: str
    cells: tuple[ValueCell | None, ...]  # one per period; None when nothing was published


@dataclass(frozen=True)
class IndicatorTable:
    """indicator × territories of one level × periods."""

    indicator: IndicatorInfo
    level: TerritoryLevel
    levels: tuple[TerritoryLevel, ...]  # the levels that have values for this indicator
    periods: tuple[str, ...]  # the latest ones, oldest first
    rows: tuple[TerritoryValues, ...]
    all_periods: int = 0  # how many periods exist at this level (more than shown for monthly series)


@dataclass(frozen=True)
class SwotView:
    title: str
    status: DiagnosticStatus
    made_on: date | None
    method: str
    summary: str
    items: tuple[tuple[SwotQuadrant, str], ...]
