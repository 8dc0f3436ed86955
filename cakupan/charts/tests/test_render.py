from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from django.utils.safestring import SafeString

from cakupan.charts import render, segments_svg, trend_spec, trend_svg
from cakupan.charts.render import inline_svg, render_svg
from cakupan.charts.tests.factories import series

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def indonesian() -> str:
    # Seven months, every one a tick: the year is written at the first and at January.
    return trend_svg(series("2023-12", 7), ucj_target=95, lang="id", title="Cakupan NTT")


@pytest.fixture(scope="module")
def english() -> str:
    return trend_svg(series("2023-12", 7), ucj_target=95, lang="en", title="Coverage of NTT")


def test_the_chart_is_xml_without_styles_or_scripts(indonesian: str, english: str) -> None:
    for svg in (indonesian, english):
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg"
        assert "style=" not in svg
        assert "<style" not in svg
        assert "<script" not in svg
        assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)


def test_indonesian_charts_write_months_and_decimals_the_indonesian_way(indonesian: str) -> None:
    texts = _texts(indonesian)
    assert {"Jun 2023", "Agu", "Okt", "Des"} <= set(texts)
    assert "33,73 %" in texts
    assert "UCJ 95 %" in texts
    assert "40 %" in texts


def test_english_charts_write_months_and_decimals_the_english_way(english: str) -> None:
    texts = _texts(english)
    assert {"Jun 2023", "Aug", "Oct", "Dec"} <= set(texts)
    assert "33.73%" in texts
    assert "UCJ 95%" in texts


def test_segment_counts_are_grouped_with_dots_in_indonesian() -> None:
    svg = segments_svg(series("2024-06", 12), lang="id", title="Peserta per segmen")
    texts = _texts(svg)
    assert "390.680" in texts  # the latest PU count, 70 % of 558,115
    assert {"Jul 2023", "Jan 2024", "Mei"} <= set(texts)
    assert "<style" not in svg
    assert "style=" not in svg


def test_the_root_is_a_responsive_labelled_image(indonesian: str) -> None:
    root = ET.fromstring(indonesian)
    assert root.get("role") == "img"
    assert root.get("class") == "chart"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox") or "")
    assert (root.get("aria-label") or "").startswith("Cakupan per bulan, Juni 2023 sampai Desember 2023.")
    first = root[0]
    assert first.tag == f"{SVG}title"
    assert first.text == "Cakupan NTT"
    # Inside the image, no element speaks for itself (Vega's English labels of every mark are gone).
    inner = [e for e in root.iter() if e is not root]
    assert not any(n == "role" or n.startswith("aria-") or n == "class" for e in inner for n in e.attrib)


def test_the_background_is_the_page_not_a_white_rectangle(indonesian: str) -> None:
    root = ET.fromstring(indonesian)
    assert not any(
        e.tag == f"{SVG}rect" and (e.get("fill") or "").lower() in ("white", "#fff", "#ffffff")
        for e in root.iter()
    )


def test_the_chart_is_safe_markup_for_templates(indonesian: str) -> None:
    assert isinstance(indonesian, SafeString)


def test_a_title_with_markup_is_escaped() -> None:
    svg = trend_svg(series("2024-06", 3), ucj_target=95, lang="en", title="<script>alert(1)</script> & co")
    assert "<script" not in svg
    assert ET.fromstring(svg)[0].text == "<script>alert(1)</script> & co"


def test_a_second_render_of_the_same_spec_comes_from_the_cache() -> None:
    spec = trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="cache")
    render.cache_clear()
    first = render_svg(spec, lang="id")
    second = render_svg(spec, lang="id")
    info = render.cache_info()
    assert (info.hits, info.misses) == (1, 1)  # drawn once: the work is counted, never timed
    assert second == first
    # The language is part of the key.
    render_svg(spec, lang="en")
    assert render.cache_info().misses == 2


def test_style_attributes_become_presentation_attributes() -> None:
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<text style="font-family: Noto Sans; font-size: 12px; fill: #000; white-space: pre; '
        'transform: rotate(4deg)" fill="red">a</text>'
        '<path style="stroke-dasharray: 3,3; stroke: #4f5b66; pointer-events: none; '
        'mix-blend-mode: multiply"/>'
        "</svg>"
    )
    root = ET.fromstring(inline_svg(raw, title="t", description="d"))
    text, path = root.find(f"{SVG}text"), root.find(f"{SVG}path")
    assert text is not None and path is not None
    assert text.attrib == {
        "font-family": "Noto Sans",
        "font-size": "12px",
        "fill": "#000",  # the style wins, as it would in CSS
        "{http://www.w3.org/XML/1998/namespace}space": "preserve",
    }
    assert path.attrib == {"stroke-dasharray": "3,3", "stroke": "#4f5b66", "pointer-events": "none"}


def test_style_elements_scripts_and_the_white_background_are_removed() -> None:
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="white"/>'
        "<style>text { fill: red }</style><script>alert(1)</script>"
        '<g onclick="alert(1)"><rect width="10" height="10" fill="white"/></g></svg>'
    )
    svg = inline_svg(raw, title="t", description="d")
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 200 100"
    assert [child.tag for child in root] == [f"{SVG}title", f"{SVG}g"]
    assert root[1].attrib == {}
    assert root[1][0].get("fill") == "white"  # a white mark inside the chart stays


def test_ids_are_prefixed_so_that_several_charts_can_share_a_page() -> None:
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="2" height="2">'
        '<defs><clipPath id="clip1"><rect width="1" height="1"/></clipPath></defs>'
        '<g clip-path="url(#clip1)"><use xlink:href="#clip1"/></g></svg>'
    )
    root = ET.fromstring(inline_svg(raw, title="t", description="d", id_prefix="c1-"))
    clip = next(root.iter(f"{SVG}clipPath"))
    group = next(root.iter(f"{SVG}g"))
    use = next(root.iter(f"{SVG}use"))
    assert clip.get("id") == "c1-clip1"
    assert group.get("clip-path") == "url(#c1-clip1)"
    assert use.get("{http://www.w3.org/1999/xlink}href") == "#c1-clip1"


def test_a_document_with_a_dtd_is_refused() -> None:
    with pytest.raises(ValueError, match="DTD"):
        inline_svg(
            '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            title="",
            description="",
        )


def test_an_empty_chart_renders() -> None:
    svg = trend_svg([], ucj_target=95, lang="en", title="NTT")
    assert "No monthly figures to show." in _texts(svg)
    assert ET.fromstring(svg).get("aria-label") == "No monthly figures to show."


def test_no_month_label_of_a_three_year_chart_is_hidden_for_lack_of_room() -> None:
    svg = trend_svg(series("2024-06", 36), ucj_target=95, lang="id", title="NTT")
    texts = _texts(svg)
    assert texts[:6] == ["Jul 2021", "Jan 2022", "Jul", "Jan 2023", "Jul", "Jan 2024"]
    assert 'opacity="0"' not in svg


def test_a_page_showing_the_same_figures_again_builds_and_renders_nothing() -> None:
    import cakupan.charts as charts

    points = series("2024-06", 36)
    charts.cache_clear()
    first = trend_svg(points, ucj_target=95, lang="id", title="again")
    built = render.cache_info()
    second = trend_svg(list(points), ucj_target=Fraction(95), lang="id", title="again")
    assert second == first
    # The second page neither builds a specification nor draws: the renderer is not even asked again.
    assert render.cache_info() == built and built.misses == 1
    assert segments_svg(points, lang="en", title="s") is segments_svg(points, lang="en-gb", title="s")
