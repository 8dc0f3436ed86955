"""The reader cannot be made to exhaust the process: every hostile workbook is refused with its reason, having
touched a bounded number of cells, and within a memory limit in a process of its own. And it reads files as
offices make them: the first visible sheet, the header below title rows, percent cells as percent cells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from cakupan.core.cells import Cell, PercentCell
from cakupan.imports.file_limits import Tally
from cakupan.imports.readers import FileRefused, Limits, Table, read_table, sheet_hint, total_row_label
from cakupan.imports.tests import hostile_workbooks as hostile
from cakupan.imports.tests.hostile_workbooks import row, sheet, styles, table_rows, workbook
from cakupan.imports.xlsx_reader import Workbook

HEADER = ("region_code", "period", "sector", "workers", "source")
GOOD = ("53.71", "2024-06", "total", 215000, "BPS Sakernas Agustus 2024")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def limits(**changes: int) -> Limits:
    return replace(Limits.from_settings(), **changes)


def refused(
    content: bytes, *, name: str = "data.xlsx", within: Limits | None = None
) -> tuple[FileRefused, Table | None]:
    """The refusal of a file read to its end, and the table as far as it was read (None: refused at once)."""
    table = None
    with pytest.raises(FileRefused) as caught:
        table = read_table(name, content, limits=within)
        for _row in table.rows:
            pass
    return caught.value, table


def touched(content: bytes, within: Limits | None = None) -> tuple[FileRefused, int]:
    """The refusal of a workbook's first sheet read row by row, and how many cells were touched by then."""
    within = within or Limits.from_settings()
    tally = Tally(within)
    with pytest.raises(FileRefused) as caught:
        book = Workbook(content, within)
        for _row in book.rows(book.sheets[0], tally):
            pass
    return caught.value, tally.cells


# --- hostile workbooks ------------------------------------------------------------------------------------


def test_it_refuses_a_cell_at_xfd1048576_by_the_declared_area_before_reading_any_cell() -> None:
    content = hostile.far_cell(HEADER, GOOD)
    assert len(content) < 5_000
    error, table = refused(content)
    assert touched(content)[1] == 0
    assert "declares that it uses A1:XFD1048576" in str(error)
    assert "200 columns and 10000000 cells are read" in str(error)
    assert table is None and error.row == 0


def test_without_a_declared_area_it_refuses_the_far_cell_where_it_stands_having_read_only_the_table() -> None:
    error, cells = touched(hostile.far_cell(HEADER, GOOD, dimension=False))
    assert "has a cell at XFD1048576, in row 1048576; at most 1000000 rows" in str(error)
    assert error.row == 1048576
    assert cells == 2 * len(HEADER)


def test_it_refuses_a_cell_beyond_the_last_column_even_when_its_row_is_allowed() -> None:
    error, _table = refused(hostile.far_cell(HEADER, GOOD, dimension=False), within=limits(rows=2_000_000))
    assert "Row 1048576 reaches column XFD (column 16384); at most 200 columns" in str(error)


def test_a_lying_declared_area_does_not_fool_the_count_of_cells() -> None:
    content = hostile.lying_dimension(HEADER, GOOD, rows=400, columns=10)
    error, cells = touched(content, within=limits(cells=1_000))
    assert "more than 1000 cells" in str(error)
    assert cells == 1_001
    assert error.row == 2 + (1_000 - 2 * len(HEADER)) // 10 + 1


def test_it_stops_at_the_row_limit_whatever_the_sheet_declares() -> None:
    content = hostile.lying_dimension(HEADER, GOOD, rows=400, columns=2)
    error, _table = refused(content, within=limits(rows=100))
    assert "has a cell at A101, in row 101; at most 100 rows" in str(error) and error.row == 101


def test_it_refuses_a_16384_column_row_at_its_first_cell_beyond_the_limit() -> None:
    error, cells = touched(hostile.wide_row(HEADER, GOOD))
    assert "Row 3 reaches column GS (column 201); at most 200 columns" in str(error)
    assert error.row == 3
    assert cells == 2 * len(HEADER) + 200


def test_it_refuses_a_table_of_texts_declared_larger_than_the_cells_read_before_reading_it() -> None:
    error, table = refused(hostile.shared_texts_bomb(HEADER, texts=3, declared=2**31))
    assert "table of texts holds more than 10000000 texts" in str(error)
    assert table is None


def test_it_counts_the_texts_of_a_table_that_does_not_declare_them() -> None:
    error, _table = refused(
        hostile.shared_texts_bomb(HEADER, texts=5_000, declared=None), within=limits(cells=1_000)
    )
    assert "more than 1000 texts" in str(error)


def test_it_refuses_a_million_styles_declared_as_one_at_the_64001st() -> None:
    content = hostile.million_styles(HEADER, GOOD)
    assert len(content) > 10_000_000  # kept uncompressed: the compression ratio does not give it away
    error, table = refused(content)
    assert "more than 64000 styles" in str(error)
    assert table is None


@pytest.mark.parametrize("part", ["sheet", "texts"])
def test_it_refuses_entity_expansion_at_the_document_type_declaration(part: str) -> None:
    error, _table = refused(hostile.billion_laughs(HEADER, GOOD, part=part))
    assert "document type declaration (DOCTYPE)" in str(error)


def test_a_cell_of_more_than_32767_characters_is_refused_with_its_row() -> None:
    long = sheet([*table_rows(HEADER, GOOD), row(3, ["x" * 32_768])])
    error, _table = refused(workbook([("Data", long)]))
    assert "Row 3 has a cell longer than 32767 characters" in str(error) and error.row == 3


# --- the same, in a process of its own with 1 GiB of address space ----------------------------------------

CHILD = """
import json, resource, sys
import django
django.setup()
from django.utils import translation
from cakupan.imports.readers import FileRefused, read_table
translation.activate("en")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
content = open(sys.argv[1], "rb").read()
try:
    table = read_table("data.xlsx", content)
    outcome = {"rows": sum(1 for _ in table.rows)}
except FileRefused as exc:
    outcome = {"refused": str(exc)}
outcome["grew_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps(outcome))
"""

# Built in the parent; the limits from settings, or from these variables of the child's environment.
SMALL = {"CAKUPAN_IMPORT_MAX_CELLS": "100000"}
HOSTILE: dict[str, tuple[Callable[[], bytes], str, dict[str, str]]] = {
    "XFD1048576": (lambda: hostile.far_cell(HEADER, GOOD), "A1:XFD1048576", {}),
    "XFD1048576, no area": (lambda: hostile.far_cell(HEADER, GOOD, dimension=False), "XFD1048576", {}),
    "16,384 columns": (lambda: hostile.wide_row(HEADER, GOOD), "column GS", {}),
    "texts declared": (lambda: hostile.shared_texts_bomb(HEADER, texts=3, declared=2**31), "texts", {}),
    "texts counted": (
        lambda: hostile.shared_texts_bomb(HEADER, texts=300_000, declared=None),
        "more than 100000 texts",
        SMALL,
    ),
    "lying area": (
        lambda: hostile.lying_dimension(HEADER, GOOD, rows=20_000, columns=10),
        "more than 100000 cells",
        SMALL,
    ),
    "million styles": (lambda: hostile.million_styles(HEADER, GOOD), "styles", {}),
    "billion laughs": (lambda: hostile.billion_laughs(HEADER, GOOD), "DOCTYPE", {}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_workbook_is_refused_within_a_memory_limit_in_a_process_of_its_own(
    name: str, tmp_path: Path
) -> None:
    build, reason, variables = HOSTILE[name]
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(build())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cakupan.settings", "PYTHONPATH": str(ROOT), **variables}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert reason in outcome.get("refused", ""), outcome
    assert outcome["grew_kib"] < 200 * 1024, outcome  # the file itself and its parsing, not its empty area


# --- workbooks as offices make them -----------------------------------------------------------------------


def test_it_reads_the_first_visible_sheet_and_names_the_hidden_one() -> None:
    guide = sheet([row(1, ["rumus"]), row(2, ["=A1*2"])])
    data = sheet(table_rows(HEADER, GOOD))
    table = read_table("data.xlsx", workbook([("Rumus", guide), ("Data", data)], hidden=["Rumus"]))
    assert (table.sheet, table.sheets, table.hidden_sheets) == ("Data", ("Rumus", "Data"), ("Rumus",))
    assert table.header == list(HEADER)
    assert list(table.rows) == [(2, ["53.71", "2024-06", "total", 215000.0, "BPS Sakernas Agustus 2024"])]
    hint = sheet_hint(table)
    assert hint is not None and "first visible sheet, 'Data'" in hint and "'Rumus'" in hint


def test_it_refuses_a_workbook_whose_every_sheet_is_hidden() -> None:
    error, _table = refused(workbook([("Data", sheet(table_rows(HEADER, GOOD)))], hidden=["Data"]))
    assert "Every sheet of the workbook is hidden" in str(error)


def _accepts(cells: list[str]) -> bool:
    return sum(c.strip().lower() in HEADER for c in cells) >= 2


def test_title_rows_above_the_header_are_skipped_and_named_and_rows_keep_their_numbers() -> None:
    rows = [row(1, ["Data Peserta BPJS Ketenagakerjaan Provinsi NTT"]), *table_rows(HEADER, GOOD, first=3)]
    table = read_table("data.xlsx", workbook([("Data", sheet(rows))]), is_header=_accepts)
    assert table.header == list(HEADER) and table.header_row == 3
    assert table.title_rows == [(1, "Data Peserta BPJS Ketenagakerjaan Provinsi NTT")]
    assert [number for number, _cells in table.rows] == [4]


def test_without_a_way_to_tell_the_header_the_first_row_is_the_header() -> None:
    rows = [row(1, ["Data Peserta BPJS Ketenagakerjaan Provinsi NTT"]), *table_rows(HEADER, GOOD, first=3)]
    table = read_table("data.xlsx", workbook([("Data", sheet(rows))]))
    assert table.header == ["Data Peserta BPJS Ketenagakerjaan Provinsi NTT"] and table.header_row == 1
    assert [number for number, _cells in table.rows] == [3, 4]


def test_a_header_below_the_rows_searched_is_not_taken_and_the_first_row_stays_the_header() -> None:
    rows = [row(1, ["Judul"]), *table_rows(HEADER, GOOD, first=5)]
    table = read_table(
        "data.xlsx", workbook([("Data", sheet(rows))]), is_header=_accepts, limits=limits(header_rows=4)
    )
    assert table.header == ["Judul"] and table.title_rows == []
    assert [number for number, _cells in table.rows] == [5, 6]


def test_a_table_right_of_column_a_starts_at_its_header() -> None:
    rows = [row(2, [None, *HEADER]), row(3, [None, *GOOD])]
    table = read_table("data.xlsx", workbook([("Data", sheet(rows))]), is_header=_accepts)
    assert table.header == list(HEADER) and table.first_column == 1
    assert next(table.rows)[1][0] == "53.71"


def test_a_csv_title_row_with_commas_does_not_decide_the_separator() -> None:
    content = "Data Peserta, Provinsi NTT\n\n" + ";".join(HEADER) + "\n53.71;2024-06;total;215000;BPS\n"
    table = read_table("data.csv", content.encode(), is_header=_accepts)
    assert table.header == list(HEADER) and table.header_row == 3
    assert table.title_rows == [(1, "Data Peserta, Provinsi NTT")]
    assert list(table.rows) == [(4, ["53.71", "2024-06", "total", "215000", "BPS"])]


def test_a_csv_whose_header_is_not_found_keeps_its_first_line_as_header_and_separator() -> None:
    content = b"kode;bulan\n53.71;2024-06\n"
    table = read_table("data.csv", content, is_header=_accepts)
    assert (table.header, table.header_row, table.title_rows) == (["kode", "bulan"], 1, [])
    assert list(table.rows) == [(2, ["53.71", "2024-06"])]


def test_a_csv_is_refused_beyond_its_row_column_and_cell_limits() -> None:
    lines = ",".join(HEADER) + "\n" + "53.71,2024-06,total,1,BPS\n" * 50
    error, _table = refused(lines.encode(), name="data.csv", within=limits(rows=20))
    assert "more than 20 rows" in str(error) and error.row == 21
    error, _table = refused(lines.encode(), name="data.csv", within=limits(cells=100))
    assert "more than 100 cells" in str(error) and error.row == 21
    error, _table = refused(("a," * 300 + "a\n").encode(), name="data.csv")
    assert "Row 1 reaches column KO (column 301); at most 200 columns" in str(error)


def test_percent_cells_arrive_as_percent_cells_and_dates_stay_dates() -> None:
    formats = styles(
        (9, None), (10, None), (164, "0.0%"), (165, '0.0" %"'), (166, "0.0\\%"), (14, None), (0, None)
    )
    values = [0.45, 0.455, 0.455, 45.5, 45.5, 45444, 52000]
    rows = [row(1, list("abcdefg")), row(2, values, styles=list(range(7)))]
    table = read_table("data.xlsx", workbook([("Data", sheet(rows))], styles=formats))
    ((_number, cells),) = list(table.rows)
    assert [type(c) for c in cells[:5]] == [PercentCell, PercentCell, PercentCell, float, float]
    assert cells[:3] == [0.45, 0.455, 0.455]
    assert cells[5] == date(2024, 6, 1) and cells[6] == 52000.0 and not isinstance(cells[6], PercentCell)


def test_a_date_time_cell_and_a_shared_text_are_read_as_excel_shows_them() -> None:
    runs = "<r><t>Kota </t></r><r><t>Kupang</t></r><rPh><t>x</t></rPh>"  # the phonetic run is not read
    texts = f'<sst xmlns="{hostile.MAIN}"><si>{runs}</si></sst>'
    cells = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="0"><v>45444.5</v></c>'
        '<c r="C1" t="b"><v>1</v></c></row>'
    )
    content = workbook([("Data", sheet([cells]))], styles=styles((22, None)), shared_texts=texts)
    table = read_table("data.xlsx", content)
    assert table.header == ["Kota Kupang", str(datetime(2024, 6, 1, 12)), "True"]


# --- total rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Jumlah",
        "TOTAL",
        " jumlah total ",
        "Grand Total",
        "Sub Total",
        "Subtotal",
        "Sub-total:",
        "JUMLAH  TOTAL",
    ],
)
def test_a_total_row_is_named_by_its_label(label: str) -> None:
    assert total_row_label([label, "2024-06", 215000.0]) == label.strip()


@pytest.mark.parametrize(
    "cells", [["Total Kota Kupang", 1.0], ["Kota Kupang", None, 5.0], ["53.71", "2024-06", 215000.0], []]
)
def test_a_row_of_data_has_no_total_label(cells: list[Cell]) -> None:
    assert total_row_label(cells) is None


def test_a_number_is_never_a_total_label_but_any_text_cell_given_can_be() -> None:
    assert total_row_label([1.0, 2.0]) is None
    # "total" is also a workforce sector: the caller passes the cells that name the row, not every cell.
    assert total_row_label(["53.71", "2024-06", "total"]) == "total"
