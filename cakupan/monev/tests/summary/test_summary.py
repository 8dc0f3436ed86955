from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.common import formatting
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.summary.report import summary_document
from cakupan.monev.summary.selectors import national_summary
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, follow_up, meeting, regulation
from cakupan.reports.pdf import document_html
from cakupan.reports.tests.test_pdf_layout import overflowing_cells
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _world(personas: Personas) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 558_115}))
    )
    regulation("53", personas.officer_a, acts_on=("REGULATION", "BUDGET"))  # issued 2023-05-02
    regulation("53.71", personas.officer_a, number="Perwali 2/2024")
    commit(
        "vulnerable_funding",
        FUNDING_HEADER,
        [
            ("53.71", 2024, "CSR", 1000, 12, 201_600_000),
            ("53.71", 2024, "APBD_KABKOTA", 500, 12, 100_800_000),
        ],
    )
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 2, 1))
    done = follow_up(m, personas.officer_a, action="a", due_on=dt.date(2024, 3, 1))
    done.status, done.done_on = FollowUp.Status.DONE, dt.date(2024, 3, 1)
    done.save()
    follow_up(m, personas.officer_a, action="b", due_on=dt.date(2024, 5, 1))
    follow_up(m, personas.officer_a, action="c", due_on=dt.date(2024, 9, 1))


def test_the_summary_gives_national_and_province_figures_regulations_budgets_and_follow_ups(
    personas: Personas,
) -> None:
    _world(personas)
    summary = national_summary(personas.national_analyst, year=2024, half=1)
    assert summary.period == "2024-06" and summary.national is not None
    ntt = next(p for p in summary.provinces if p.region.code == "53")
    assert ntt.indicators is not None and str(round(float(ntt.indicators.coverage_rate or 0), 2)) == "33.73"
    # The budget instruction is met by a budget, not by the regulation that names it (monev.metrics, a).
    assert (ntt.regulations, ntt.regulations_in_semester, ntt.instructions_acted_on) == (2, 0, 1)
    assert summary.instructions == 8
    # Workers of every funder, rupiah of the regional budgets only (monev.metrics, c).
    assert (ntt.funded_workers, ntt.funded_idr) == (1500, 100_800_000)
    assert (ntt.follow_ups_done, ntt.follow_ups_open, ntt.follow_ups_overdue) == (1, 2, 1)
    assert summary.totals["follow_ups_overdue"] == 1


def test_the_summary_page_is_for_national_roles_only(personas: Personas) -> None:
    _world(personas)
    page = _client(personas.national_admin).get("/monev/ringkasan/?semester=2024-1")
    assert page.status_code == 200 and 'data-region="53"' in page.content.decode()
    assert _client(personas.officer_a).get("/monev/ringkasan/").status_code == 403
    assert _client(personas.officer_b).get("/monev/ringkasan/").status_code == 403
    assert _client().get("/monev/ringkasan/").status_code == 302


def _simulated_world(personas: Personas) -> None:
    _world(personas)
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows("52", "2024-06", {"PU": 100_000})),
        "ntb.csv",
        simulated=True,
    )


def _pdf_pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_summary_pdf_has_the_page_figures_on_numbered_simulated_pages_with_fonts_embedded(
    personas: Personas,
) -> None:
    _simulated_world(personas)
    client = _client(personas.national_analyst)
    response = client.get("/monev/ringkasan/?semester=2024-1&unduh=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ringkasan-nasional-2024-1-id.pdf"'
    pages = _pdf_pages(response.content)
    text = " ".join(pages)
    summary = national_summary(personas.national_analyst, year=2024, half=1)
    ntt = next(p for p in summary.provinces if p.region.code == "53")
    assert ntt.indicators is not None
    html = client.get("/monev/ringkasan/?semester=2024-1").content.decode()  # in English
    assert formatting.fmt_pct(ntt.indicators.coverage_rate, "en") == "33.73%" and "33.73%" in html
    coverage = formatting.fmt_pct(ntt.indicators.coverage_rate, "id")
    funding = formatting.fmt_idr(summary.totals["funded_idr"], "id")
    assert formatting.fmt_idr(summary.totals["funded_idr"], "en") in html
    # The province's row as the page shows it: coverage, regulations, funded workers and follow-ups.
    assert f"Nusa Tenggara Timur {coverage}" in text
    assert funding in text and "Ringkasan nasional semesteran" in text
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page and "DATA SIMULASI" in page
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape: the province table is wide
    fonts = []
    for pdf_page in reader.pages:
        resources: Any = pdf_page["/Resources"]
        for reference in resources.get_object().get("/Font", {}).values():
            font = reference.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts.append(bool({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)))
    assert fonts and all(fonts)


def test_no_figure_of_the_landscape_summary_leaves_its_cell(personas: Personas) -> None:
    _simulated_world(personas)
    summary = national_summary(personas.national_analyst, year=2024, half=1)
    for lang in ("id", "en"):
        html = document_html(summary_document(summary, lang=lang, simulated=True))
        assert overflowing_cells(html) == [], lang


def test_the_summary_workbook_has_typed_cells_equal_to_the_download(personas: Personas) -> None:
    _simulated_world(personas)
    client = _client(personas.national_analyst)
    rows = json.loads(client.get("/monev/ringkasan/?semester=2024-1&unduh=json").content)["rows"]
    response = client.get("/monev/ringkasan/?semester=2024-1&unduh=xlsx&bahasa=en")
    assert response["Content-Disposition"] == 'attachment; filename="ringkasan-nasional-2024-1-en.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["Summary", "By province"]
    cover = {row[3]: row[1] for row in book["Summary"].iter_rows(values_only=True) if len(row) > 3 and row[3]}
    national = rows[0]
    for key in (
        "coverage_rate",
        "target_gap_points",
        "active",
        "regulations",
        "funded_workers",
        "funded_idr",
    ):
        assert cover[key] == national[key], key
    assert cover["follow_ups_done"] == 1 and cover["follow_ups_overdue"] == 1
    sheet = book["By province"]
    assert sheet.freeze_panes is not None
    header_row = next(i for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if row[0] == "Province")
    cells = {
        row[0]: row
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
        if row[0] and row[1] is not None
    }
    ntt = next(r for r in rows if r["region_code"] == "53")
    got = cells["Nusa Tenggara Timur"]
    # The column after the rate names its denominator (issue 14).
    assert (got[1], got[5], got[7], got[8], got[9], got[10], got[11], got[12]) == (
        ntt["coverage_rate"],
        ntt["regulations"],
        ntt["instructions_acted_on"],
        ntt["funded_workers"],
        ntt["funded_idr"],
        ntt["follow_ups_done"],
        ntt["follow_ups_open"],
        ntt["follow_ups_overdue"],
    )
    assert isinstance(got[1], float) and isinstance(got[9], int) and isinstance(got[2], str)
    ntt_row = next(c.row for c in sheet["A"] if c.value == "Nusa Tenggara Timur")
    assert sheet.cell(row=ntt_row, column=2).number_format == '0.00" %"'


def test_the_summary_file_api_is_for_national_roles(personas: Personas) -> None:
    _world(personas)
    response = _client(personas.national_admin).get("/api/v1/reports/summary/2024/1?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert _client(personas.officer_a).get("/api/v1/reports/summary/2024/1").status_code == 403
    assert _client().get("/api/v1/reports/summary/2024/1").status_code == 401
    assert _client(personas.national_admin).get("/api/v1/reports/summary/2024/3").status_code == 422


def test_an_incomplete_coverage_is_no_headline_of_the_summary_and_its_completeness_is_said(
    personas: Personas,
) -> None:
    from django.utils import translation

    from cakupan.monev.summary.report import province_table, summary_figures

    # Workforce for NTT's regencies Kupang (53.01) and Kota Kupang (53.71), participants for Kota Kupang
    # only: NTT's measured share of the workforce is below the dated 50 %, so its rate is incomplete.
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53.01", "2024-06", "total", "900000", ""), ("53.71", "2024-06", "total", "100000", "")],
        ),
    )
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 40_000})),
    )
    summary = national_summary(personas.national_analyst, year=2024, half=1)
    ntt = next(p for p in summary.provinces if p.region.code == "53")
    assert ntt.indicators is not None and ntt.indicators.incomplete
    with translation.override("en"):
        table = province_table(summary)
        headline = summary_figures(summary)[0]
    ntt_row = next(r for r in table.rows if r[0] == ntt.region.name)
    assert ntt_row[1] is None  # not shown as if it were the province's coverage
    assert "Nusa Tenggara Timur: 40.00% over 1 of 22 sub-regions reporting" in (table.note or "")
    assert "10.00% of the workforce measured" in (table.note or "")
    assert headline.value is None and "incomplete" in headline.note


def test_the_summary_names_each_rate_s_denominator_on_the_page_and_in_the_report_table(
    personas: Personas,
) -> None:
    from django.utils import translation

    from cakupan.monev.summary.report import province_table

    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "BPS Sakernas")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 558_115}))
    )
    page = _client(personas.national_admin).get("/monev/ringkasan/?semester=2024-1").content.decode()
    assert page.count("BPS Sakernas · Jun 2024") >= 2  # the nation's rate and NTT's
    summary = national_summary(personas.national_analyst, year=2024, half=1)
    with translation.override("en"):
        table = province_table(summary)
    assert table.columns[2].header == "Workforce behind the rate"
    ntt_row = next(r for r in table.rows if r[0] == "Nusa Tenggara Timur")
    assert ntt_row[2] == "BPS Sakernas · Jun 2024"
    rows = json.loads(
        _client(personas.national_admin).get("/monev/ringkasan/?semester=2024-1&unduh=json").content
    )["rows"]
    ntt = next(r for r in rows if r["region_code"] == "53")
    assert (ntt["workers_period"], ntt["workforce_source"]) == ("2024-06", "BPS Sakernas")
    assert (rows[0]["workers_period"], rows[0]["workforce_source"]) == ("2024-06", "BPS Sakernas")
