from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from cakupan.audit.models import AuditEvent
from cakupan.core.problems import Problem
from cakupan.imports.models import ImportBatch
from cakupan.maps.demo import load_shared_boundaries
from cakupan.maps.geometry import geometry_vertices, polygons_of
from cakupan.maps.models import Boundary, BoundaryChange
from cakupan.maps.selectors import boundaries_available, boundaries_for, boundary_shapes
from cakupan.maps.services import boundaries_import
from cakupan.maps.svg import MapItem, choropleth_svg, legend_for
from cakupan.maps.tests.geojson import (
    SHARED_DATA,
    SHARED_GEO,
    as_bytes,
    collection,
    feature,
    ntt_three,
    polygon,
    square,
)
from cakupan.regions.models import Region

pytestmark = pytest.mark.django_db


def _import(document: Any, name: str = "batas.geojson", **kwargs: Any) -> Any:
    content = document if isinstance(document, bytes) else as_bytes(document)
    return boundaries_import(file_name=name, content=content, **kwargs)


def _problems(document: Any) -> list[Problem]:
    result = _import(document)
    assert not result.ok and not result.stored
    assert Boundary.objects.count() == 0
    return result.problems


def test_a_small_valid_collection_is_stored_with_codes_dotted_bbox_and_label() -> None:
    result = _import(ntt_three())
    assert result.ok and result.stored, result.problems
    assert sorted(result.created) == ["53.01", "53.02", "53.71"]
    assert result.features == 3 and result.replaced == [] and result.unchanged == []
    kupang = Boundary.objects.get(region_id="53.71")
    assert kupang.geometry["type"] == "Polygon"
    assert kupang.bbox == [123.5, -10.2, 123.6, -10.1]
    assert (kupang.label_lon, kupang.label_lat) == (123.6, -10.15)
    assert kupang.source_file == "batas.geojson" and len(kupang.source_sha256) == 64
    assert Boundary.objects.get(region_id="53.01").label_lon is None


def test_a_stored_file_is_one_import_batch_with_its_audit_event() -> None:
    result = _import(ntt_three())
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.dataset, batch.file_name, batch.sha256) == ("boundaries", "batas.geojson", result.sha256)
    assert (batch.new_figures, batch.replaced_figures, batch.unchanged_figures) == (3, 0, 0)
    assert sorted(batch.touched_regions.values_list("code", flat=True)) == ["53.01", "53.02", "53.71"]
    assert set(Boundary.objects.values_list("batch_id", flat=True)) == {batch.pk}
    event = AuditEvent.objects.get(entity_type="imports.importbatch", entity_id=str(batch.pk))
    assert event.action == "import"


def test_a_replaced_boundary_keeps_where_it_came_from_and_the_same_file_again_makes_no_batch() -> None:
    first = _import(ntt_three())
    moved = ntt_three()
    moved["features"][1]["geometry"] = polygon(123.7, -10.0, 0.4)  # no longer touching 53.02
    second = _import(moved, name="batas-2.geojson")
    change = BoundaryChange.objects.get(batch_id=second.batch_id)
    assert (change.region_id, change.old_source_file, change.old_source_sha256) == (
        "53.01",
        "batas.geojson",
        first.sha256,
    )
    again = _import(moved, name="batas-2.geojson")
    assert again.ok and again.batch_id is None and ImportBatch.objects.count() == 2


def test_the_code_may_be_in_kode_region_code_or_the_feature_id() -> None:
    document = collection(
        feature("53.01", polygon(123.7, -10.0), key="kode"),
        feature("5302", polygon(124.2, -10.0), key="region_code"),
        {"type": "Feature", "id": "53.03", "properties": {}, "geometry": polygon(124.7, -10.0)},
        {"type": "Feature", "id": 53, "properties": None, "geometry": polygon(123, -10.5, 2.5)},
    )
    result = _import(document)
    assert result.ok, result.problems
    assert sorted(result.created) == ["53", "53.01", "53.02", "53.03"]


def test_importing_again_replaces_changed_boundaries_and_keeps_unchanged_ones() -> None:
    _import(ntt_three())
    moved = ntt_three()
    moved["features"][1]["geometry"] = polygon(123.7, -10.0, 0.4)  # no longer touching 53.02
    result = _import(moved, name="batas-2.geojson")
    assert result.ok and result.replaced == ["53.01"]
    assert sorted(result.unchanged) == ["53.02", "53.71"]
    assert Boundary.objects.count() == 3
    stored = Boundary.objects.get(region_id="53.01")
    assert stored.bbox == [123.7, -10.0, 124.1, -9.6] and stored.source_file == "batas-2.geojson"
    assert AuditEvent.objects.filter(entity_type="imports.importbatch").count() == 2


def test_the_same_file_twice_changes_nothing_the_second_time() -> None:
    _import(ntt_three())
    again = _import(ntt_three())
    assert again.ok and again.created == [] and again.replaced == []
    assert len(again.unchanged) == 3
    assert AuditEvent.objects.filter(entity_type="imports.importbatch").count() == 1


def test_a_dry_run_validates_and_stores_nothing() -> None:
    result = _import(ntt_three(), dry_run=True)
    assert result.ok and not result.stored and len(result.created) == 3
    assert Boundary.objects.count() == 0
    assert result.as_dict()["dry_run"] is True


def test_invalid_json_is_refused_as_a_whole_file() -> None:
    [problem] = _problems(b'{"type": "FeatureCollection", "features": [')
    assert problem.row == 0 and "not valid JSON" in problem.reason


def test_nan_is_not_json() -> None:
    document = as_bytes(ntt_three()).replace(b"123.5,", b"NaN,", 1)
    [problem] = _problems(document)
    assert problem.row == 0 and "NaN" in problem.reason


def test_a_geometry_or_a_list_is_not_a_feature_collection() -> None:
    [problem] = _problems(polygon(123, -10))
    assert problem.row == 0 and problem.column == "type" and "FeatureCollection" in problem.reason
    [problem] = _problems([1, 2])
    assert "FeatureCollection" in problem.reason
    [problem] = _problems(collection())
    assert "no features" in problem.reason


def test_every_problem_is_reported_with_the_feature_number_and_nothing_is_stored() -> None:
    document = collection(
        feature("53.01", polygon(123.7, -10.0)),  # 1: fine
        feature("99.99", polygon(123.7, -10.0)),  # 2: unknown code
        feature("53.71.01.1001", polygon(123.55, -10.15, 0.01)),  # 3: village
        feature("5301", polygon(123.7, -10.0)),  # 4: duplicate of 1
        feature("53.02", {"type": "Point", "coordinates": [124.0, -10.0]}),  # 5: a point
        feature("53.03", {"type": "Polygon", "coordinates": [square(124.7, -10.0)[:-1]]}),  # 6: open ring
        feature("53.04", {"type": "Polygon", "coordinates": [[[124, -9], [125, -9], [124, -9]]]}),  # 7
        feature("53.05", polygon(151.0, -10.0)),  # 8: outside Indonesia
        feature(
            "53.06", {"type": "Polygon", "coordinates": [[[125, -9], [9999.5, -9], [125, -8], [125, -9]]]}
        ),
        feature("53.07", {"type": "Polygon", "coordinates": [[[125, -9], [126, -9], [127, -9], [125, -9]]]}),
        feature("abc", polygon(123.7, -10.0)),  # 11: not a code
        feature(None, polygon(123.7, -10.0)),  # 12: no code
        {"type": "Feature", "properties": {"code": "53.08"}},  # 13: no geometry
        feature("53.09", polygon(123.7, -10.0), label_lat="south"),  # 14: label not a number
        "a string",  # 15: not a feature
    )
    # 1e999 is valid JSON that parses to infinity (NaN and Infinity are not JSON at all).
    problems = _problems(as_bytes(document).replace(b"9999.5", b"1e999"))
    by_row: dict[int, list[Problem]] = {}
    for problem in problems:
        by_row.setdefault(problem.row, []).append(problem)
        assert problem.file == "batas.geojson"

    def reason(row: int, column: str) -> str:
        found = [p.reason for p in by_row.get(row, []) if p.column == column]
        assert found, f"no problem in column {column} of feature {row}: {by_row.get(row)}"
        return " ".join(found)

    assert 1 not in by_row
    assert "unknown region code 99.99" in reason(2, "code")
    assert "village" in reason(3, "code")
    assert "duplicate of feature 1" in reason(4, "code")
    assert "Point" in reason(5, "geometry")
    assert "not closed" in reason(6, "geometry")
    assert "at least 4 positions" in reason(7, "geometry")
    assert "outside Indonesia" in reason(8, "geometry") and "94.0..142.0" in reason(8, "geometry")
    assert "finite" in reason(9, "geometry")
    assert "no area" in reason(10, "geometry")
    assert "not a Kemendagri region code" in reason(11, "code")
    assert "no region code" in reason(12, "code")
    assert "no geometry" in reason(13, "geometry")
    assert "label point" in reason(14, "label_lat")
    assert "not a GeoJSON Feature" in reason(15, "type")
    assert [p.row for p in problems] == sorted(p.row for p in problems)
    assert "polygon 1, ring 1, position 1" in by_row[8][0].value


def test_a_hole_or_a_later_polygon_is_checked_too() -> None:
    bad_hole = [square(123.7, -10.0), [[123.8, -9.9], [123.9, -9.9], [123.8, -9.9]]]
    document = collection(
        feature("53.01", {"type": "Polygon", "coordinates": bad_hole}),
        feature("53.02", {"type": "MultiPolygon", "coordinates": [[square(124, -10)], [square(200, -10)]]}),
    )
    problems = _problems(document)
    assert {p.row for p in problems} == {1, 2}
    assert any("polygon 1, ring 2" in p.value for p in problems if p.row == 1)
    assert any("polygon 2, ring 1" in p.value for p in problems if p.row == 2)


def test_a_geometry_wrong_everywhere_is_summed_up_not_listed_in_full() -> None:
    ring = [[200.0 + i / 100, 0.0] for i in range(500)]
    problems = _problems(collection(feature("53.01", {"type": "Polygon", "coordinates": [ring]})))
    assert len(problems) == 11 and "490 more problems" in problems[-1].reason


def test_the_feature_id_must_not_contradict_the_code() -> None:
    document = collection(
        {"type": "Feature", "id": "53.02", "properties": {"code": "53.01"}, "geometry": polygon(124, -10)}
    )
    [problem] = _problems(document)
    assert problem.column == "id" and "different regions" in problem.reason


def test_simplification_keeps_rings_closed_and_drops_islands_smaller_than_the_tolerance() -> None:
    # A wobbly coast (200 points within 0.0001° of a straight line) and a 10 m islet.
    coast = [[123.0 + i * 0.005, -10.0 + (0.0001 if i % 2 else 0.0)] for i in range(200)]
    main = [*coast, [124.0, -9.0], [123.0, -9.0], [123.0, -10.0]]
    islet = square(124.5, -10.0, 0.0001)
    result = _import(
        collection(feature("53.01", {"type": "MultiPolygon", "coordinates": [[main], [islet]]})),
        tolerance=0.001,
    )
    assert result.ok, result.problems
    geometry = Boundary.objects.get(region_id="53.01").geometry
    assert geometry["type"] == "Polygon"
    [ring] = geometry["coordinates"]
    assert ring[0] == ring[-1] and 4 <= len(ring) < 10
    assert result.vertices_in == 208 and result.vertices_out == len(ring)


def test_a_region_made_only_of_tiny_islands_still_gets_a_shape() -> None:
    islets = [[square(106.5 + i * 0.01, -5.7, 0.0005)] for i in range(3)]
    result = _import(collection(feature("31.01", {"type": "MultiPolygon", "coordinates": islets})))
    assert result.ok, result.problems
    geometry = Boundary.objects.get(region_id="31.01").geometry
    assert geometry_vertices(geometry) >= 4
    assert all(len(ring) >= 4 and ring[0] == ring[-1] for p in polygons_of(geometry) for ring in p)


def test_selectors_say_whether_every_child_has_a_boundary() -> None:
    children = [f"53.{n:02d}" for n in range(1, 22)] + ["53.71"]
    document = collection(
        *[feature(code, polygon(119 + i * 0.25, -10.0, 0.2)) for i, code in enumerate(children)]
    )
    assert not boundaries_available(parent_code="53")
    assert _import(document).ok
    assert boundaries_available(parent_code="53")
    assert not boundaries_available(parent_code="52")
    assert not boundaries_available(parent_code="53.71.01.1001")  # no children at all
    assert set(boundaries_for(codes=["53.01", "53.02", "52.01"])) == {"53.01", "53.02"}
    assert boundary_shapes(codes={"53.71"})["53.71"]["type"] == "Polygon"


@pytest.mark.slow
@pytest.mark.skipif(
    not SHARED_GEO.is_dir(), reason=f"the reference boundaries ({SHARED_GEO}) are not present"
)
def test_the_shared_reference_boundaries_import_and_draw_small() -> None:
    # Their time is measured in `make bench`, never asserted here.
    regions = load_shared_boundaries(SHARED_DATA)
    assert regions == 38 + 514
    assert Boundary.objects.count() == 552
    assert boundaries_available(parent_code="00") and boundaries_available(parent_code="53")
    total = sum(Boundary.objects.values_list("vertices", flat=True))
    assert total < 150_000
    # Each level is one coverage: no two neighbours overlap, shared borders have the same points.
    for level in (1, 2):
        outlines = Boundary.objects.filter(region__level=level).values_list("geometry", flat=True)
        assert shapely.coverage_is_valid([shape(g) for g in outlines])

    legend = legend_for([30, 50, 70], lang="id")
    provinces = boundary_shapes(codes=Region.objects.filter(level=1).values_list("code", flat=True))
    national = choropleth_svg(
        [_item(c) for c in sorted(provinces)], provinces, title="Indonesia", legend=legend
    )
    ntt = boundary_shapes(codes=Region.objects.filter(parent_id="53").values_list("code", flat=True))
    regencies = choropleth_svg([_item(c) for c in sorted(ntt)], ntt, title="NTT", legend=legend)
    assert national.count("<a href=") == 38 and regencies.count("<a href=") == 22
    assert len(national.encode()) < 150_000 and len(regencies.encode()) < 150_000
    for svg in (national, regencies):
        ET.fromstring(svg)
        assert "style=" not in svg and "<script" not in svg


def _item(code: str) -> MapItem:
    return MapItem(code, code, f"/wilayah/{code}/", "sedang", "55,00 %", [code, "Cakupan 55,00 %"], 55)


def test_without_the_shared_folder_nothing_is_loaded(tmp_path: Any) -> None:
    assert load_shared_boundaries(tmp_path) == 0


def test_the_admin_lists_and_searches_boundaries_but_does_not_edit_them(admin_client: Any) -> None:
    _import(ntt_three())
    listing = admin_client.get("/admin/maps/boundary/", {"q": "Kupang"})
    assert listing.status_code == 200
    assert "53.71" in listing.content.decode() and "53.02" not in listing.content.decode()
    assert admin_client.get("/admin/maps/boundary/53.71/change/").status_code == 200
    assert admin_client.get("/admin/maps/boundary/add/").status_code == 403
    assert admin_client.post("/admin/maps/boundary/53.71/delete/", {"post": "yes"}).status_code == 403
    assert Boundary.objects.count() == 3
