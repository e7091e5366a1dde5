"""Generated commune shapes: a jittered grid with shared vertices, so neighbours tile without gaps.

Each cell is an octagon (corners plus jittered edge midpoints); a group's outline is the set of edges
that belong to one cell only, chained into rings.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable

Point = tuple[float, float]
Key = tuple[str, int, int]
LON0, LAT0, SPAN = 1.5, 45.0, 1.0


class Grid:
    """`side` × `side` cells over lon 1.5–2.5, lat 45–46, vertices jittered once."""

    def __init__(self, rng: random.Random, side: int) -> None:
        self.side = side
        self.step = SPAN / side
        self.points: dict[Key, Point] = {}
        for j in range(side + 1):
            for i in range(side + 1):
                self.points[("c", i, j)] = self._jitter(rng, i, j, 0.25)
                self.points[("h", i, j)] = self._jitter(rng, i + 0.5, j, 0.18)
                self.points[("v", i, j)] = self._jitter(rng, i, j + 0.5, 0.18)

    def _jitter(self, rng: random.Random, x: float, y: float, amount: float) -> Point:
        dx, dy = rng.uniform(-amount, amount), rng.uniform(-amount, amount)
        return LON0 + (x + dx) * self.step, LAT0 + (y + dy) * self.step * 0.72 + 0.14

    def ring(self, cell: tuple[int, int]) -> list[Key]:
        """The cell's vertex keys, counter-clockwise, not closed."""
        i, j = cell
        return [
            ("c", i, j),
            ("h", i, j),
            ("c", i + 1, j),
            ("v", i + 1, j),
            ("c", i + 1, j + 1),
            ("h", i, j + 1),
            ("c", i, j + 1),
            ("v", i, j),
        ]

    def cell_geojson(self, cell: tuple[int, int]) -> str:
        ring = [self.points[key] for key in self.ring(cell)]
        return _dump({"type": "Polygon", "coordinates": [_close(ring)]})

    def outline_geojson(self, cells: Iterable[tuple[int, int]]) -> str:
        """The outline of a set of cells, as a Polygon or MultiPolygon (holes kept)."""
        rings = [[self.points[key] for key in ring] for ring in _boundary_rings(self, cells)]
        outers = [r for r in rings if _area(r) > 0]
        holes = [r for r in rings if _area(r) <= 0]
        outers.sort(key=_area, reverse=True)
        polygons = [[_close(outer)] for outer in outers]
        polygons[0].extend(_close(hole) for hole in holes)
        if len(polygons) == 1:
            return _dump({"type": "Polygon", "coordinates": polygons[0]})
        return _dump({"type": "MultiPolygon", "coordinates": polygons})


def _boundary_rings(grid: Grid, cells: Iterable[tuple[int, int]]) -> list[list[Key]]:
    edges: dict[tuple[Key, Key], None] = {}
    for cell in cells:
        ring = grid.ring(cell)
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            if (b, a) in edges:
                del edges[(b, a)]
            else:
                edges[(a, b)] = None
    following: dict[Key, list[Key]] = {}
    for a, b in edges:
        following.setdefault(a, []).append(b)
    rings = []
    while following:
        start = next(iter(following))
        ring, current = [start], _take(following, start)
        while current != start:
            ring.append(current)
            current = _take(following, current)
        rings.append(ring)
    return rings


def _take(following: dict[Key, list[Key]], key: Key) -> Key:
    targets = following[key]
    target = targets.pop(0)
    if not targets:
        del following[key]
    return target


def _area(ring: list[Point]) -> float:
    """Signed area (shoelace): positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _close(ring: list[Point]) -> list[list[float]]:
    return [[round(x, 5), round(y, 5)] for x, y in [*ring, ring[0]]]


def _dump(geometry: dict[str, object]) -> str:
    return json.dumps(geometry, separators=(",", ":"))


def blob_cells(rng: random.Random, side: int, count: int) -> list[tuple[int, int]]:
    """`count` cells around the centre with a ragged edge, in row-major order."""
    centre = (side - 1) / 2
    scored = []
    for j in range(side):
        for i in range(side):
            angle = math.atan2(j - centre, i - centre)
            wobble = 1 + 0.12 * math.sin(3 * angle + 1.3) + 0.08 * math.cos(5 * angle)
            distance = math.hypot(i - centre, (j - centre) * 1.1) / wobble + rng.uniform(0, 0.6)
            scored.append((distance, j, i))
    scored.sort()
    return sorted(((i, j) for _, j, i in scored[:count]), key=lambda c: (c[1], c[0]))
