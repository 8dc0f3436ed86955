"""Plane geometry for display maps, in pure Python: ring areas, Douglas–Peucker simplification that keeps
rings valid, bounding boxes. No database and no third-party library; coordinates are [x, y] pairs (lon/lat
in the stored boundaries, pixels in the SVG writer)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

Point = tuple[float, float]
Ring = list[Point]  # closed: the first point is repeated at the end
Polygon = list[Ring]  # exterior first, then holes
Geometry = dict[str, Any]  # a GeoJSON Polygon or MultiPolygon

MIN_RING_POSITIONS = 4  # three distinct corners and the closing repeat (RFC 7946 §3.1.6)


def polygons_of(geometry: Geometry) -> list[Any]:
    """The polygons of a Polygon or MultiPolygon, as the raw coordinate lists."""
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def ring_area(ring: Sequence[Sequence[float]]) -> float:
    """Signed shoelace area (positive when counter-clockwise with y up); the ring may or may not repeat
    its first point at the end."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def bbox_of(points: Iterable[Sequence[float]]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y); raises ValueError when there are no points."""
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    for p in points:
        x, y = p[0], p[1]
        if x < min_x:
            min_x = x
        if x > max_x:
            max_x = x
        if y < min_y:
            min_y = y
        if y > max_y:
            max_y = y
    if min_x == math.inf:
        raise ValueError("no points")
    return (min_x, min_y, max_x, max_y)


def geometry_points(geometry: Geometry) -> Iterable[Sequence[float]]:
    for polygon in polygons_of(geometry):
        for ring in polygon:
            yield from ring


def geometry_vertices(geometry: Geometry) -> int:
    return sum(len(ring) for polygon in polygons_of(geometry) for ring in polygon)


def _douglas_peucker(points: Sequence[Sequence[float]], tolerance: float) -> list[int]:
    """Indices kept of an open polyline (first and last always kept); iterative, so deep rings do not
    exhaust the recursion limit."""
    last = len(points) - 1
    if last < 2:
        return list(range(last + 1))
    keep = [False] * (last + 1)
    keep[0] = keep[last] = True
    tolerance_sq = tolerance * tolerance
    stack = [(0, last)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        ax, ay = points[start][0], points[start][1]
        dx, dy = points[end][0] - ax, points[end][1] - ay
        length_sq = dx * dx + dy * dy
        worst, worst_index = -1.0, -1
        if length_sq == 0.0:
            for i in range(start + 1, end):
                px, py = points[i][0] - ax, points[i][1] - ay
                distance = px * px + py * py
                if distance > worst:
                    worst, worst_index = distance, i
        else:
            # The squared distance of each point to the segment (inlined: this loop is most of the time a
            # map takes to draw).
            for i in range(start + 1, end):
                px, py = points[i][0] - ax, points[i][1] - ay
                t = px * dx + py * dy
                if t <= 0.0:
                    distance = px * px + py * py
                elif t >= length_sq:
                    qx, qy = px - dx, py - dy
                    distance = qx * qx + qy * qy
                else:
                    cross = px * dy - py * dx
                    distance = cross * cross / length_sq
                if distance > worst:
                    worst, worst_index = distance, i
        if worst > tolerance_sq:
            keep[worst_index] = True
            stack.append((start, worst_index))
            stack.append((worst_index, end))
    return [i for i, kept in enumerate(keep) if kept]


def simplify_ring(
    ring: Sequence[Sequence[float]], tolerance: float, *, digits: int | None = None
) -> Ring | None:
    """Douglas–Peucker on a closed ring, then rounding to `digits` decimals; None when the ring collapses
    (fewer than three distinct corners, or no area left)."""
    open_ring = [(float(p[0]), float(p[1])) for p in ring]
    if len(open_ring) > 1 and open_ring[0] == open_ring[-1]:
        open_ring.pop()
    if len(open_ring) < 3:
        return None
    if tolerance > 0:
        # Split the ring at the point farthest from its first point: two open polylines whose ends are
        # both kept, so the simplified ring cannot degenerate into a single segment by construction.
        x0, y0 = open_ring[0]
        far = max(
            range(len(open_ring)), key=lambda i: (open_ring[i][0] - x0) ** 2 + (open_ring[i][1] - y0) ** 2
        )
        first = open_ring[: far + 1]
        second = [*open_ring[far:], open_ring[0]]
        kept = [first[i] for i in _douglas_peucker(first, tolerance)]
        kept += [second[i] for i in _douglas_peucker(second, tolerance)[1:-1]]
    else:
        kept = open_ring
    if digits is not None:
        kept = [(round(x, digits), round(y, digits)) for x, y in kept]
    out: Ring = []
    for point in kept:
        if not out or out[-1] != point:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(set(out)) < 3:
        return None
    out.append(out[0])
    if len(out) < MIN_RING_POSITIONS or ring_area(out) == 0.0:
        return None
    return out


def _bbox_area(ring: Sequence[Sequence[float]]) -> float:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0


def simplify_polygons(
    polygons: Sequence[Sequence[Sequence[Sequence[float]]]],
    tolerance: float,
    *,
    digits: int | None = None,
    min_area: float = 0.0,
) -> list[Polygon]:
    """Each polygon simplified; holes that collapse are dropped, and so are polygons whose exterior
    collapses or covers less than `min_area` (square units). May return an empty list."""
    out: list[Polygon] = []
    for polygon in polygons:
        if not polygon:
            continue
        if min_area > 0 and _bbox_area(polygon[0]) < min_area:
            continue  # its area is smaller still: skip it before the costly part
        exterior = simplify_ring(polygon[0], tolerance, digits=digits)
        if exterior is None or abs(ring_area(exterior)) < min_area:
            continue
        holes = [
            h
            for h in (simplify_ring(r, tolerance, digits=digits) for r in polygon[1:] if len(r) >= 4)
            if h and not (min_area > 0 and _bbox_area(h) < min_area)
        ]
        out.append([exterior, *[h for h in holes if abs(ring_area(h)) >= min_area]])
    return out


def simplify_geometry(
    geometry: Geometry, tolerance: float, *, digits: int | None = None, min_area: float = 0.0
) -> Geometry:
    """A Polygon or MultiPolygon simplified for display, never empty: when every polygon collapses at
    `tolerance`, the tolerance is quartered until the largest one survives (a tiny island regency stays
    on the map), and in the end its bounding box stands for it."""
    polygons = polygons_of(geometry)
    tried = tolerance
    area = min_area
    for _ in range(8):
        kept = simplify_polygons(polygons, tried, digits=digits, min_area=area)
        if kept:
            return as_geometry(kept)
        tried /= 4
        area = 0.0
    largest = max(polygons, key=lambda p: abs(ring_area(p[0])) if p else 0.0)
    x0, y0, x1, y1 = bbox_of(largest[0])
    if digits is not None:
        step = 10.0**-digits
        x0, y0 = math.floor(x0 / step) * step, math.floor(y0 / step) * step
        x1, y1 = math.ceil(x1 / step) * step, math.ceil(y1 / step) * step
        x0, y0, x1, y1 = (round(v, digits) for v in (x0, y0, x1, y1))
        if x1 == x0:
            x1 = round(x0 + step, digits)
        if y1 == y0:
            y1 = round(y0 + step, digits)
    box: Ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return as_geometry([[box]])


def as_geometry(polygons: Sequence[Polygon]) -> Geometry:
    """GeoJSON (lists, not tuples, so that it round-trips through JSON unchanged)."""
    coordinates = [[[[x, y] for x, y in ring] for ring in polygon] for polygon in polygons]
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}
