"""A report's data sources are the batches behind the figures it shows for that region and month: a
summary per dataset in the PDF, every file in the workbook (issue 15 §2)."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html
from cakupan.reports.xlsx import report_xlsx
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def files() -> None:
    """June's participants in one file, July's (imported later) in another; Kupang's workforce of 2023-06
    replaced from 2024-03 by a newer file; Kota Kupang's workforce from the labour office."""
    for rows, name in (
        ([("53.01", "2023-06", "total", 1000, "Sakernas 2023")], "wf-2023.csv"),
        ([("53.01", "2024-03", "total", 1100, "Sakernas 2024")], "wf-2024.csv"),
        ([("53.71", "2023-06", "total", 900, "Disnaker")], "wf-kota.csv"),
    ):
        load("workforce", csv_bytes(WORKFORCE_HEADER, rows), name)
    for month in ("2024-06", "2024-07"):
        month_rows = participation_rows("53.01", month, {"PU": 300})
        month_rows += participation_rows("53.71", month, {"PU": 200})
        load("participation", csv_bytes(PARTICIPATION_HEADER, month_rows), f"peserta-{month}.csv")


def test_the_pdf_sums_up_the_sources_of_the_month_per_dataset(files: None) -> None:
    html = report_html(report_content(AnonymousUser(), code="53", period="2024-06", lang="en"))
    section = html[html.index('data-figure="sources"') :]
    rows = {m[0]: m[1] for m in re.findall(r'<tr data-dataset="(\w+)">(.*?)</tr>', section)}
    assert set(rows) == {"participation", "workforce"}
    assert ">1<" in rows["participation"] and "2024-06" in rows["participation"]
    assert "2024-07" not in rows["participation"]  # the latest import touching NTT is not this month's
    assert ">2<" in rows["workforce"] and "Disnaker; Sakernas 2024" in rows["workforce"]
    assert "2023-06 – 2024-03" in rows["workforce"]


def test_the_workbook_lists_every_file_behind_the_month(files: None) -> None:
    content = report_content(AnonymousUser(), code="53", period="2024-06", lang="en")
    sheet = load_workbook(io.BytesIO(report_xlsx(content)))["Data sources"]
    names = sorted(str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[1])
    assert names == ["peserta-2024-06.csv", "wf-2024.csv", "wf-kota.csv"]
