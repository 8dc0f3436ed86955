"""Boundaries are checked as shapes: a ring that crosses itself is refused, and a regency drawn outside its
province is refused whichever layer arrives first (the reference boundaries pass: test_boundaries_import)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from cakupan.maps.models import Boundary
from cakupan.maps.services import boundaries_import
from cakupan.maps.tests.geojson import as_bytes, collection, feature, polygon

pytestmark = pytest.mark.django_db

BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[123.5, -10.0], [124.2, -9.5], [124.2, -10.0], [123.5, -9.3], [123.5, -10.0]]],
}
# NTT as a square around Kupang; Kupang inside it; Kupang drawn in Bali (115° E) instead.
NTT = feature("53", polygon(123.0, -10.5, 2.0))
KUPANG = feature("53.01", polygon(123.7, -10.0, 0.5))
KUPANG_IN_BALI = feature("53.01", polygon(115.0, -8.6, 0.5))


def _import(*features: dict[str, Any]) -> Any:
    return boundaries_import(file_name="batas.geojson", content=as_bytes(collection(*features)))


def test_a_self_intersecting_ring_is_refused_with_where_it_crosses() -> None:
    result = _import(feature("53.01", BOWTIE))
    assert [(p.row, p.column) for p in result.problems] == [(1, "geometry")]
    assert "Self-intersection" in result.problems[0].value and not Boundary.objects.exists()


def test_a_regency_outside_its_province_in_the_same_file_is_refused() -> None:
    result = _import(NTT, KUPANG_IN_BALI)
    assert [(p.row, p.value) for p in result.problems] == [(2, "53.01")]
    assert "100 % of 53.01 lies outside" in result.problems[0].reason
    assert not Boundary.objects.exists()


def test_a_regency_is_checked_against_the_stored_province_and_a_province_against_stored_regencies() -> None:
    assert _import(NTT).ok
    assert not _import(KUPANG_IN_BALI).ok  # the province stored earlier
    Boundary.objects.all().delete()
    assert _import(KUPANG_IN_BALI).ok  # no province yet: checked when it arrives
    late = _import(NTT)
    assert [(p.row, p.value) for p in late.problems] == [(1, "53.01")]
    assert _import(KUPANG).ok and _import(NTT).ok  # once the regency is redrawn inside


def test_a_regency_mostly_inside_within_the_tolerance_is_accepted(settings: Any) -> None:
    settings.CAKUPAN_BOUNDARY_OUTSIDE_PERCENT = 30
    edge = feature("53.01", polygon(124.8, -10.0, 0.5))  # 0.3 of its 0.5° width lies east of 125°
    assert not _import(NTT, edge).ok
    settings.CAKUPAN_BOUNDARY_OUTSIDE_PERCENT = 70
    assert _import(NTT, edge).ok


def _curve(lat: float) -> float:
    return 124.0 + 0.02 * math.sin((lat + 10.5) * 25)


def _neighbours(*, east_offset: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two regencies sharing a winding border, the east one's points sampled `east_offset` of a step
    along from the west one's (0: the same points; 0.5: as two publishers draw one border). Simplified
    each alone, such a border is kept at different points on either side, opening slivers between them."""
    step = 0.004
    west_border = [[_curve(-10.5 + i * step), -10.5 + i * step] for i in range(251)]
    east_border = [
        [_curve(-10.5 + (i + east_offset) * step), -10.5 + (i + east_offset) * step] for i in range(250)
    ]
    if east_offset:
        east_border = [west_border[0], *east_border, west_border[-1]]
    west = [[123.5, -10.5], *west_border, [123.5, -9.5], [123.5, -10.5]]
    east = [*east_border, [124.5, -9.5], [124.5, -10.5], east_border[0]]
    return (
        feature("53.01", {"type": "Polygon", "coordinates": [west]}),
        feature("53.02", {"type": "Polygon", "coordinates": [[*reversed(east)]]}),  # counter-clockwise
    )


@pytest.mark.parametrize("east_offset", [0.0, 0.5], ids=["same-points", "two-publishers"])
def test_neighbours_are_simplified_as_one_coverage_and_stay_joined(east_offset: float) -> None:
    import shapely
    from shapely.geometry import shape

    drawn = _neighbours(east_offset=east_offset)
    area = shape(drawn[0]["geometry"]).union(shape(drawn[1]["geometry"])).area
    result = _import(*drawn)
    assert result.ok, result.problems
    west, east = (shape(Boundary.objects.get(region_id=c).geometry) for c in ("53.01", "53.02"))
    # Simplified (fewer points than the file) and still edge to edge: no gap, no overlap, one border.
    assert result.vertices_out < result.vertices_in
    assert shapely.coverage_is_valid([west, east])
    assert west.intersection(east).area == 0
    assert west.union(east).area == pytest.approx(area, abs=1e-5)
    assert west.intersection(east).length > 1.0


def test_a_city_inside_its_regency_keeps_its_area_where_their_outlines_overlap() -> None:
    from shapely.geometry import shape

    regency = feature("53.01", polygon(123.5, -10.5, 1.0))
    # The city is drawn over the regency's square (as reference files do, each generalised alone).
    city = feature("53.71", polygon(123.9, -10.1, 0.2))
    result = _import(regency, city)
    assert result.ok, result.problems
    city_shape = shape(Boundary.objects.get(region_id="53.71").geometry)
    regency_shape = shape(Boundary.objects.get(region_id="53.01").geometry)
    assert city_shape.area == pytest.approx(0.04, rel=1e-3)
    assert regency_shape.intersection(city_shape).area == pytest.approx(0.0, abs=1e-9)
