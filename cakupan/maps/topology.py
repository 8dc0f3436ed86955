"""Checks of boundaries as shapes (shapely): a ring that crosses itself, and a regency drawn outside its
province. Boundaries of different publishers never nest exactly, so a share of a regency outside its
province is tolerated (CAKUPAN_BOUNDARY_OUTSIDE_PERCENT; 30 % accepts the reference boundaries, whose
worst small city lies 23 % outside its generalised province)."""

from __future__ import annotations

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
