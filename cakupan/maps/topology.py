"""Checks of boundaries as shapes (shapely): a ring that crosses itself, and a regency drawn outside its
province. Boundaries of different publishers never nest exactly, so a share of a regency outside its
province is tolerated (CAKUPAN_BOUNDARY_OUTSIDE_PERCENT; 30 % accepts the reference boundaries, whose
worst small city lies 23 % outside its generalised province)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

# shapely (GEOS) is imported by each check, not with the module: loading it takes a tenth of a second that
# every command and server start would pay, and only a boundary import needs it.


def as_shape(geometry: dict[str, Any]) -> BaseGeometry:
    from shapely.geometry import shape

    return shape(geometry)


def invalid_reason(geometry: BaseGeometry) -> str | None:
    """GEOS's reason when the polygon is not valid (e.g. "Self-intersection[124.1 -10.2]"), else None."""
    import shapely

    if geometry.is_valid:
        return None
    return str(shapely.is_valid_reason(geometry))


def outside_share(child: BaseGeometry, parent: BaseGeometry) -> float:
    """The share (0–1) of the child's area that lies outside the parent."""
    import shapely

    if child.area == 0:
        return 0.0
    parent = parent if parent.is_valid else shapely.make_valid(parent)
    shapely.prepare(parent)  # most regencies lie wholly inside: answered without an overlay
    if parent.contains(child):
        return 0.0
    child = child if child.is_valid else shapely.make_valid(child)
    return float(child.difference(parent).area / child.area)


def coverage_outlines(
    geometries: Sequence[dict[str, Any]], *, tolerance: float, snapping: float
) -> list[dict[str, Any] | None]:
    """Neighbouring regions of one level simplified together as one coverage, so that neighbours stay
    joined on the map: vertices closer than `snapping` are snapped together (which closes the narrow gaps
    too) and overlaps given to one side (the smaller region, so a city inside its regency keeps its area),
    then each shared border is simplified once for both. Outlines
    from different publishers never match exactly; simplifying each alone opens slivers between
    neighbours. Returns GeoJSON in the input's order; None where an outline did not survive (the
    caller simplifies that one alone)."""
    import shapely
    from shapely.geometry import mapping, shape

    if len(geometries) < 2:
        return [None] * len(geometries)
    shapes = [shape(g) for g in geometries]
    cleaned = shapely.coverage_clean(shapes, snapping_distance=snapping, merge_strategy="min_area")
    # Rebuilt from shared edges, a ring may start anywhere: the canonical start (and counter-clockwise
    # outer rings, as GeoJSON wants) keeps an unchanged region unchanged when a neighbour is re-imported.
    simplified = shapely.orient_polygons(
        shapely.normalize(shapely.coverage_simplify(cleaned, tolerance)), exterior_cw=False
    )
    out: list[dict[str, Any] | None] = []
    for geometry in simplified:
        polygonal = geometry is not None and not geometry.is_empty and geometry.geom_type in POLYGONAL
        out.append(dict(mapping(geometry)) if polygonal else None)
    return out


POLYGONAL = ("Polygon", "MultiPolygon")


def is_valid_outline(geometry: dict[str, Any]) -> bool:
    from shapely.geometry import shape

    return bool(shape(geometry).is_valid)
