"""Lighter region polygons for the map.

The boundary file holds ~26 000 vertices (~1 MB of GeoJSON); drawn at country scale that detail
is invisible but would triple the page weight. Each ring is simplified (Ramer–Douglas–Peucker)
and rounded to ~100 m, which keeps the shapes recognisable at every zoom the map offers.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

TOLERANCE_DEG = 0.01  # ~1 km: below a pixel at the national zoom level
DECIMALS = 3

Point = tuple[float, float]


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify_line(points: list[Point], tolerance: float) -> list[Point]:
    """Ramer–Douglas–Peucker, iterative (rings of thousands of points would recurse deeply)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[list[float]], tolerance: float) -> list[list[float]] | None:
    points = [(float(x), float(y)) for x, y, *_ in ring]
    if len(points) > 1 and points[0] == points[-1]:
        # A closed ring: split it in two so the closing point does not collapse the line.
        half = len(points) // 2
        simplified = simplify_line(points[: half + 1], tolerance)[:-1] + simplify_line(
            points[half:], tolerance
        )
    else:
        simplified = simplify_line(points, tolerance)
    rounded: list[list[float]] = []
    for x, y in simplified:
        pair = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != pair:
            rounded.append(pair)
    if len(rounded) < 4:
        return None  # a sliver smaller than the tolerance: not worth drawing
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _polygon(rings: list[Any], tolerance: float) -> list[Any] | None:
    outer = _ring(rings[0], tolerance)
    if outer is None:
        return None
    holes = [r for r in (_ring(h, tolerance) for h in rings[1:]) if r is not None]
    return [outer, *holes]


def simplify_geometry(geometry: dict[str, Any], tolerance: float = TOLERANCE_DEG) -> dict[str, Any]:
    """A (Multi)Polygon with fewer, rounded vertices; other geometry types pass through."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygon = _polygon(geometry["coordinates"], tolerance)
        if polygon is not None:
            return {"type": "Polygon", "coordinates": polygon}
        return geometry
    if kind == "MultiPolygon":
        parts = [
            p
            for p in (_polygon(rings, tolerance) for rings in geometry["coordinates"])
            if p is not None
        ]
        if parts:
            return {"type": "MultiPolygon", "coordinates": parts}
        return geometry
    return geometry


@lru_cache(maxsize=64)
def simplified_from_text(geometry_json: str, tolerance: float = TOLERANCE_DEG) -> str:
    """Simplify a stored geometry (JSON text) once per distinct text; returns JSON text.

    Keyed by the text itself, so a reloaded boundary file can never be served stale.
    """
    geometry = json.loads(geometry_json)
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    return json.dumps(simplify_geometry(geometry, tolerance), separators=(",", ":"))


def count_vertices(geometry: dict[str, Any]) -> int:
    kind = geometry.get("type")
    polygons = (
        geometry["coordinates"]
        if kind == "MultiPolygon"
        else [geometry["coordinates"]]
        if kind == "Polygon"
        else []
    )
    return sum(len(ring) for polygon in polygons for ring in polygon)
