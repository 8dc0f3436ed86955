from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max

from cakupan.maps.geometry import Geometry
from cakupan.maps.models import Boundary
from cakupan.regions.models import Region


def boundaries_available(*, parent_code: str) -> bool:
    """Whether every child of the region has a boundary (and it has children): then its page can draw
    a choropleth; otherwise the tile grid (provinces) or sorted bars (regencies)."""
    counts = Region.objects.filter(parent_id=parent_code).aggregate(
        children=Count("code"), drawn=Count("boundary")
    )
    return counts["children"] > 0 and counts["drawn"] == counts["children"]


def boundaries_for(*, codes: Iterable[str]) -> dict[str, Boundary]:
    """The boundaries of these regions (dotted codes) that exist, by code."""
    wanted = sorted(set(codes))
    found: dict[str, Boundary] = {}
    for start in range(0, len(wanted), 900):
        for boundary in Boundary.objects.filter(region_id__in=wanted[start : start + 900]):
            found[boundary.region_id] = boundary
    return found


def boundary_shapes(*, codes: Iterable[str]) -> dict[str, Geometry]:
    """Only the geometries, by code: what `svg.choropleth_svg` takes."""
    wanted = sorted(set(codes))
    shapes: dict[str, Geometry] = {}
    for start in range(0, len(wanted), 900):
        rows = Boundary.objects.filter(region_id__in=wanted[start : start + 900]).values_list(
            "region_id", "geometry"
        )
        shapes.update(rows)
    return shapes


def boundaries_version() -> str:
    """Changes whenever boundaries are imported or removed: part of the key of every cached map."""
    summary = Boundary.objects.aggregate(n=Count("pk"), last=Max("imported_at"))
    return f"{summary['n']}:{summary['last'].timestamp() if summary['last'] else 0}"
