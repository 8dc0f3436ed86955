"""The files of a ranking and the report's workbook carry each coverage rate's denominator beside it, as the
API gives it (issue 14): one month and one source for a regency measured on its own figure, the range of
months and the distinct sources for a regency made of its districts' figures."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from cakupan.reports.content import report_content
from cakupan.reports.xlsx import report_xlsx
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

KUPANG = ("BPS Sakernas Februari 2024", "2024-02")  # the regency's own figure
AUGUST = "BPS Sakernas Agustus 2024"  # the regency's figure of August, in a test of the trend
KOTA_KUPANG = ("BPS Sakernas Agustus 2023; Disnaker Kota Kupang", "2023-08/2024-02")  # its two districts'


@pytest.fixture
def figures() -> None:
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2024-02", "total", "1000", "BPS Sakernas Februari 2024"),
                ("53.71.01", "2023-08", "total", "600", "BPS Sakernas Agustus 2023"),
                ("53.71.02", "2024-02", "total", "400", "Disnaker Kota Kupang"),
            ],
        ),
    )
    rows: list[tuple[object, ...]] = []
    for code in ("53.01", "53.71.01", "53.71.02"):
        rows += participation_rows(code, "2024-06", {"PU": 100})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _denominators(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {r["region_code"]: (r["workforce_source"], r["workers_period"]) for r in rows}


def test_the_fair_ranking_csv_and_json_name_each_rates_source_and_month(
    client: Client, figures: None
) -> None:
    for url in ("/peringkat/53/?periode=2024-06", "/peringkat/00/?periode=2024-06"):
        body = client.get(f"{url}&unduh=csv").content.decode("utf-8-sig")
        assert body.startswith("group,")  # the header on the first line
        rows = list(csv.DictReader(io.StringIO(body)))
        assert _denominators(rows) == {"53.01": KUPANG, "53.71": KOTA_KUPANG}, url
        as_json = client.get(f"{url}&unduh=json").json()["rows"]
        assert _denominators(as_json) == {"53.01": KUPANG, "53.71": KOTA_KUPANG}, url


def test_the_fair_ranking_file_gives_the_denominator_the_api_gives(client: Client, figures: None) -> None:
    rows = client.get("/peringkat/53/?periode=2024-06&unduh=json").json()["rows"]
    for row in rows:
        api = client.get(f"/api/v1/indicators/{row['region_code']}/2024-06").json()
        denominator = (api["workforce_source"], api["workers_period"])
        assert (row["workforce_source"], row["workers_period"]) == denominator


def test_the_workbooks_sub_regions_carry_the_month_range_and_sources_beside_each_rate(figures: None) -> None:
    content = report_content(AnonymousUser(), code="53", period="2024-06", lang="en")
    sheet = load_workbook(io.BytesIO(report_xlsx(content)))["Sub-regions"]
    table = [row for row in sheet.iter_rows(values_only=True) if row[0] is not None]
    header = list(next(row for row in table if row[0] == "Rank"))
    month = header.index("Working population, month of the figure")
    assert header[month - 1] == "Workers"
    assert header[month + 1] == "Working population, first month used"
    assert header[month + 2] == "Working population, source"
    by_code = {row[1]: row[month : month + 3] for row in table if row[1] in ("53.01", "53.71")}
    assert by_code["53.01"] == (datetime(2024, 2, 1), datetime(2024, 2, 1), "BPS Sakernas Februari 2024")
    assert by_code["53.71"] == (datetime(2024, 2, 1), datetime(2023, 8, 1), KOTA_KUPANG[0])
    first = [r[0] for r in sheet.iter_rows(values_only=True)].index("Rank") + 2
    cell = sheet.cell(row=first, column=month + 1)
    assert cell.number_format == "mmm yyyy"  # a month is a date, as on the summary sheet


@pytest.fixture
def august(figures: None) -> None:
    """Kupang's August 2024 on August's own workforce figure."""
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.01", "2024-08", "total", "1000", AUGUST)]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-08", {"PU": 150}))
    )


def test_the_trend_csv_and_json_name_each_months_denominator(client: Client, august: None) -> None:
    body = client.get("/laporan/53.01/2024-08/tren.csv").content.decode("utf-8-sig")
    assert body.startswith("period,")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["period"]: (r["workforce_source"], r["workers_period"]) for r in rows} == {
        "2024-06": KUPANG,
        "2024-08": (AUGUST, "2024-08"),
    }
    (june,) = client.get("/laporan/53.71/2024-06/tren.json").json()["rows"]
    assert (june["workforce_source"], june["workers_period"]) == KOTA_KUPANG


def test_the_workbooks_trend_carries_each_months_denominator_beside_its_rate(august: None) -> None:
    content = report_content(AnonymousUser(), code="53.01", period="2024-08", lang="en")
    sheet = load_workbook(io.BytesIO(report_xlsx(content)))["Trend"]
    table = [row for row in sheet.iter_rows(values_only=True) if row[0] is not None]
    header = list(next(row for row in table if row[0] == "Month"))
    assert header[1:5] == [
        "Coverage",
        "Working population, month of the figure",
        "Working population, first month used",
        "Working population, source",
    ]
    months = {row[0]: row[2:5] for row in table if isinstance(row[0], datetime)}
    assert months == {
        datetime(2024, 6, 1): (datetime(2024, 2, 1), datetime(2024, 2, 1), KUPANG[0]),
        datetime(2024, 8, 1): (datetime(2024, 8, 1), datetime(2024, 8, 1), AUGUST),
    }
    parent = report_content(AnonymousUser(), code="53.71", period="2024-06", lang="en")
    (june,) = [
        row[2:5]
        for row in load_workbook(io.BytesIO(report_xlsx(parent)))["Trend"].iter_rows(values_only=True)
        if isinstance(row[0], datetime)
    ]
    assert june == (datetime(2024, 2, 1), datetime(2023, 8, 1), KOTA_KUPANG[0])
