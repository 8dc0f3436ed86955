"""The registers in the meeting pack (non-ASN staff and village officials, benefits paid, Perisai agents
and socialisation, the scorecard) carry the figures of their pages, on the slides, in the PDF and in the
workbook: each page is rendered and read, and its figures are looked for in the three files."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from cakupan.packs.content import Pack, pack_build
from cakupan.packs.render import pack_render
from cakupan.reports.sections import extra_sections
from cakupan.reports.tests.test_report_registers import (
    CODE,
    PERIOD,
    _client,
    _int,
    _number,
    _page,
    _words,
    fill_registers,
)
from tests.personas import Personas

pytestmark = pytest.mark.django_db

REGISTERS = ("staff", "benefits", "outreach", "scorecard")


class Files:
    """The pack's three files, read back as text (PDF), slide cells and texts (PPTX) and rows (XLSX)."""

    def __init__(self, pack: Pack) -> None:
        reader = PdfReader(io.BytesIO(pack_render(pack, "pdf")))
        self.pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
        deck = Presentation(io.BytesIO(pack_render(pack, "pptx")))
        self.slide_rows: list[list[str]] = []
        self.slide_texts: list[str] = []
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_table:
                    self.slide_rows += [[c.text for c in row.cells] for row in shape.table.rows]
                elif shape.has_text_frame:
                    self.slide_texts.append(shape.text_frame.text)
        book = load_workbook(io.BytesIO(pack_render(pack, "xlsx")))
        self.sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}

    def slide_row(self, first: str) -> list[str]:
        return next(row for row in self.slide_rows if row and row[0] == first)


@pytest.fixture
def registers(figures: None, personas: Personas) -> None:
    fill_registers(personas.officer_a)


def _files(user: Any) -> tuple[Pack, Files]:
    pack = pack_build(user, code=CODE, period=PERIOD, lang="id")
    return pack, Files(pack)


def test_the_pack_carries_the_register_sections_of_the_report_as_they_are(
    registers: None, personas: Personas
) -> None:
    pack = pack_build(personas.officer_a, code=CODE, period=PERIOD, lang="id", drawings=False)
    with translation.override("id"):
        report = {s.key: s for s in extra_sections(personas.officer_a, CODE, PERIOD)}
    carried = {s.key: s for s in pack.sections}
    for key in REGISTERS:
        assert key in carried, key
        assert [t.rows for t in carried[key].tables] == [t.rows for t in report[key].tables]


def test_staff_coverage_in_the_pack_is_the_june_column_of_its_page(registers: None) -> None:
    page = _page(_client(), f"/monev/non-asn/{CODE}/")
    _pack, files = _files(AnonymousUser())
    sheet = files.sheets["Non-ASN dan perangkat desa"]
    checked = 0
    for group in ("NON_ASN", "VILLAGE"):
        table = page.xpath(f'//table[@data-group="{group}"]')[0]
        months = [_words(th) for th in table.xpath("./thead/tr/th")][1:]
        june = months.index("Jun 2024")
        for tr in table.xpath("./tbody/tr | ./tfoot/tr"):
            agency = _words(tr.xpath("./th")[0])
            cell = _words(tr.xpath("./td")[june])
            covered, staff, rate = re.fullmatch(r"([\d.]+)/([\d.]+) \((.+)\)", cell).groups()  # type: ignore[union-attr]
            assert f"{agency} {staff} {covered} {rate}" in files.pdf
            slide = next(r for r in files.slide_rows if r[0] == agency and r[1] == staff)
            assert slide[1:4] == [staff, covered, rate]
            row = next(r for r in sheet if r[0] == agency and r[1] == _int(staff))
            assert row[1:4] == (_int(staff), _int(covered), _number(rate))
            checked += 1
    assert checked == 5
    assert "2.500" not in files.pdf  # July's figures never


def test_benefits_paid_in_the_pack_are_those_of_its_page_for_the_month(registers: None) -> None:
    page = _page(_client(), f"/monev/manfaat/{CODE}/?periode={PERIOD}")
    _pack, files = _files(AnonymousUser())
    sheet = files.sheets["Manfaat yang dibayarkan"]
    lines = page.xpath('//section[@id="benefits"]//table')[0].xpath("./tbody/tr | ./tfoot/tr")
    assert len(lines) == 3
    for tr in lines:
        label = _words(tr.xpath("./th")[0])
        claims, amount = (_words(td) for td in tr.xpath("./td"))
        assert f"{label} {claims} {amount}" in files.pdf
        assert [label, claims, amount] in [r[:3] for r in files.slide_rows]  # "Total" is in other tables too
        assert (label, _int(claims), _int(amount)) in [r[:3] for r in sheet]
    assert "9.999.000.000" not in files.pdf


def test_perisai_agents_in_the_pack_are_those_of_its_page_for_readers_with_a_role(
    registers: None, personas: Personas
) -> None:
    page = _page(_client(personas.officer_a), f"/monev/perisai/{CODE}/")
    _pack, files = _files(personas.officer_a)
    sheet = files.sheets["Agen Perisai, sosialisasi"]
    agents = page.xpath('//table[@id="agents"]/tbody/tr')
    assert agents
    for tr in agents:
        name = _words(tr.xpath("./th")[0])
        enrolled, active, share = [_words(td) for td in tr.xpath("./td")][3:6]
        assert f"{enrolled} {active} {share}" in files.pdf
        assert files.slide_row(name)[4:7] == [enrolled, active, share]
        assert next(r for r in sheet if r[0] == name)[4:7] == (_int(enrolled), _int(active), _number(share))
    for tr in page.xpath('//table[@id="socialisations"]/tbody/tr'):
        place, attendees = (_words(td) for td in tr.xpath("./td")[2:5:2])
        assert place in files.pdf and any(place in r and attendees in r for r in files.slide_rows)
    # The public pack leaves the agents out (agents are people), as the page does.
    _public, public = _files(AnonymousUser())
    assert "BUMDes Oebelo" not in public.pdf and "Agen Perisai, sosialisasi" not in public.sheets


def test_the_scorecard_in_the_pack_is_the_region_s_row_of_its_page(registers: None) -> None:
    page = _page(_client(), "/monev/skor/53/?tahun=2024")
    _pack, files = _files(AnonymousUser())
    row = page.xpath(f'//table[@id="scorecard"]/tbody/tr[@data-region="{CODE}"]')[0]
    index = _words(row.xpath("./td[@data-keep]")[0])
    rank = _words(row.xpath("./td")[0])
    said = f"Indeks {index}; tidak diperingkat." if rank == "–" else f"Indeks {index}; peringkat {rank} dari"
    assert said in files.pdf and any(said in t for t in files.slide_texts)
    for td in row.xpath("./td[@data-aspect]"):
        if td.get("data-aspect") == "commitments":
            continue
        value = _words(td.xpath("./a")[0])
        assert value in files.pdf and any(value in r for r in files.slide_rows)
        sheet = files.sheets["Kartu skor Monev 2024"]
        assert next(r for r in sheet if r[1] == value)[2] == _number(_words(td.xpath("./span")[0]))
