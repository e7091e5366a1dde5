"""Indicator values, generated fast enough for a million rows (`--size large`).

Rows hold the stored form already (hex ids, decimal text): no per-value type processing.
Ids are exactly `natural_id("indicator_value", indicator, territory, period)`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from app.domain.enums import TerritoryLevel, ValueStatus
from app.domain.ids import NAMESPACE
from app.services.demo.common import Ctx, Row
from app.services.demo.geography import Commune, Group
from app.services.demo.indicator_specs import B, C, E, Spec, T

NAMESPACE_BYTES = NAMESPACE.bytes
OK, SECRET, ESTIMATED = ValueStatus.OK.value, ValueStatus.SECRET.value, ValueStatus.ESTIMATED.value


@dataclass(frozen=True)
class Unit:
    """A territory carrying values of one indicator, with what each value needs precomputed."""

    key: bytes  # natural_id key prefix, "indicator_value/<indicator>/<territory>/"
    territory: str  # hex id, as SQLAlchemy's Uuid stores it in SQLite
    population: int
    deprivation: float
    commune: bool
    members: tuple[int, ...] = ()  # for groups: indexes of their communes


def uuid5_hex(name: bytes) -> str:
    """uuid.uuid5(NAMESPACE, name).hex, without building UUID objects (a million times)."""
    digest = bytearray(hashlib.sha1(NAMESPACE_BYTES + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return digest.hex()


def value_rows(
    ctx: Ctx, specs: tuple[Spec, ...], ids: dict[str, uuid.UUID], batches: dict[str, Row], periods: list[str]
) -> Iterator[Row]:
    for spec in specs:
        finest, groups = _units(ctx, spec, ids[spec.code])
        fixed = {
            "indicator_id": ids[spec.code].hex,
            "batch_id": batches[spec.source]["id"].hex,
            "deleted": 0,
        }
        for period in periods:
            for unit, text, status in _period(ctx, spec, period, finest, groups):
                yield {
                    "id": uuid5_hex(unit.key + period.encode()),
                    "territory_id": unit.territory,
                    "period": period,
                    "value": text,
                    "status": status,
                    **fixed,
                }


def _units(ctx: Ctx, spec: Spec, indicator: uuid.UUID) -> tuple[list[Unit], list[Unit]]:
    scores: list[float] = ctx.refs["deprivation"]
    communes: list[Commune] = ctx.refs["communes"]
    prefix = f"indicator_value/{indicator}/"

    def unit(territory: Commune | Group, members: tuple[int, ...], score: float) -> Unit:
        return Unit(
            f"{prefix}{territory.id}/".encode(),
            territory.id.hex,
            territory.population,
            score,
            isinstance(territory, Commune),
            members,
        )

    def group(g: Group) -> Unit:
        weights = [communes[i].population for i in g.members]
        score = sum(scores[i] * w for i, w in zip(g.members, weights, strict=True)) / sum(weights)
        return unit(g, tuple(g.members), score)

    levels: dict[TerritoryLevel, list[Group]] = ctx.refs["groups"]
    if spec.finest is C:
        finest = [unit(c, (), scores[i]) for i, c in enumerate(communes)]
        groups = [group(g) for level in (E, B, T) for g in levels[level]]
    else:
        finest, groups = [group(g) for g in levels[spec.finest]], []
    return finest, [*groups, group(ctx.refs["dept"])]


def _period(
    ctx: Ctx, spec: Spec, period: str, finest: list[Unit], groups: list[Unit]
) -> Iterator[tuple[Unit, str | None, str]]:
    """Values of one period: finest level (secrecy, estimates), then aggregates (sums or weighted)."""
    monthly = len(period) > 4
    years = int(period[:4]) - 2022 + ((int(period[5:7]) - 1) / 12 if monthly else 0)
    factor, latest = 1 + spec.trend * years, period in ("2025", "2025-12")
    gauss, span = ctx.rng.gauss, spec.high - spec.low
    raw = [(spec.low + span * u.deprivation) * factor * (1 + gauss(0, 0.03)) for u in finest]
    if spec.count:
        raw = [value * u.population for value, u in zip(raw, finest, strict=True)]
    for unit, value in zip(finest, raw, strict=True):
        yield unit, *_status(ctx, spec, unit, value, latest)
    for group in groups:
        members = group.members if finest[0].commune else range(len(finest))
        text = _text(spec, _aggregate(spec, [raw[i] for i in members], [finest[i] for i in members]))
        if latest and group is groups[-1]:
            ctx.refs.setdefault("dept_latest", {})[spec.code] = Decimal(text)
        yield group, text, OK


def _status(ctx: Ctx, spec: Spec, unit: Unit, value: float, latest: bool) -> tuple[str | None, str]:
    if unit.commune and (unit.population < spec.secret_below or (spec.count and value < 10)):
        return None, SECRET  # never stored as 0 (DOMAIN.md §2)
    if latest and (spec.finest is T or (spec.code == "RSA_1000" and ctx.rng.random() < 0.04)):
        return _text(spec, value), ESTIMATED
    return _text(spec, value), OK


def _aggregate(spec: Spec, values: list[float], units: list[Unit]) -> float:
    if spec.count:
        return sum(values)
    weights = [unit.population for unit in units]
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)


def _text(spec: Spec, value: float) -> str:
    """The value as stored by DecimalText; job seekers rounded to 5 as France Travail publishes them."""
    if spec.code == "DEFM_ABC":
        return str(max(5, 5 * round(value / 5)))
    return f"{value:.{spec.decimals}f}"
