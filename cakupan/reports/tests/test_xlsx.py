from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from cakupan.reports.content import report_content
from cakupan.reports.xlsx import report_xlsx

pytestmark = pytest.mark.django_db


def _book(code: str, lang: str = "id") -> Any:
    content = report_content(AnonymousUser(), code=code, period="2024-06", lang=lang)
    return load_workbook(io.BytesIO(report_xlsx(content)))


def _by_key(sheet: Any) -> dict[str, Any]:
    return {row[2]: row[1] for row in sheet.iter_rows(values_only=True) if len(row) > 2 and row[2]}


def test_the_summary_cells_equal_the_api_for_every_indicator(client: Client, figures: None) -> None:
    api: dict[str, Any] = client.get("/api/v1/indicators/53/2024-06").json()
    book = _book("53", lang="en")
    cells = _by_key(book["Summary"])
    checked = 0
    for key, value in cells.items():
        if key in api and key not in ("workers_period", "target_reached_month", "ucj_reached_month"):
            assert value == api[key], key
            checked += 1
    assert checked >= 20
    assert cells["coverage_rate"] == 33.73 and isinstance(cells["active"], int)
    assert cells["workers_period"] == datetime(2023, 6, 1)  # a month is a date, not text


def test_sheets_have_frozen_headers_number_formats_and_widths(figures: None) -> None:
    book = _book("53")
    assert book.sheetnames[:4] == ["Ringkasan", "Segmen", "Tren", "Sub-wilayah"]
    children = book["Sub-wilayah"]
    assert children.freeze_panes == "A3"  # the simulated-data label, then the header
    header = [c.value for c in children[2]]
    assert header[:4] == ["Peringkat", "Kode", "Wilayah", "Cakupan"]
    first = [c for c in children[3]]
    assert first[2].value == "Kabupaten Kupang" or first[2].value == "Kota Kupang"
    assert isinstance(first[3].value, float) and first[3].number_format == '0.00" %"'
    assert children.column_dimensions["C"].width >= 30
    trend = book["Tren"]
    months = [row[0] for row in trend.iter_rows(min_row=3, values_only=True)]
    assert months[0] == datetime(2023, 6, 1) and months[-1] == datetime(2024, 6, 1) and len(months) == 13


def test_text_from_data_never_becomes_a_formula(figures: None) -> None:
    """The participation file was named `=HYPERLINK(evil).csv`: in the sources sheet it is inert text."""
    sources = _book("53")["Sumber data"]
    names = [c for c in sources["B"] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert names, "the file name should be listed"
    for cell in names:
        assert cell.value.startswith("'=") and cell.data_type == "s"
    every = [c for sheet in _book("53").worksheets for row in sheet.iter_rows() for c in row]
    assert not [c for c in every if c.data_type == "f"]


def test_a_simulated_report_says_so_on_every_sheet(figures: None) -> None:
    book = _book("53")
    assert len(book.worksheets) >= 5
    for sheet in book.worksheets:
        assert sheet["A1"].value == "Data simulasi", sheet.title


def test_dates_are_dates(figures: None) -> None:
    summary = _book("53")["Ringkasan"]
    made = next(row[1] for row in summary.iter_rows(values_only=True) if row[0] == "Laporan dibuat")
    assert isinstance(made, datetime) and made.date() <= date.today()


def test_the_sub_regions_category_is_in_words_never_its_code(figures: None) -> None:
    for lang, words in (("id", {"sangat rendah", "rendah", "sedang", "tinggi"}), ("en", {"very low", "low"})):
        children = _book("53", lang=lang).worksheets[3]
        assert children.cell(2, 5).value in ("Kategori", "Category")
        bands = {row[4] for row in children.iter_rows(min_row=3, values_only=True)} - {None}
        assert bands and bands <= words | {"medium", "high"}, bands


def test_the_data_sources_name_each_dataset_in_words_with_its_key_beside_it(figures: None) -> None:
    for lang, participation in (("id", "Kepesertaan"), ("en", "Participation")):
        sheet = _book("53", lang=lang).worksheets[-1]
        header = [c.value for c in sheet[2]]
        assert header[-1] == "Key (API)" or header[-1] == "Kunci (API)"
        rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[-1]]
        labels = {row[-1]: row[0] for row in rows}
        assert labels["participation"].startswith(participation), labels
        assert labels["workforce"] != "workforce"
