"""The Haute-Maille's territories: communes on a jittered grid, EPCI, bassins, TAS, the département."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import date

from app.domain.enums import TerritoryLevel
from app.domain.ids import link_id, natural_id
from app.models.geography import Territory, TerritoryLink
from app.services.demo.common import DEPT_CODE, DEPT_NAME, PREFECTURE, Ctx, luhn_complete
from app.services.demo.names import AREAS, commune_names, fold
from app.services.demo.shapes import Grid, blob_cells

VINTAGE = 2024
VALID_FROM = date(2024, 1, 1)


@dataclass
class Commune:
    id: uuid.UUID
    code: str
    name: str
    cell: tuple[int, int]
    population: int
    groups: dict[TerritoryLevel, int] = field(default_factory=dict)  # level → index of its group


@dataclass
class Group:
    id: uuid.UUID
    code: str
    name: str
    level: TerritoryLevel
    members: list[int]  # commune indexes
    population: int


def territory_id(level: TerritoryLevel, code: str) -> uuid.UUID:
    return natural_id("territory", level.value, code)


def write_geography(ctx: Ctx) -> None:
    """Queue communes, groups, the département and the links between them; fill ctx.refs."""
    side = math.ceil(math.sqrt(ctx.scale.communes * 1.5))
    grid = Grid(ctx.rng, side)
    communes = _communes(ctx, blob_cells(ctx.rng, side, ctx.scale.communes), side)
    groups = {
        TerritoryLevel.EPCI: _groups(ctx, communes, TerritoryLevel.EPCI, ctx.scale.epci),
        TerritoryLevel.BASSIN: _groups(ctx, communes, TerritoryLevel.BASSIN, ctx.scale.bassins),
        TerritoryLevel.TAS: _groups(ctx, communes, TerritoryLevel.TAS, ctx.scale.tas),
    }
    dept = Group(
        territory_id(TerritoryLevel.DEPARTEMENT, DEPT_CODE),
        DEPT_CODE,
        DEPT_NAME,
        TerritoryLevel.DEPARTEMENT,
        list(range(len(communes))),
        sum(c.population for c in communes),
    )
    for commune in communes:
        _territory(
            ctx,
            commune.id,
            commune.code,
            commune.name,
            TerritoryLevel.COMMUNE,
            commune.population,
            grid.cell_geojson(commune.cell),
        )
    for group in [*(g for level in groups.values() for g in level), dept]:
        cells = [communes[index].cell for index in group.members]
        _territory(
            ctx, group.id, group.code, group.name, group.level, group.population, grid.outline_geojson(cells)
        )
    _links(ctx, communes, groups, dept)
    ctx.refs.update(communes=communes, groups=groups, dept=dept)


def _territory(
    ctx: Ctx, id_: uuid.UUID, code: str, name: str, level: TerritoryLevel, population: int, geometry: str
) -> None:
    ctx.add(
        Territory,
        id=id_,
        code=code,
        name=name,
        level=level,
        vintage=VINTAGE,
        population=population,
        geometry=geometry,
        valid_from=VALID_FROM,
    )


def _communes(ctx: Ctx, cells: list[tuple[int, int]], side: int) -> list[Commune]:
    names = commune_names(ctx.rng, len(cells) - 1)
    names = sorted([*names, PREFECTURE], key=fold)
    centre = min(cells, key=lambda c: (c[0] - side / 2) ** 2 + (c[1] - side / 2) ** 2)
    others = [cell for cell in cells if cell != centre]
    ctx.rng.shuffle(others)
    communes = []
    for number, name in enumerate(names, start=1):
        cell = centre if name == PREFECTURE else others.pop()
        code = f"{DEPT_CODE}{number:03d}"
        communes.append(
            Commune(
                territory_id(TerritoryLevel.COMMUNE, code),
                code,
                name,
                cell,
                _population(ctx, name == PREFECTURE),
            )
        )
    return communes


def _population(ctx: Ctx, prefecture: bool) -> int:
    if prefecture:
        return ctx.rng.randint(26_000, 32_000)
    if ctx.rng.random() < 0.04:  # a few bourgs-centres
        return ctx.rng.randint(4_000, 11_000)
    return max(60, min(3_800, int(ctx.rng.lognormvariate(math.log(520), 0.8))))


def _groups(ctx: Ctx, communes: list[Commune], level: TerritoryLevel, count: int) -> list[Group]:
    """Contiguous-looking groups: each commune joins the nearest of `count` well-spread seeds."""
    seeds = [ctx.rng.randrange(len(communes))]
    while len(seeds) < count:
        seeds.append(
            max(range(len(communes)), key=lambda i: min(_dist(communes[i], communes[s]) for s in seeds))
        )
    members: list[list[int]] = [[] for _ in seeds]
    for index, commune in enumerate(communes):
        nearest = min(range(len(seeds)), key=lambda k: _dist(commune, communes[seeds[k]]))
        members[nearest].append(index)
        commune.groups[level] = nearest
    return [_group(ctx, communes, level, number, indexes) for number, indexes in enumerate(members)]


def _dist(a: Commune, b: Commune) -> float:
    return (a.cell[0] - b.cell[0]) ** 2 + (a.cell[1] - b.cell[1]) ** 2


def _group(
    ctx: Ctx, communes: list[Commune], level: TerritoryLevel, number: int, indexes: list[int]
) -> Group:
    biggest = max(indexes, key=lambda i: communes[i].population)
    main = communes[biggest].name
    if level is TerritoryLevel.EPCI:
        code = luhn_complete(f"2496{number + 1:04d}")
        if main == PREFECTURE:
            name = f"Communauté d'agglomération du Grand {PREFECTURE}"
        else:
            name = f"Communauté de communes {AREAS[number % len(AREAS)]}"
            name += "" if number < len(AREAS) else f" – {main}"
    elif level is TerritoryLevel.BASSIN:
        code, name = f"{DEPT_CODE}{number + 1:02d}", f"Bassin d'emploi de {main}"
    else:
        code, name = f"TAS{DEPT_CODE}-{number + 1}", f"Territoire d'action sociale de {main}"
    population = sum(communes[i].population for i in indexes)
    return Group(territory_id(level, code), code, name, level, indexes, population)


def _links(ctx: Ctx, communes: list[Commune], groups: dict[TerritoryLevel, list[Group]], dept: Group) -> None:
    for commune in communes:
        for level, index in commune.groups.items():
            _link(ctx, groups[level][index].id, commune.id)
    for epci in groups[TerritoryLevel.EPCI]:
        _link(ctx, dept.id, epci.id)


def _link(ctx: Ctx, parent: uuid.UUID, child: uuid.UUID) -> None:
    ctx.add(TerritoryLink, id=link_id(parent, child), parent_id=parent, child_id=child, valid_from=VALID_FROM)
