"""Boundaries are checked as shapes: a ring that crosses itself is refused, and a regency drawn outside its
province is refused whichever layer arrives first (the reference boundaries pass: test_boundaries_import)."""

from __future__ import annotations

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
