"""Indicators and their values at every level, some under statistical secrecy (DOMAIN.md §4 and §6)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.domain.enums import Direction, TerritoryLevel, ValueStatus
from app.domain.ids import natural_id
from app.models.geography import ImportBatch, Indicator, IndicatorValue
from app.services.demo.common import Ctx, Row, bulk_insert, flush
from app.services.demo.geography import Commune, Group

C, E, B, T = TerritoryLevel.COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.BASSIN, TerritoryLevel.TAS
WORSE, BETTER = Direction.HIGHER_IS_WORSE, Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class Spec:
    code: str
    label: str
    unit: str
    source: str
    direction: Direction
    finest: TerritoryLevel
    decimals: int
    low: float  # range of the base value over territories (least to most deprived)
    high: float
    trend: float  # relative change a year
    count: bool = False  # a count (summed) rather than a rate (population-weighted)
    secret_below: int = 0  # communes under this population are secret
    definition: str = ""


SPECS = (
    Spec(
        "RSA_1000",
        "Foyers allocataires du RSA pour 1 000 habitants",
        "‰",
        "CAF",
        WORSE,
        C,
        1,
        24,
        58,
        -0.015,
        secret_below=130,
        definition="Foyers bénéficiaires du RSA au 31 décembre rapportés "
        "à la population municipale, pour 1 000 habitants.",
    ),
    Spec(
        "TX_CHOM",
        "Taux de chômage localisé",
        "%",
        "INSEE",
        WORSE,
        B,
        1,
        6.2,
        9.8,
        0.02,
        definition="Taux de chômage au sens du BIT, moyenne annuelle, par zone d'emploi.",
    ),
    Spec(
        "TP60",
        "Taux de pauvreté au seuil de 60 %",
        "%",
        "INSEE – Filosofi",
        WORSE,
        C,
        1,
        11.5,
        20.5,
        0.01,
        secret_below=250,
        definition="Part des personnes dont le niveau de vie est inférieur à "
        "60 % du niveau de vie médian (TP60).",
    ),
    Spec(
        "MED",
        "Médiane du revenu disponible par unité de consommation",
        "€",
        "INSEE – Filosofi",
        BETTER,
        C,
        0,
        23_400,
        19_300,
        0.025,
        secret_below=250,
        definition="Revenu disponible médian par UC (MED).",
    ),
    Spec(
        "NEET",
        "Part des jeunes de 15 à 24 ans ni en emploi ni en formation",
        "%",
        "Observatoire des territoires",
        WORSE,
        C,
        1,
        10.0,
        18.0,
        0.0,
        secret_below=150,
        definition="Jeunes non insérés (NEET) parmi les 15-24 ans.",
    ),
    Spec(
        "DEFM_ABC",
        "Demandeurs d'emploi inscrits en catégories A, B, C",
        "demandeurs",
        "France Travail – DARES",
        WORSE,
        C,
        0,
        0.062,
        0.098,
        0.01,
        count=True,
        definition="Demandeurs d'emploi en fin de mois, catégories A, B, C (arrondi à 5).",
    ),
    Spec(
        "DELD",
        "Part des demandeurs d'emploi de longue durée",
        "%",
        "France Travail – DARES",
        WORSE,
        E,
        1,
        40.0,
        50.0,
        0.005,
        definition="Inscrits depuis un an ou plus parmi les catégories A, B, C.",
    ),
    Spec(
        "DE_M25",
        "Part des moins de 25 ans parmi les demandeurs d'emploi",
        "%",
        "France Travail – DARES",
        Direction.NEUTRAL,
        E,
        1,
        12.0,
        17.5,
        -0.01,
        definition="Moins de 25 ans parmi les catégories A, B, C.",
    ),
    Spec(
        "DELAI_ORIENT",
        "Délai moyen d'orientation des bénéficiaires du RSA",
        "jours",
        "Département – enquête OARSA (DREES)",
        WORSE,
        T,
        0,
        70,
        125,
        -0.08,
        definition="Jours entre l'ouverture du droit et la première orientation (objectif : moins de 30).",
    ),
    Spec(
        "POSTES_IAE",
        "Postes en insertion par l'activité économique",
        "ETP",
        "DDETS",
        BETTER,
        E,
        0,
        0.0022,
        0.0016,
        0.03,
        count=True,
        definition="ETP conventionnés en SIAE (ACI, EI, AI, ETTI).",
    ),
    Spec(
        "ACCUEIL_JE",
        "Places d'accueil du jeune enfant pour 100 enfants de moins de 3 ans",
        "places pour 100",
        "CAF – ONAPE",
        BETTER,
        E,
        1,
        68.0,
        42.0,
        0.01,
        definition="Capacité théorique d'accueil formel (crèches, assistantes maternelles, école).",
    ),
    Spec(
        "SANS_VOITURE",
        "Part des ménages sans voiture",
        "%",
        "INSEE – recensement",
        WORSE,
        C,
        1,
        6.0,
        14.0,
        0.005,
        definition="Ménages ne disposant d'aucune voiture (RP, exploitation principale).",
    ),
)
ABOVE = {C: (C, E, B, T), E: (E,), B: (B,), T: (T,)}  # levels carrying values; the département always
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
    written = bulk_insert(
        ctx,
        IndicatorValue.__table__,
        _values(ctx, ids, batches, periods),  # type: ignore[arg-type]
        total=total,
        label="Valeurs d'indicateurs",
    )
    ctx.refs["values_written"] = written


def _batches(ctx: Ctx, periods: int) -> dict[str, Row]:
    batches = {}
    for source in dict.fromkeys(spec.source for spec in SPECS):
        kept = periods * sum(len(_targets(ctx, spec)) for spec in SPECS if spec.source == source)
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
    per_period = sum(len(_targets(ctx, spec)) for spec in SPECS)
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


def _targets(ctx: Ctx, spec: Spec) -> list[Group | Commune]:
    """Territories that carry values of this indicator: finest level and above."""
    targets: list[Group | Commune] = []
    for level in ABOVE[spec.finest]:
        targets += ctx.refs["communes"] if level is C else ctx.refs["groups"][level]
    return [*targets, ctx.refs["dept"]]


def _values(ctx: Ctx, ids: dict[str, object], batches: dict[str, Row], periods: list[str]) -> Iterator[Row]:
    for spec in SPECS:
        batch = batches[spec.source]
        for period in periods:
            for territory, value, status in _period_values(ctx, spec, period):
                yield {
                    "id": natural_id("indicator_value", ids[spec.code], territory.id, period),
                    "indicator_id": ids[spec.code],
                    "territory_id": territory.id,
                    "period": period,
                    "value": value,
                    "status": status,
                    "batch_id": batch["id"],
                    "deleted": False,
                }


def _period_values(
    ctx: Ctx, spec: Spec, period: str
) -> Iterator[tuple[Group | Commune, Decimal | None, ValueStatus]]:
    years = int(period[:4]) - 2022 + (int(period[5:7]) - 1) / 12 if len(period) > 4 else int(period) - 2022
    factor = 1 + spec.trend * years
    latest = period in ("2025", "2025-12")
    communes: list[Commune] = ctx.refs["communes"]
    finest = communes if spec.finest is C else ctx.refs["groups"][spec.finest]
    raw = [_raw(ctx, spec, unit, factor) for unit in finest]
    for unit, value in zip(finest, raw, strict=True):
        yield unit, *_status(ctx, spec, unit, value, latest)
    if spec.finest is C:
        for level in (E, B, T):
            for group in ctx.refs["groups"][level]:
                yield (
                    group,
                    _dec(
                        spec,
                        _aggregate(
                            spec, [raw[i] for i in group.members], [communes[i] for i in group.members]
                        ),
                    ),
                    ValueStatus.OK,
                )
    dept_value = _dec(spec, _aggregate(spec, raw, finest))
    if latest:
        ctx.refs.setdefault("dept_latest", {})[spec.code] = dept_value
    yield ctx.refs["dept"], dept_value, ValueStatus.OK


def _raw(ctx: Ctx, spec: Spec, unit: Group | Commune, factor: float) -> float:
    deprivation = _unit_deprivation(ctx, unit)
    base = spec.low + (spec.high - spec.low) * deprivation
    value = base * factor * (1 + ctx.rng.gauss(0, 0.03))
    return value * unit.population if spec.count else value


def _unit_deprivation(ctx: Ctx, unit: Group | Commune) -> float:
    scores: list[float] = ctx.refs["deprivation"]
    if isinstance(unit, Commune):
        return scores[int(unit.code[-3:]) - 1]
    cache: dict[object, float] = ctx.refs.setdefault("group_deprivation", {})
    if unit.id not in cache:
        communes: list[Commune] = ctx.refs["communes"]
        weights = [communes[i].population for i in unit.members]
        cache[unit.id] = sum(scores[i] * w for i, w in zip(unit.members, weights, strict=True)) / sum(weights)
    return cache[unit.id]


def _status(
    ctx: Ctx, spec: Spec, unit: Group | Commune, value: float, latest: bool
) -> tuple[Decimal | None, ValueStatus]:
    if isinstance(unit, Commune) and (unit.population < spec.secret_below or (spec.count and value < 10)):
        return None, ValueStatus.SECRET  # never stored as 0 (DOMAIN.md §2)
    if latest and (spec.finest is T or (spec.code == "RSA_1000" and ctx.rng.random() < 0.04)):
        return _dec(spec, value), ValueStatus.ESTIMATED
    return _dec(spec, value), ValueStatus.OK


def _aggregate(spec: Spec, values: list[float], units: list[Group | Commune] | list[Commune]) -> float:
    if spec.count:
        return sum(values)
    weights = [unit.population for unit in units]
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)


def _dec(spec: Spec, value: float) -> Decimal:
    if spec.count and spec.code == "DEFM_ABC":
        return Decimal(max(5, 5 * round(value / 5)))  # France Travail rounds to 5
    return Decimal(f"{value:.{spec.decimals}f}")
