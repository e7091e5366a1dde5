"""Territories, their graph, indicators and their values (DOMAIN.md §2, Geography and indicators)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import Direction, TerritoryLevel, ValueStatus
from app.models.base import Synced, enum_col, fk, int_col, text_col


class Territory(Synced):
    """A commune, EPCI, bassin, TAS... Id is uuid5(level, INSEE code, vintage) so imports merge."""

    __tablename__ = "territory"

    code: Mapped[str] = text_col()  # INSEE code as text: "01001", "2A004", "69M"
    name: Mapped[str] = text_col()
    level: Mapped[TerritoryLevel] = enum_col(TerritoryLevel, TerritoryLevel.COMMUNE)
    vintage: Mapped[int] = int_col(2024)  # COG millésime
    population: Mapped[int | None] = mapped_column(nullable=True)
    geometry: Mapped[str | None] = mapped_column(nullable=True)  # GeoJSON geometry text
    valid_from: Mapped[date | None] = mapped_column(nullable=True)
    valid_to: Mapped[date | None] = mapped_column(nullable=True)

    __table_args__ = (Index("ix_territory_level_code", "level", "code"),)


class TerritoryLink(Synced):
    """`child` belongs to `parent` (a commune to an EPCI, a bassin, a TAS) over a validity period."""

    __tablename__ = "territory_link"

    child_id: Mapped[uuid.UUID | None] = fk("territory.id")
    parent_id: Mapped[uuid.UUID | None] = fk("territory.id")
    valid_from: Mapped[date | None] = mapped_column(nullable=True)
    valid_to: Mapped[date | None] = mapped_column(nullable=True)


class Indicator(Synced):
    __tablename__ = "indicator"

    code: Mapped[str] = text_col()
    label: Mapped[str] = text_col()
    definition: Mapped[str] = text_col()
    unit: Mapped[str] = text_col()  # "%", "foyers", "jours", "€"
    source: Mapped[str] = text_col()
    direction: Mapped[Direction] = enum_col(Direction, Direction.NEUTRAL)
    finest_level: Mapped[TerritoryLevel] = enum_col(TerritoryLevel, TerritoryLevel.COMMUNE)
    decimals: Mapped[int] = int_col(1)


class ImportBatch(Synced):
    """One import of a file: what, when, by whom, how many lines kept and rejected."""

    __tablename__ = "import_batch"

    kind: Mapped[str] = text_col()
    file_name: Mapped[str] = text_col()
    sha256: Mapped[str] = text_col()
    imported_at: Mapped[datetime | None] = mapped_column(nullable=True)
    imported_by: Mapped[str] = text_col()
    rows_kept: Mapped[int] = int_col()
    rows_rejected: Mapped[int] = int_col()


class IndicatorValue(Synced):
    """indicator × territory × period → value. Id uuid5(indicator, territory, period): re-imports merge.

    A value under statistical secrecy has status `secret` and no value: never stored as 0.
    """

    __tablename__ = "indicator_value"

    indicator_id: Mapped[uuid.UUID | None] = fk("indicator.id", index=False)
    territory_id: Mapped[uuid.UUID | None] = fk("territory.id")
    period: Mapped[str] = text_col()  # "2023", "2023-T4", "2023-12"
    value: Mapped[Decimal | None] = mapped_column(nullable=True)
    status: Mapped[ValueStatus] = enum_col(ValueStatus, ValueStatus.OK)
    batch_id: Mapped[uuid.UUID | None] = fk("import_batch.id")

    __table_args__ = (Index("ix_indicator_value_indicator_period", "indicator_id", "period"),)
