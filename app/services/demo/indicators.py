"""Indicators and their values at every level, some under statistical secrecy (DOMAIN.md §4 and §6)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from app.domain.ids import natural_id
from app.models.geography import ImportBatch, Indicator, IndicatorValue
from app.services.demo.common import Ctx, Row, bulk_insert, flush, larger_cache
from app.services.demo.geography import Commune
from app.services.demo.indicator_specs import SPECS, E, targets
from app.services.demo.indicator_values import value_rows

BATCH_AT = datetime(2026, 2, 3, 10, 15)


def write_indicators(ctx: Ctx) -> None:
    """Queue the indicators and their import batches, then stream every value."""
    ids = {spec.code: natural_id("indicator", spec.code) for spec in SPECS}
    for spec in SPECS:
        ctx.add(
            Indicator,
            id=ids[spec.code],
            code=spec.code,
            label=spec.label,
            definition=spec.definition,
            unit=spec.unit,
            source=spec.source,
            direction=spec.direction,
            finest_level=spec.finest,
            decimals=spec.decimals,
        )
    periods = _periods(ctx)
    batches = _batches(ctx, len(periods))
    ctx.refs["indicators"] = ids
    ctx.refs["deprivation"] = _deprivation(ctx)
    total = sum(batch["rows_kept"] for batch in batches.values())
    flush(ctx)  # parents first: cheaper than resolving deferred foreign keys afterwards
    names = [column.name for column in IndicatorValue.__table__.columns]
    with larger_cache(ctx):
        rows = value_rows(ctx, SPECS, ids, batches, periods)
        ctx.refs["values_written"] = bulk_insert(
            ctx,
            IndicatorValue.__table__,  # type: ignore[arg-type]
            (tuple(map(row.__getitem__, names)) for row in rows),
            total=total,
            label="Valeurs d'indicateurs",
        )


def _batches(ctx: Ctx, periods: int) -> dict[str, Row]:
    batches = {}
    for source in dict.fromkeys(spec.source for spec in SPECS):
        kept = periods * sum(len(targets(ctx, spec)) for spec in SPECS if spec.source == source)
        digest = hashlib.sha256(f"demo/{ctx.seed}/{source}".encode()).hexdigest()
        batches[source] = ctx.add(
            ImportBatch,
            id=ctx.id("import_batch", source),
            kind="indicators",
            file_name=f"{hashlib.md5(source.encode()).hexdigest()[:6]}-{_slug(source)}.csv",
            sha256=digest,
            imported_at=BATCH_AT,
            imported_by="Jeu de démonstration",
            rows_kept=kept,
            rows_rejected=0,
        )
    return batches


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _periods(ctx: Ctx) -> list[str]:
    if not ctx.scale.monthly_values:
        return ["2022", "2023", "2024", "2025"]
    per_period = sum(len(targets(ctx, spec)) for spec in SPECS)
    months = round(ctx.scale.monthly_values / per_period)
    last = 2025 * 12 + 11
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(last - months + 1, last + 1)]


def _deprivation(ctx: Ctx) -> list[float]:
    """A per-commune score in [0, 1], smooth over EPCI, higher in the préfecture and bourgs."""
    communes: list[Commune] = ctx.refs["communes"]
    epci_score = [ctx.rng.random() for _ in ctx.refs["groups"][E]]
    scores = []
    for commune in communes:
        urban = 0.25 if commune.population > 3_000 else 0.0
        raw = 0.55 * epci_score[commune.groups[E]] + 0.3 * ctx.rng.random() + urban
        scores.append(min(1.0, raw))
    return scores
