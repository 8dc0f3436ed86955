"""The SVG a PDF embeds, in fewer nodes (`svgprint`): what it folds, drops and merges, and that a report's
charts and map draw the same pixels after it."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.reports import printing
from cakupan.reports.content import report_content
from cakupan.reports.svgprint import print_svg

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
CIRCLE = "M2,0A2,2,0,1,1,-2,0A2,2,0,1,1,2,0"


def _bare(svg: str) -> str:
    return svg.replace(' xmlns="http://www.w3.org/2000/svg"', "").replace(" />", "/>")


def test_translations_are_folded_into_the_lines_and_a_run_of_one_stroke_is_one_path() -> None:
    svg = (
        f'{OPEN}<g fill="none" transform="translate(10,20)"><g><g pointer-events="none">'
        '<line transform="translate(5,0)" x2="0" y2="7" stroke="#000" opacity="1"/>'
        '<line transform="translate(8,0)" x2="0" y2="7" stroke="#000" opacity="1"/>'
        "</g></g></g></svg>"
    )
    assert _bare(print_svg(svg)) == (
        '<svg viewBox="0 0 100 100"><g fill="none">'
        '<path stroke="#000" d="M15,20L15,27M18,20L18,27" fill="none"/></g></svg>'
    )


def test_a_run_of_one_symbol_is_one_path_at_the_same_places() -> None:
    svg = (
        f'{OPEN}<g fill="none"><g transform="translate(1,0)">'
        f'<path transform="translate(1,2)" d="{CIRCLE}" fill="#0a58ca" stroke-width="2"/>'
        f'<path transform="translate(5,2.5)" d="{CIRCLE}" fill="#0a58ca" stroke-width="2"/>'
        "</g></g></svg>"
    )
    assert _bare(print_svg(svg)) == (
        '<svg viewBox="0 0 100 100"><g fill="none"><path d="'
        "M4,2A2,2,0,1,1,0,2A2,2,0,1,1,4,2"
        "M8,2.5A2,2,0,1,1,4,2.5A2,2,0,1,1,8,2.5"
        '" fill="#0a58ca" stroke-width="2"/></g></svg>'
    )


def test_what_paints_nothing_is_left_out_and_text_keeps_its_place() -> None:
    svg = (
        f'{OPEN}<g fill="none" transform="translate(3,4)"><path d="M0,0h0v0h0Z" pointer-events="none"/>'
        '<path d="" display="none"/><g transform="translate(0,0)"><text text-anchor="end" '
        'transform="translate(7,8)" fill="#1a1f24">12 %</text></g></g></svg>'
    )
    assert _bare(print_svg(svg)) == (
        '<svg viewBox="0 0 100 100"><g fill="none">'
        '<text text-anchor="end" transform="translate(10,12)" fill="#1a1f24">12 %</text></g></svg>'
    )


def test_stroked_symbols_and_clipped_groups_are_kept_as_they_are() -> None:
    # Filling and stroking each symbol in turn paints a later fill over an earlier stroke: not merged.
    stroked = (
        f'<path transform="translate(1,2)" d="{CIRCLE}" fill="#fff" stroke="#000"/>'
        f'<path transform="translate(3,2)" d="{CIRCLE}" fill="#fff" stroke="#000"/>'
    )
    svg = f'{OPEN}<g transform="translate(5,5)" clip-path="url(#c)">{stroked}</g></svg>'
    cleaned = ET.fromstring(print_svg(svg))
    (group,) = list(cleaned)
    assert group.get("transform") == "translate(5,5)"
    assert [p.get("d") for p in group] == [
        "M3,2A2,2,0,1,1,-1,2A2,2,0,1,1,3,2",
        "M5,2A2,2,0,1,1,1,2A2,2,0,1,1,5,2",
    ]


UNREAD = f'{OPEN}<g transform="translate(1,1)"><path d="M1,1L2,2#" fill="#000"/></g></svg>'


@pytest.mark.parametrize("svg", ["<p>not svg</p>", "not xml <", UNREAD])
def test_what_it_does_not_read_is_left_unchanged(svg: str) -> None:
    assert print_svg(svg) == svg


def _report_svgs() -> list[str]:
    report = report_content(AnonymousUser(), code="53", period="2024-06", lang="id")
    map_svg = report.page.map_svg
    assert map_svg
    return [report.page.charts["trend"], report.page.charts["segments"], map_svg]


def _texts(svg: str) -> list[tuple[str, str, float, float]]:
    """Each text with its anchor and where it is drawn (every transform above it is a translation)."""
    found = []

    def walk(element: ET.Element, x: float, y: float) -> None:
        moved = re.fullmatch(
            r"translate\(([-\d.e]+),([-\d.e]+)\)", element.get("transform", "translate(0,0)")
        )
        assert moved is not None
        x, y = x + float(moved[1]), y + float(moved[2])
        if element.tag.endswith("}text"):
            found.append((element.text or "", element.get("text-anchor", ""), x, y))
        for child in element:
            walk(child, x, y)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return sorted(found)


@pytest.mark.django_db
def test_a_reports_charts_keep_their_texts_in_a_fraction_of_the_nodes(figures: None) -> None:
    trend, segments, _map = _report_svgs()
    for svg in (trend, segments):
        cleaned = print_svg(svg)
        assert cleaned.count("<") < svg.count("<") / 3
        before, after = _texts(svg), _texts(cleaned)
        assert [t[:2] for t in after] == [t[:2] for t in before]
        for a, b in zip(after, before, strict=True):
            assert abs(a[2] - b[2]) < 1e-3 and abs(a[3] - b[3]) < 1e-3
        assert _arcs(cleaned) == _arcs(svg) > 0  # every symbol drawn


def _arcs(svg: str) -> int:
    return sum(path.count("A") for path in re.findall(r' d="([^"]*)"', svg))


def _pixels(svg: str, folder: Path, name: str) -> list[bytes]:
    data = base64.b64encode(svg.encode()).decode()
    style = "@page { size: A4 } img { width: 100% }"
    html = f'<style>{style}</style><img src="data:image/svg+xml;base64,{data}">'
    (folder / f"{name}.pdf").write_bytes(printing.write_pdf(html, str(folder)))
    subprocess.run(["pdftoppm", "-r", "110", "-png", f"{name}.pdf", name], cwd=folder, check=True)
    return [page.read_bytes() for page in sorted(folder.glob(f"{name}*.png"))]


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_a_reports_charts_and_map_draw_the_same_pixels(figures: None, tmp_path: Path) -> None:
    for number, svg in enumerate(_report_svgs()):
        assert _pixels(print_svg(svg), tmp_path, f"after{number}") == _pixels(
            svg, tmp_path, f"before{number}"
        )
