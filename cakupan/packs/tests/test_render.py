"""The three files of one pack, read back with python-pptx, pypdf and openpyxl, against the library."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader

from cakupan.core.rounding import round2
from cakupan.indicators import library
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


def test_no_slide_table_runs_into_the_notes_and_long_tables_continue_on_the_next_slide(
    meetings: Any, personas: Any
) -> None:
    from cakupan.packs.pptx import FOOTER_TOP, TABLE_PT, _row_height, text_height

    pack = pack_build(personas.officer_a, code="53", period="2024-06", lang="id", meeting=meetings[1])
    # A long ranking (the same sub-regions many times over) is cut into slides with the header repeated;
    # a section with many lines keeps them above the footer.
    pack.ranking = pack.ranking * 12
    pack.sections[0].lines = [f"Baris keterangan {n} yang cukup panjang untuk dibaca." for n in range(6)]
    deck = Presentation(io.BytesIO(pack_render(pack, "pptx")))
    ranking_slides = 0
    for slide in deck.slides:
        tables = [s for s in slide.shapes if s.has_table]
        for shape in tables:
            grid = shape.table
            widths = [column.width for column in grid.columns]
            bottom = shape.top + sum(
                _row_height([cell.text for cell in row.cells], widths) for row in grid.rows
            )
            below = [s for s in slide.shapes if s.has_text_frame and s.top > shape.top]
            assert all(bottom <= s.top for s in below), [c.text for c in grid.rows[0].cells]
            for row in grid.rows:
                for cell in row.cells:
                    assert all(r.font.size.pt == TABLE_PT for p in cell.text_frame.paragraphs for r in p.runs)
            if [grid.cell(0, i).text for i in range(3)] == ["Peringkat", "Kode", "Wilayah"]:
                ranking_slides += 1
        for shape in slide.shapes:
            if shape.has_text_frame and shape.top < FOOTER_TOP and shape.top > Inches(1):
                assert shape.top + text_height(shape.text_frame.text) <= FOOTER_TOP + Inches(0.01)
    assert ranking_slides >= 2


def test_the_ranking_chart_takes_the_maps_colours_and_says_so(pack: Pack) -> None:
    from cakupan.maps.svg import band_colour

    deck = Presentation(io.BytesIO(pack_render(pack, "pptx")))
    ranking = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart][1]
    colours = [str(p.format.fill.fore_color.rgb) for p in ranking.plots[0].series[0].points]
    ranked = [r for r in pack.ranking if r.coverage_rate is not None]
    assert colours == [band_colour(r.band).lstrip("#").upper() for r in ranked]
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    said = "Warna batang mengikuti kategori cakupan pada peta: Sangat rendah"
    assert any(t.startswith(said) for t in texts)


def test_the_printed_map_does_not_invite_a_click(pack: Pack) -> None:
    from cakupan.packs.render import pack_html

    html = pack_html(pack)
    assert "Klik" not in html and "Click" not in html


def test_the_pack_summarises_compliance_for_its_readers_and_vulnerable_worker_funding(
    meetings: Any, personas: Any
) -> None:
    from cakupan.compliance.selectors import region_summary
    from cakupan.monev.tests.helpers import FUNDING_HEADER, commit

    commit("vulnerable_funding", FUNDING_HEADER, [("53", "2024", "APBD_PROVINSI", 1_000, 12, 201_600_000)])
    # The labour inspectorate of NTT reads the compliance chain: its pack summarises it.
    inspector = personas.compliance_a
    pack = pack_build(inspector, code="53", period="2024-06", lang="id")
    keys = [s.key for s in pack.sections]
    assert "regulations" in keys and "compliance" in keys
    funding = next(s for s in pack.sections if s.key == "regulations").tables[1]
    assert [row[3:6] for row in funding.rows] == [[1_000, 12, 201_600_000]]
    summary = region_summary(inspector, region_code="53")
    assert summary is not None
    compliance = next(s for s in pack.sections if s.key == "compliance").tables[0]
    shown = [row[1] for row in compliance.rows][:3]
    assert shown == [summary.candidates, summary.open_cases, summary.overdue]
    pages = PdfReader(io.BytesIO(pack_render(pack, "pdf"))).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert "Pendanaan pekerja rentan" in text and "Rp201.600.000" in text
    assert "Kepatuhan pemberi kerja" in text
    # The public's pack of the region has the funding, never the compliance chain.
    public = pack_build(AnonymousUser(), code="53", period="2024-06", lang="id", drawings=False)
    assert [s.key for s in public.sections if s.key in ("regulations", "compliance")] == ["regulations"]
