"""The three files of one pack, read back with python-pptx, pypdf and openpyxl, against the library."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from cakupan.indicators import library
from cakupan.indicators.formulas import round2
from cakupan.packs.content import Pack, pack_build
from cakupan.packs.render import pack_render

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(meetings: Any, personas: Any) -> Pack:
    return pack_build(personas.officer_a, code="53", period="2024-06", lang="id", meeting=meetings[1])


def _pct(value: Any) -> float:
    return float(round2(value))


def test_the_slides_carry_native_charts_and_tables_with_the_librarys_figures(pack: Pack) -> None:
    deck = Presentation(io.BytesIO(pack_render(pack, "pptx")))
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    headline, ranking = charts
    ntt, ntb = library.region_indicators("53", "2024-06"), library.region_indicators("52", "2024-06")
    assert ntt is not None and ntb is not None
    assert list(headline.plots[0].categories) == [ntt.region_name, ntb.region_name]
    assert list(headline.plots[0].series[0].values) == [_pct(ntt.coverage_rate), _pct(ntb.coverage_rate)]
    children = library.children_ranking("53", "2024-06")
    assert list(ranking.plots[0].categories) == [c.region_name for c in children]
    assert list(ranking.plots[0].series[0].values) == [_pct(c.coverage_rate) for c in children]
    first = tables[0]
    assert first.cell(0, 1).text == "Wilayah"
    assert first.cell(1, 0).text == "53" and first.cell(1, 2).text == "33,73 %"
    assert first.cell(1, 5).text == "558.115"
    for slide in deck.slides:  # every slide says its figures are simulated
        assert any("Data simulasi" in s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert any("Sosialisasi ke 64 desa" in t.cell(1, 2).text for t in tables if len(t.columns) == 6)


def test_the_pdf_is_a_landscape_page_a_slide_saying_simulated(pack: Pack) -> None:
    reader = PdfReader(io.BytesIO(pack_render(pack, "pdf")))
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "data simulasi" in text.lower()
    assert "33,73 %" in text and "558.115" in text
    assert "Sosialisasi ke 64 desa" in text


def test_the_workbook_has_a_sheet_a_section_with_codes_labels_and_numbers(pack: Pack) -> None:
    book = load_workbook(io.BytesIO(pack_render(pack, "xlsx")))
    assert len(book.sheetnames) >= 5  # the cover, then a sheet for each section
    rows = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    line = next(r for r in rows if r[0] == "53")
    ntt = library.region_indicators("53", "2024-06")
    assert ntt is not None
    assert line[1] == ntt.region_name
    assert line[2] == _pct(ntt.coverage_rate) and isinstance(line[5], int) and line[5] == ntt.active
