"""The parts of the report other domains contribute: regulations and budgets for everyone, follow-ups and
compliance only for readers whose role covers the region."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.compliance.tests.helpers import non_compliant
from cakupan.monev.tests.helpers import follow_up, meeting, regulation
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.xlsx import report_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(figures: None, personas: Any) -> None:
    regulation("53", personas.officer_a, number="7 Tahun 2024")
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 5, 20))
    follow_up(
        m, personas.officer_a, action="Anggarkan iuran 12.800 pekerja rentan", due_on=dt.date(2024, 9, 30)
    )
    non_compliant("NPP0001", region="53.71", period="2024-06")


def _pdf_text(user: Any) -> str:
    content = report_content(user, code="53", period="2024-06", lang="id")
    reader = PdfReader(io.BytesIO(report_pdf(content)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_officer_of_the_region_reads_regulations_follow_ups_and_compliance(
    records: None, personas: Any
) -> None:
    text = _pdf_text(personas.officer_a)
    assert "7 Tahun 2024" in text and "Regulasi dan anggaran" in text
    assert "Anggarkan iuran 12.800 pekerja rentan" in text
    compliance = _pdf_text(personas.compliance_a)
    assert "Kepatuhan pemberi kerja" in compliance


def test_the_public_report_keeps_regulations_and_leaves_out_follow_ups_and_compliance(records: None) -> None:
    text = _pdf_text(AnonymousUser())
    assert "7 Tahun 2024" in text
    assert "Anggarkan iuran" not in text and "Kepatuhan pemberi kerja" not in text


def test_the_officer_of_another_region_does_not_read_region_as_follow_ups(
    records: None, personas: Any
) -> None:
    assert "Anggarkan iuran" not in _pdf_text(personas.officer_b)


def test_the_workbook_has_a_sheet_per_section_with_typed_cells(records: None, personas: Any) -> None:
    content = report_content(personas.officer_a, code="53", period="2024-06", lang="en")
    book = load_workbook(io.BytesIO(report_xlsx(content)))
    assert "Regulations and budgets" in book.sheetnames and "Open follow-ups" in book.sheetnames
    follow_ups = list(book["Open follow-ups"].iter_rows(values_only=True))
    row = next(r for r in follow_ups if r[2] == "Anggarkan iuran 12.800 pekerja rentan")
    assert row[4] == dt.datetime(2024, 9, 30) and row[5] == "overdue"
