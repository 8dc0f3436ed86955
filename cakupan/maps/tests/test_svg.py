from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from django.utils import translation

from cakupan.maps.svg import (
    BAND_COLOURS,
    BAND_ORDER,
    BAND_TEXT,
    INK,
    MUTED,
    NO_DATA_COLOUR,
    TILE_LABELS,
    TILE_LAYOUT,
    Legend,
    LegendEntry,
    MapItem,
    band_colour,
    bars_svg,
    choropleth_svg,
    legend_for,
    tile_grid_svg,
)
from cakupan.maps.tests.geojson import polygon
from cakupan.regions.master import iter_master

SVG = "{http://www.w3.org/2000/svg}"
with translation.override("en"):  # built at import, outside the English fixture of conftest
    LEGEND = legend_for([Fraction(30), Fraction(50), Fraction(70)], lang="id")
PROVINCE_CODES = sorted(TILE_LAYOUT)


def _item(code: str, value: float | None, name: str | None = None, href: str | None = None) -> MapItem:
    band = None
    if value is not None:
        band = BAND_ORDER[sum(1 for start in (30, 50, 70) if value >= start)]
    name = name or f"Wilayah {code}"
    text = "–" if value is None else f"{value:.2f} %".replace(".", ",")
    return MapItem(
        code=code,
        name=name,
        href=f"/wilayah/{code}/?bulan=2024-06" if href is None else href,
        band=band,
        coverage_text=text,
        tooltip_lines=[name, f"Cakupan {text}", "Kesenjangan 61,27 poin", "Peringkat 3 dari 22"],
        value_for_sort=value,
    )


def _safe(svg: str) -> ET.Element:
    """The output every page and report relies on: XML, no script, no inline style."""
    assert "<script" not in svg.lower()
    assert "style=" not in svg and "<style" not in svg
    assert "javascript:" not in svg.lower()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "group"
    title_id = root.get("aria-labelledby")
    assert title_id and _child(root, f"{SVG}title").get("id") == title_id
    return root


def _child(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path)
    assert found is not None, path
    return found


def _links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def _squares() -> dict[str, dict]:
    return {f"53.{n:02d}": polygon(119 + n * 0.3, -10.0, 0.25) for n in range(1, 6)}


def _legend_is_complete(svg: str) -> None:
    for entry in LEGEND.entries:
        assert entry.label in svg
    for band in BAND_ORDER:
        assert BAND_COLOURS[band] in svg
    assert "No data" in svg


def test_the_legend_names_every_band_with_its_range_in_the_readers_language() -> None:
    assert [e.band for e in LEGEND.entries] == [*BAND_ORDER, None]
    assert [e.range_text for e in LEGEND.entries] == [
        "< 30 %",
        "30 % – < 50 %",
        "50 % – < 70 %",
        "≥ 70 %",
        "",
    ]
    english = legend_for([Fraction(30), Fraction(101, 2), Fraction(70)], lang="en")
    assert english.entries[1].range_text == "30% – < 50.50%"
    assert english.entries[0].label == "Very low" and english.title == "Coverage band"


def test_the_choropleth_links_every_region_with_its_tooltip_and_colour() -> None:
    items = [
        _item("53.01", 12.5),
        _item("53.02", 33.73),
        _item("53.03", 55),
        _item("53.04", 91),
        _item("53.05", None),
    ]
    svg = choropleth_svg(items, _squares(), title="Cakupan kabupaten/kota NTT, Juni 2024", legend=LEGEND)
    root = _safe(svg)
    links = _links(root)
    assert [a.get("href") for a in links] == [i.href for i in items]
    for link, item in zip(links, items, strict=True):
        assert _child(link, f"{SVG}title").text == "\n".join(item.tooltip_lines)
        assert link.get("aria-label") == "; ".join(item.tooltip_lines)
        path = link.find(f"{SVG}path")
        assert path is not None and path.get("d", "").startswith("M")
        assert path.get("fill", "").startswith(band_colour(item.band) if item.band else "url(#")
    assert svg.count("<a href=") == 5
    _legend_is_complete(svg)


def test_a_region_without_a_shape_is_left_to_the_table_and_a_link_can_be_absent() -> None:
    items = [_item("53.01", 40), _item("53.99", 40), _item("53.02", 20, href="")]
    root = _safe(choropleth_svg(items, _squares(), title="t", legend=LEGEND))
    assert [a.get("href") for a in _links(root)] == ["/wilayah/53.01/?bulan=2024-06"]
    assert len(list(root.iter(f"{SVG}path"))) == 2


def test_names_and_links_are_escaped() -> None:
    item = _item("53.01", 40, name='Kota "A" <b> & B', href="/wilayah/53.01/?a=1&b=2")
    svg = choropleth_svg([item], _squares(), title="<Peta> & co", legend=LEGEND)
    root = _safe(svg)
    assert _links(root)[0].get("href") == "/wilayah/53.01/?a=1&b=2"
    assert "<b>" not in svg and _child(root, f"{SVG}title").text == "<Peta> & co"


def test_the_projection_keeps_proportions_and_fits_the_width() -> None:
    root = _safe(
        choropleth_svg(
            [_item("53.01", 40)], {"53.01": polygon(120, -10, 1)}, title="t", legend=LEGEND, width=400
        )
    )
    assert root.get("width") == "400"
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", _child(root, f".//{SVG}path").get("d", ""))]
    # M x y l dx 0 0 -dy -dx 0 z: a 1° square at 9.5° S is cos(9.5°) as wide as high, and as high as
    # the 400-pixel square fits less its padding.
    dx, dy = numbers[2], -numbers[5]
    assert dy == pytest.approx(384, abs=0.1) and dx / dy == pytest.approx(
        math.cos(math.radians(9.5)), abs=1e-3
    )


def test_two_maps_on_one_page_have_distinct_ids() -> None:
    a = choropleth_svg([_item("53.01", 40)], _squares(), title="A", legend=LEGEND)
    b = choropleth_svg([_item("53.01", 40)], _squares(), title="B", legend=LEGEND)
    ids = lambda svg: set(re.findall(r' id="([^"]+)"', svg))  # noqa: E731
    assert ids(a) and not ids(a) & ids(b)


def test_the_tile_grid_has_the_38_provinces_in_distinct_places() -> None:
    provinces = {m.code for m in iter_master() if m.level == 1}
    assert set(TILE_LAYOUT) == provinces == set(TILE_LABELS)
    assert len(set(TILE_LAYOUT.values())) == 38
    items = [_item(code, 20 + i * 2) for i, code in enumerate(PROVINCE_CODES)]
    svg = tile_grid_svg(items, title="Cakupan provinsi", legend=LEGEND)
    root = _safe(svg)
    links = _links(root)
    assert len(links) == 38 and {a.get("href") for a in links} == {i.href for i in items}
    corners = {(r.get("x"), r.get("y")) for r in root.iter(f"{SVG}rect") if r.get("class") == "map-shape"}
    assert len(corners) == 38
    for item in items:
        assert TILE_LABELS[item.code] in svg and item.coverage_text in svg
    _legend_is_complete(svg)


def test_the_tile_grid_keeps_rough_geography() -> None:
    col = {code: TILE_LAYOUT[code][0] for code in TILE_LAYOUT}
    row = {code: TILE_LAYOUT[code][1] for code in TILE_LAYOUT}
    assert TILE_LAYOUT["11"] == (0, 0)  # Aceh top left
    assert all(col[p] == max(col.values()) for p in ("91", "93", "95"))  # Papua at the right
    java = ["36", "31", "32", "33", "35"]
    assert len({row[c] for c in java}) == 1 and [col[c] for c in java] == sorted(col[c] for c in java)
    assert row["34"] == row["33"] + 1 and col["34"] == col["33"]  # DIY below Jawa Tengah
    assert all(row[k] < row["32"] for k in ("61", "62", "63", "64", "65"))  # Kalimantan above Java
    assert col["96"] < col["92"] < col["91"]  # Papua Barat Daya west of Papua Barat west of Papua


def test_a_province_without_figures_is_a_tile_without_a_link() -> None:
    svg = tile_grid_svg([_item("53", 33.73), _item("00", 40)], title="t", legend=LEGEND)
    root = _safe(svg)
    assert [a.get("href") for a in _links(root)] == ["/wilayah/53/?bulan=2024-06"]
    assert svg.count('class="map-region map-tile"') == 38


def test_bars_are_sorted_highest_first_with_missing_figures_last() -> None:
    values = [12.5, None, 91.0, 33.73, 55.0, 33.73]
    items = [_item(f"53.{n:02d}", v, name=f"Kabupaten {chr(70 - n)}") for n, v in enumerate(values, start=1)]
    svg = bars_svg(items, title="Cakupan kabupaten/kota NTT", legend=LEGEND)
    root = _safe(svg)
    order = [str(a.get("href")).split("/")[2] for a in _links(root)]
    assert order == [
        "53.03",
        "53.05",
        "53.06",
        "53.04",
        "53.01",
        "53.02",
    ]  # ties by name: "Kabupaten A" < "…C"
    widths = [
        float(r.get("width"))
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "map-shape" and r.get("fill") in BAND_COLOURS.values()
    ]
    assert widths == sorted(widths, reverse=True)
    _legend_is_complete(svg)


def test_bars_grow_with_the_number_of_items_and_stay_within_the_scale() -> None:
    few = _safe(bars_svg([_item("53.01", 40)], title="t", legend=LEGEND))
    many_items = [_item(f"53.{n:02d}", min(n * 7.0, 140)) for n in range(1, 23)]
    many = _safe(bars_svg(many_items, title="t", legend=LEGEND))
    assert float(many.get("height")) - float(few.get("height")) == pytest.approx(21 * 26)
    width = float(many.get("width"))
    for rect in many.iter(f"{SVG}rect"):
        if rect.get("class") == "map-shape":
            assert float(rect.get("x")) + float(rect.get("width")) <= width


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_on_every_band_has_a_contrast_of_at_least_4_5_to_1() -> None:
    for band in BAND_ORDER:
        assert _contrast(BAND_COLOURS[band], BAND_TEXT[band]) >= 4.5, band
    assert _contrast(NO_DATA_COLOUR, INK) >= 4.5
    assert _contrast("#ffffff", MUTED) >= 4.5


def test_the_bands_get_darker_in_order_so_they_read_in_grey_scale() -> None:
    luminances = [_luminance(BAND_COLOURS[band]) for band in BAND_ORDER]
    assert luminances == sorted(luminances, reverse=True)
    assert all(a / b > 1.8 for a, b in itertools.pairwise(luminances))
    assert band_colour(None) == band_colour("unknown") == NO_DATA_COLOUR


def test_a_custom_legend_is_drawn_as_given() -> None:
    legend = Legend("Pita", (LegendEntry("tinggi", "Tinggi", "≥ 70 %"),))
    svg = bars_svg([_item("53.01", 80)], title="t", legend=legend)
    _safe(svg)
    assert "Pita" in svg and "≥ 70 %" in svg
