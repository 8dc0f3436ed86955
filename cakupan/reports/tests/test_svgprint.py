"""The SVG a PDF embeds, in fewer nodes (`svgprint`): what it folds, drops and merges, and that a report's
charts and map draw the same picture after it."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from PIL import Image, ImageChops

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


def test_a_run_of_one_filled_circle_is_one_path_of_round_dots_at_the_same_centres() -> None:
    svg = (
        f'{OPEN}<g fill="none"><g transform="translate(1,0)">'
        f'<path transform="translate(1,2)" d="{CIRCLE}" fill="#0a58ca" stroke-width="2"/>'
        f'<path transform="translate(5,2.5)" d="{CIRCLE}" fill="#0a58ca" stroke-width="2" '
        'stroke-dasharray="1,0"/></g></g></svg>'
    )
    assert _bare(print_svg(svg)) == (
        '<svg viewBox="0 0 100 100"><g fill="none"><path stroke="#0a58ca" stroke-width="4" '
        'stroke-linecap="round" d="M2,2L2,2M6,2.5L6,2.5" fill="none"/></g></svg>'
    )


def test_a_run_of_one_other_symbol_is_one_path_at_the_same_places() -> None:
    square = "M-2,-2h4v4h-4Z"
    svg = (
        f'{OPEN}<g transform="translate(1,0)">'
        f'<path transform="translate(1,2)" d="{square}" fill="#0a58ca"/>'
        f'<path transform="translate(5,2.5)" d="{square}" fill="#0a58ca"/></g></svg>'
    )
    assert _bare(print_svg(svg)) == (
        '<svg viewBox="0 0 100 100"><path d="M0,0h4v4h-4ZM4,0.5h4v4h-4Z" fill="#0a58ca"/></svg>'
    )


@pytest.mark.parametrize(
    "attributes",
    [
        'fill="#0a58ca" fill-opacity="0.5"',
        'fill="#0a58ca" opacity="0.7"',
        'fill="none" stroke="#000"',
        'fill="url(#shade)"',
    ],
)
def test_a_circle_seen_through_or_not_filled_with_a_colour_stays_a_circle(attributes: str) -> None:
    svg = f'{OPEN}<path transform="translate(1,2)" d="{CIRCLE}" {attributes}/></svg>'
    assert print_svg(svg).count("A2,2,0,1,1") == 2


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
        assert _dots(cleaned) == _arcs(svg) / 2 > 0  # every point mark drawn, as a dot


def _arcs(svg: str) -> int:
    return sum(path.count("A") for path in re.findall(r' d="([^"]*)"', svg))


def _dots(svg: str) -> int:
    return sum(len(re.findall(r"M([-\d.]+),([-\d.]+)L\1,\2", d)) for d in re.findall(r' d="([^"]*)"', svg))


def _pages(svg: str, folder: Path, name: str) -> list[Image.Image]:
    data = base64.b64encode(svg.encode()).decode()
    style = "@page { size: A4 } img { width: 100% }"
    html = f'<style>{style}</style><img src="data:image/svg+xml;base64,{data}">'
    (folder / f"{name}.pdf").write_bytes(printing.write_pdf(html, str(folder)))
    subprocess.run(["pdftoppm", "-r", "110", "-png", f"{name}.pdf", name], cwd=folder, check=True)
    return [Image.open(page).convert("RGB") for page in sorted(folder.glob(f"{name}*.png"))]


def _drawn_alike(after: Image.Image, before: Image.Image) -> bool:
    """The same picture: the same size, and every 4 × 4 pixel square within 32 of the other's in each colour.
    A dot's edge is smoothed a little differently from a circle's curves; a dot missing, moved or of
    another colour fills a square of its own (a mark is about 9 pixels wide here) and fails."""
    if after.size != before.size:
        return False
    squares = ImageChops.difference(after.reduce(4), before.reduce(4))
    return max(squares.tobytes()) <= 32


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_a_reports_charts_and_map_draw_the_same_picture(figures: None, tmp_path: Path) -> None:
    trend, segments, map_svg = _report_svgs()
    for number, svg in enumerate((trend, segments)):
        after, before = (
            _pages(print_svg(svg), tmp_path, f"after{number}"),
            _pages(svg, tmp_path, f"before{number}"),
        )
        assert len(after) == len(before) == 1 and _drawn_alike(after[0], before[0])
    # The map has no point marks: the same pixels.
    after, before = _pages(print_svg(map_svg), tmp_path, "after-map"), _pages(map_svg, tmp_path, "before-map")
    assert [p.tobytes() for p in after] == [p.tobytes() for p in before]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_a_missing_point_mark_is_not_drawn_alike(tmp_path: Path) -> None:
    marks = "".join(
        f'<path transform="translate({x},50)" d="{CIRCLE}" fill="#0a58ca"/>' for x in range(10, 90, 10)
    )
    svg = f"{OPEN}{marks}</svg>"
    one_less = svg.replace(
        '<path transform="translate(40,50)"', '<path display="none" transform="translate(40,50)"'
    )
    (drawn,) = _pages(print_svg(svg), tmp_path, "all")
    (before,) = _pages(svg, tmp_path, "before")
    (fewer,) = _pages(print_svg(one_less), tmp_path, "fewer")
    assert _drawn_alike(drawn, before)
    assert not _drawn_alike(fewer, before)
