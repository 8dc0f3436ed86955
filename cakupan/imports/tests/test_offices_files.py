"""Files as regional offices make them (issue 13 §2, contract v2): title rows above the header, Indonesian
numbers, percent cells, total rows, a hidden first sheet — read as the user sees them, or refused by name."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from cakupan.imports.validation import validate_file
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db


def _workbook(
    sheets: list[tuple[str, list[list[object]], bool]], percent_cells: tuple[str, ...] = ()
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    for ref in percent_cells:
        book.worksheets[-1][ref].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_a_title_and_indonesian_numbers_is_read_as_the_office_wrote_it() -> None:
    content = _workbook(
        [
            ("Catatan", [["jangan dibaca"]], True),
            (
                "Tenaga Kerja",
                [
                    ["Data Penduduk Bekerja Provinsi NTT, Agustus 2024"],
                    [],
                    ["Kode Wilayah", "Periode", "Sektor", "Jumlah Pekerja", "Sumber"],
                    ["53.71", "2024-06", "Total", "105.120", "BPS Sakernas"],
                    ["53", "2024-06", "total", "1.654.526", "BPS Sakernas"],
                ],
                False,
            ),
        ]
    )
    result = validate_file(dataset_name="workforce", file_name="tk.xlsx", content=content)
    assert result.ok, result.problems
    assert [r.value for r in result.rows] == [105_120, 1_654_526]
    assert result.sheet == "Tenaga Kerja"
    assert result.header_row == 3
    assert [n for n, _text in result.title_rows] == [1]
    assert result.sample[0] == (
        4,
        [
            ("region_code", "53.71", "53.71"),
            ("period", "2024-06", "2024-06"),
            ("sector", "Total", "total"),
            ("workers", "105.120", "105120"),
            ("source", "BPS Sakernas", "BPS Sakernas"),
        ],
    )


def test_a_percent_cell_is_a_percentage_as_the_user_sees_it() -> None:
    content = _workbook(
        [
            (
                "Target",
                [["region_code", "year", "indicator", "value"], ["51", 2025, "coverage_rate", 0.455]],
                False,
            )
        ],
        percent_cells=("D2",),
    )
    result = validate_file(dataset_name="targets", file_name="t.xlsx", content=content)
    assert result.ok, result.problems
    assert str(result.rows[0].value) == "45.5"


def test_a_fraction_where_a_percentage_is_expected_is_refused_as_one() -> None:
    content = csv_bytes(
        ["region_code", "year", "indicator", "value"], [("51", "2025", "coverage_rate", "0.455")]
    )
    with translation.override("en"):
        result = validate_file(dataset_name="targets", file_name="t.csv", content=content)
    assert [(p.row, p.column) for p in result.problems] == [(2, "value")]
    assert "fraction" in result.problems[0].reason


def test_total_rows_are_refused_by_name_and_the_sector_total_is_not_one() -> None:
    content = csv_bytes(
        ["kode_wilayah", "periode", "sektor", "pekerja"],
        [("53.71", "2024-06", "total", "10"), ("JUMLAH", "2024-06", "total", "10")],
    )
    with translation.override("en"):
        result = validate_file(dataset_name="workforce", file_name="tk.csv", content=content)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "region_code", "JUMLAH")]
    assert "total row" in result.problems[0].reason


def test_the_web_preview_names_the_title_rows_and_shows_values_as_read(
    client: Client, personas: Personas
) -> None:
    officer: User = personas.bpjs_officer_a
    client.force_login(officer)
    content = csv_bytes(
        ["Peserta BPJS Ketenagakerjaan Kota Kupang", "", "", "", ""],
        [
            ("", "", "", "", ""),
            ("kode_wilayah", "periode", "segmen", "status", "jumlah_peserta"),
            ("53.71", "2024-06", "PU", "aktif", "45.210"),
        ],
    )
    upload = SimpleUploadedFile("peserta.csv", content)
    response = client.post("/impor/", {"dataset": "participation", "file": upload}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-title-row="1"' in page and "Peserta BPJS Ketenagakerjaan Kota Kupang" in page
    assert "45.210 → <strong>45210</strong>" in page


def test_a_table_right_of_column_a_names_its_cells_by_the_letters_the_sheet_shows() -> None:
    content = _workbook(
        [
            (
                "Data",
                [
                    [None, "region_code", "period", "sector", "workers"],
                    [None, "53.71", "2024-06", "total", "10", "surplus"],
                ],
                False,
            )
        ]
    )
    result = validate_file(dataset_name="workforce", file_name="tk.xlsx", content=content)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(2, "F", "surplus")]
