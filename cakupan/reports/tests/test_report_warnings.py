"""The PDF and XLSX reports carry the figure's warnings and their sub-regions' (issue 15 §2), with a
coverage of 1,016 %."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html
from cakupan.reports.xlsx import report_xlsx
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

ABOVE = "Coverage above 100 % (1,016.00%)"


@pytest.fixture
def above_100() -> None:
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53", "2024-06", "total", "1000", "BPS"), ("52", "2024-06", "total", "100000", "BPS")],
        ),
    )
    rows = participation_rows("53", "2024-06", {"PU": 10_160})
    rows += participation_rows("52", "2024-06", {"PU": 30_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_the_pdf_of_the_region_and_of_its_parent_warn(above_100: None) -> None:
    own = report_html(report_content(AnonymousUser(), code="53", period="2024-06", lang="en"))
    assert ABOVE in own.replace("&#x27;", "'")
    national = report_html(report_content(AnonymousUser(), code="00", period="2024-06", lang="en"))
    assert f"Nusa Tenggara Timur: {ABOVE}" in national


def test_the_workbook_lists_the_warnings_on_the_summary_and_the_sub_regions(above_100: None) -> None:
    content = report_content(AnonymousUser(), code="00", period="2024-06", lang="en")
    book = load_workbook(io.BytesIO(report_xlsx(content)))
    children = list(book["Sub-regions"].iter_rows(values_only=True))
    header = list(children[0] if children[0][0] == "Rank" else children[1])
    column = header.index("Data quality")
    by_code = {row[1]: row[column] for row in children if row[1] in ("52", "53")}
    assert str(by_code["53"]).startswith(ABOVE) and by_code["52"] in (None, "")
    own = report_content(AnonymousUser(), code="53", period="2024-06", lang="en")
    summary = list(load_workbook(io.BytesIO(report_xlsx(own)))["Summary"].iter_rows(values_only=True))
    warned = [r for r in summary if r[1:3] == ("coverage_above_100", "warnings")]
    assert len(warned) == 1 and str(warned[0][0]).startswith(ABOVE)
