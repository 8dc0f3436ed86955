"""The bad-input corpus: every broken file, the dataset it is offered as, and the refusal expected (the row
and column named, and a fragment of the reason). Small text files live in `files/`; binary, huge or
generated ones are built by `build.py` when the test runs."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.imports.tests import hostile_workbooks as hostile
from tests.corpus.build import csv_text, many_parts, parquet, workbook, zip_bomb
from tests.corpus.seed import GOOD_ROWS, HEADERS

FILES = Path(__file__).parent / "files"

# A made-up NIK (Kota Kupang, born 1 July 1985, a woman) planted in the files that carry one. It must not
# appear in any report, page, log, stored row or kept file.
NIK = "5371014107850003"
NIK_SPACED = "5371 0141 0785 0003"  # the same NIK as people write it; found by its shape (cakupan.core.nik)
HASH = "3f" * 32

# The kinds of broken input the issue lists, and the datasets where each can happen.
ITEMS = (
    "encoding",
    "columns",
    "region",
    "period",
    "negative",
    "duplicate",
    "separator",
    "formula",
    "empty",
    "huge_cell",
    "zip_bomb",
    "raw_nik",
    "wrong_sheet",
    "hostile_xlsx",  # a workbook built to exhaust the reader: a far cell, a bomb of texts, styles or entities
    "total_row",  # a "Jumlah"/"Total" row below the data, as offices add them
)
TABLES = ("workforce", "participation", "targets", "employers", "vulnerable_funding", "benefits")
APPLIES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(TABLES, ITEMS),
    # Participant files have no numbers, accept codes with and without dots by design, and are not XLSX.
    "participants": ("encoding", "columns", "region", "period", "empty", "huge_cell", "raw_nik"),
    "match_list": ("columns", "region", "empty", "raw_nik"),
    "boundaries": ("encoding", "region", "duplicate", "empty", "huge_cell", "raw_nik"),
}
# Where a dataset can be imported besides the service: every one through `cakupan`; these through pages.
WEB = (*TABLES, "match_list")
API = ("workforce", "participation", "targets")


@dataclass(frozen=True)
class Case:
    dataset: str
    name: str  # the file's name: in files/<dataset>/, or the name a built file gets
    row: int  # the row named (the header is row 1; 0: the file as a whole)
    column: str  # the column named ("" for the file or a whole row)
    reason: str  # a fragment of the (English) reason
    covers: str  # which item of ITEMS, or "other"
    build: Callable[[], bytes] | None = None
    nik: bool = False  # the file holds NIK: it must not come out anywhere
    via: tuple[str, ...] = ()  # besides the service: "cli", "web", "api", "process"

    @property
    def id(self) -> str:
        return f"{self.dataset}/{self.name}"

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.build() if self.build else (FILES / self.dataset / self.name).read_bytes())
        return path


def _rows(dataset: str, *changes: dict[int, object]) -> list[list[object]]:
    """The good row of a dataset once per change, with that change applied (column index → value)."""
    return [[change.get(i, value) for i, value in enumerate(GOOD_ROWS[dataset])] for change in changes]


def csv_file(dataset: str, *changes: dict[int, object], encoding: str = "utf-8") -> Callable[[], bytes]:
    """A builder of a CSV of the dataset: its good row once per change, with the change applied."""
    return lambda: csv_text(HEADERS[dataset], *_rows(dataset, *changes), encoding=encoding)


def _xlsx(dataset: str, *changes: dict[int, object]) -> Callable[[], bytes]:
    return lambda: workbook([("Data", [HEADERS[dataset], *_rows(dataset, *changes)])])


def _xlsx_percent(dataset: str, column: int, fraction: float) -> Callable[[], bytes]:
    """An XLSX of the dataset's good row with `fraction` in `column`, formatted as a percentage (0.455 shows
    as 45.5%): what an office gets when it pastes a rate into a count column."""

    def build() -> bytes:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(_xlsx(dataset, {column: fraction})()))
        sheet = book.active
        assert sheet is not None
        sheet.cell(row=2, column=column + 1).number_format = "0.0%"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return build


def _wrong_sheet(dataset: str) -> Callable[[], bytes]:
    guide = [["Petunjuk pengisian: isi lembar Data, satu baris per wilayah dan bulan."]]
    return lambda: workbook([("Petunjuk", guide), ("Data", [HEADERS[dataset], *_rows(dataset, {})])])


def _empty_first_sheet(dataset: str) -> Callable[[], bytes]:
    return lambda: workbook([("Sheet1", []), ("Data", [HEADERS[dataset], *_rows(dataset, {})])])


def _bomb(dataset: str, honest: bool = True) -> Callable[[], bytes]:
    return lambda: zip_bomb(HEADERS[dataset], honest=honest)


BIG = 200_000  # characters: more than a CSV cell may hold (131,072)
LONG = 32_767  # characters: the most an Excel cell holds

# A column of each table dataset that takes one of a few words (by index), for the generated cases, and
# what a very long cell there is told.
CHOICE = {
    "workforce": 2,
    "participation": 2,
    "targets": 2,
    "employers": 8,
    "vulnerable_funding": 2,
    "benefits": 2,
}
NOT_ONE_OF = {dataset: "not one of" for dataset in TABLES} | {"employers": "unknown program"}


# The 5 KB workbook with a cell at XFD1048576 that once made the reader allocate 512 GiB, tried every way in
# where the dataset has it.
FAR_CELL_VIA = {
    "workforce": ("cli", "web", "api", "process"),
    "participation": ("web",),
    "employers": ("web",),
    "vulnerable_funding": ("cli",),
}


def _generated(dataset: str) -> list[Case]:
    """The broken files every table dataset gets, built from its header and good row."""
    choice = CHOICE[dataset]
    accented = {choice: "Sumbér"} if dataset != "employers" else {1: "PT Sumbér Rejeki"}
    return [
        Case(dataset, "empty.csv", 0, "", "The file is empty", "empty", lambda: b""),
        Case(
            dataset,
            "latin1.csv",
            3,
            "",
            "not UTF-8 text: row 3 has byte 0xE9",
            "encoding",
            csv_file(dataset, {}, accented, encoding="latin-1"),
        ),
        Case(dataset, "zip_bomb.xlsx", 0, "", "unpacks to 3072 MB", "zip_bomb", _bomb(dataset)),
        Case(
            dataset,
            "wrong_sheet.xlsx",
            0,
            "",
            "first sheet, 'Petunjuk'",
            "wrong_sheet",
            _wrong_sheet(dataset),
        ),
        Case(
            dataset,
            "huge_cell.csv",
            3,
            "",
            "Row 3 has a cell longer than 131072 characters",
            "huge_cell",
            csv_file(dataset, {}, {choice: "x" * BIG}),
        ),
        Case(
            dataset,
            "long_cell.xlsx",
            2,
            HEADERS[dataset][choice],
            NOT_ONE_OF[dataset],
            "huge_cell",
            _xlsx(dataset, {choice: "Y" * LONG}),
        ),
        Case(
            dataset,
            "far_cell.xlsx",
            0,
            "",
            "declares that it uses A1:XFD1048576",
            "hostile_xlsx",
            lambda: hostile.far_cell(HEADERS[dataset], GOOD_ROWS[dataset]),
            via=FAR_CELL_VIA.get(dataset, ()),
        ),
    ]


# (file, row, column, reason, item) of each dataset: the file is in files/<dataset>/ unless BUILT makes it.
EXPECTED: dict[str, list[tuple[str, int, str, str, str]]] = {
    "workforce": [
        ("total_row.csv", 3, "region_code", "a total row", "total_row"),
        ("nik_spaced_in_source.csv", 2, "source", "looks like a NIK", "raw_nik"),
        ("nik_as_number.xlsx", 2, "workers", "looks like a NIK", "raw_nik"),
        ("utf16.csv", 0, "", "UTF-16", "encoding"),
        ("missing_column.csv", 1, "workers", "required column is missing", "columns"),
        ("extra_column.csv", 1, "keterangan", "unknown column for workforce", "columns"),
        ("extra_cells.csv", 3, "F", "more cells than the header", "columns"),
        ("unknown_region.csv", 3, "region_code", "unknown region code 53.99", "region"),
        ("region_as_decimal.xlsx", 2, "region_code", "loses zeros", "region"),
        ("period_13.csv", 2, "period", "the month must be 01 to 12", "period"),
        ("future_period.csv", 2, "period", "in the future", "period"),
        ("period_as_number.xlsx", 2, "period", "YYYY-MM text", "period"),
        ("negative.csv", 2, "workers", "a count cannot be negative", "negative"),
        ("duplicate.csv", 4, "region_code, period, sector", "duplicate of row 2", "duplicate"),
        ("fraction_in_count.csv", 2, "workers", "not a whole number", "separator"),
        ("formula.csv", 2, "source", "starts with =", "formula"),
        ("header_only.csv", 0, "", "header but no data rows", "empty"),
        ("blank.xlsx", 0, "", "The file is empty", "empty"),
        ("huge_header.csv", 1, "k" * 80 + "…", "unknown column", "huge_cell"),
        ("zip_bomb_lying.xlsx", 0, "", "larger than its declared uncompressed size", "zip_bomb"),
        ("many_parts.xlsx", 0, "", "far more parts than a workbook has", "zip_bomb"),
        ("empty_first_sheet.xlsx", 0, "", "'Sheet1', is empty", "wrong_sheet"),
        ("nik_in_source.csv", 2, "source", "looks like a NIK", "raw_nik"),
        ("nik_in_region_code.csv", 2, "region_code", "not a Kemendagri region code", "raw_nik"),
        ("csv_named_xlsx.xlsx", 0, "", "damaged or not an Excel workbook", "other"),
        ("unclosed_quote.csv", 3, "", "cannot be read as CSV", "other"),
        ("nul.csv", 0, "", "NUL characters", "other"),
        ("unknown_sector.csv", 2, "sector", "not one of: total, formal, informal", "other"),
        ("report.pdf", 0, "", "Unsupported file type", "other"),
        ("far_cell_no_area.xlsx", 1048576, "", "has a cell at XFD1048576, in row 1048576", "hostile_xlsx"),
        ("lying_area.xlsx", 3, "", "Row 3 reaches column XFD (column 16384)", "hostile_xlsx"),
        ("wide_row.xlsx", 3, "", "Row 3 reaches column GS (column 201)", "hostile_xlsx"),
        ("texts_bomb.xlsx", 0, "", "table of texts holds more than 10000000 texts", "hostile_xlsx"),
        ("million_styles.xlsx", 0, "", "more than 64000 styles", "hostile_xlsx"),
        ("billion_laughs.xlsx", 0, "", "document type declaration (DOCTYPE)", "hostile_xlsx"),
        ("billion_laughs_texts.xlsx", 0, "", "document type declaration (DOCTYPE)", "hostile_xlsx"),
    ],
    "participation": [
        ("total_row.xlsx", 3, "region_code", "a total row", "total_row"),
        ("missing_status.csv", 1, "status", "required column is missing", "columns"),
        ("no_header.csv", 1, "53.71", "unknown column for participation", "columns"),
        ("semicolon_unknown_region.csv", 3, "region_code", "unknown region code 99", "region"),
        ("period_13.xlsx", 2, "period", "the month must be 01 to 12", "period"),
        ("negative.xlsx", 2, "participants", "a count cannot be negative", "negative"),
        ("duplicate.csv", 3, "region_code, period, segment, status", "duplicate of row 2", "duplicate"),
        ("comma_fraction.csv", 2, "participants", "not a whole number", "separator"),
        ("decimal_count.csv", 2, "participants", "not a whole number", "separator"),
        ("percent_cell.xlsx", 2, "participants", "a percentage where a number of people", "other"),
        ("formula_in_count.csv", 2, "participants", "not a whole number", "formula"),
        ("nik_in_count.csv", 2, "participants", "looks like a NIK", "raw_nik"),
        ("unknown_segment.csv", 3, "segment", "not one of: PU, BPU, JAKON, PMI", "other"),
    ],
    "targets": [
        ("total_row.csv", 3, "region_code", "a total row", "total_row"),
        ("missing_value.csv", 1, "value", "required column is missing", "columns"),
        ("unknown_region.csv", 2, "region_code", "unknown region code 53.72.05", "region"),
        ("two_digit_year.csv", 2, "year", "four digits", "period"),
        ("negative.csv", 2, "value", "cannot be negative", "negative"),
        ("duplicate.csv", 3, "region_code, year, indicator", "duplicate of row 2", "duplicate"),
        ("both_separators.csv", 2, "value", "both . and , in a percentage", "separator"),
        ("formula_at.csv", 2, "source", "starts with @", "formula"),
        ("nik_in_source.csv", 2, "source", "looks like a NIK", "raw_nik"),
        ("coverage_over_100.csv", 2, "value", "at most 100", "other"),
        ("fraction_target.csv", 2, "value", "looks like a fraction (0.455)", "other"),
        ("unknown_indicator.csv", 2, "indicator", "not one of", "other"),
    ],
    "employers": [
        ("total_row.csv", 3, "name", "a total row", "total_row"),
        ("missing_column.csv", 1, "registered_wages_idr", "required column is missing", "columns"),
        ("unknown_region.csv", 2, "region_code", "unknown region code 53.99", "region"),
        ("national_region.csv", 2, "region_code", "not nationally", "region"),
        ("period_13.csv", 2, "period", "the month must be 01 to 12", "period"),
        ("negative_workers.csv", 2, "reported_workers", "a count cannot be negative", "negative"),
        ("duplicate.csv", 4, "employer_id, period", "duplicate of row 2", "duplicate"),
        ("wages_with_sen.csv", 2, "reported_wages_idr", "not a whole number of rupiah", "separator"),
        ("formula_name.csv", 2, "name", "starts with =", "formula"),
        ("nik_as_employer_id.csv", 3, "employer_id", "looks like a NIK", "raw_nik"),
        ("wrong_sheet_web.xlsx", 0, "", "first sheet, 'Petunjuk'", "wrong_sheet"),
        ("unknown_program.csv", 2, "programs", "unknown program JKN", "other"),
        ("wages_without_workers.csv", 2, "registered_wages_idr", "without registered workers", "other"),
    ],
    "vulnerable_funding": [
        ("total_row.csv", 3, "region_code", "a total row", "total_row"),
        ("extra_cells.csv", 3, "G", "more cells than the header", "columns"),
        ("unknown_region.csv", 2, "region_code", "unknown region code 53.98", "region"),
        ("year_1999.csv", 2, "year", "between 2000", "period"),
        ("negative_amount.csv", 2, "amount_idr", "an amount cannot be negative", "negative"),
        ("duplicate.csv", 3, "region_code, year, funder", "duplicate of row 2", "duplicate"),
        ("amount_with_sen.csv", 2, "amount_idr", "not a whole number of rupiah", "separator"),
        ("formula_in_amount.csv", 2, "amount_idr", "not a whole number", "formula"),
        ("nik_in_workers.csv", 2, "workers", "looks like a NIK", "raw_nik"),
        ("zip_bomb_web.xlsx", 0, "", "unpacks to 3072 MB", "zip_bomb"),
        ("months_13.csv", 2, "months", "1 to 12", "other"),
        ("unknown_funder.csv", 2, "funder", "not one of", "other"),
        ("village_mismatch.csv", 2, "workers", "villages × workers_per_village", "other"),
    ],
    "benefits": [
        ("total_row.csv", 3, "region_code", "a total row", "total_row"),
        ("utf16.csv", 0, "", "UTF-16", "encoding"),
        ("extra_column.csv", 1, "catatan", "unknown column for benefits", "columns"),
        ("unknown_region.csv", 2, "region_code", "unknown region code 53.71.99", "region"),
        ("period_13.csv", 2, "period", "the month must be 01 to 12", "period"),
        ("negative_claims.csv", 2, "claims", "a count cannot be negative", "negative"),
        ("duplicate.csv", 3, "region_code, period, program", "duplicate of row 2", "duplicate"),
        ("foreign_currency.csv", 2, "amount_idr", "not a whole number of rupiah", "separator"),
        ("formula_in_count.csv", 2, "claims", "not a whole number", "formula"),
        ("nik_in_region_code.csv", 2, "region_code", "not a Kemendagri region code", "raw_nik"),
        ("unknown_program.csv", 3, "program", "not one of", "other"),
        ("amount_without_claims.csv", 2, "claims", "at least one claim", "other"),
    ],
    "participants": [
        ("latin1.csv", 3, "", "row 3 is not UTF-8 text", "encoding"),
        ("extra_column.csv", 1, "jenis_kelamin", "unknown column for participants", "columns"),
        ("ragged_row.csv", 3, "", "the row has 7 cells; the header has 6", "columns"),
        ("unknown_region.csv", 2, "region_code", "unknown region code 53.71.01.9999", "region"),
        ("period_13.csv", 2, "period", "not a month", "period"),
        ("empty.csv", 0, "", "The file is empty", "empty"),
        ("huge_cell.csv", 2, "region_code", "not a Kemendagri region code", "huge_cell"),
        ("raw_nik_column.csv", 1, "nik", "a raw NIK column is refused", "raw_nik"),
        ("nik_in_hash_column.csv", 3, "nik_hash", "not a keyed NIK hash", "raw_nik"),
        ("nik_in_employer_id.csv", 3, "employer_id", "looks like a NIK", "raw_nik"),
        ("nik_in_employer_id.parquet", 2, "employer_id", "looks like a NIK", "raw_nik"),
        ("headerless_niks.csv", 1, "[16 digits hidden]", "unknown column", "raw_nik"),
        ("nik_spaced_in_employer_id.csv", 3, "employer_id", "looks like a NIK", "raw_nik"),
        ("nik_dashed_in_employer_id.parquet", 2, "employer_id", "looks like a NIK", "raw_nik"),
        ("nik_as_excel_number.parquet", 2, "employer_id", "looks like a NIK", "raw_nik"),
        ("unknown_segment.csv", 2, "segment", "not one of", "other"),
        ("workbook.xlsx", 0, "", "Unsupported file type", "other"),
        ("not_parquet.parquet", 0, "", "cannot be read as parquet", "other"),
        ("nested_column.parquet", 1, "programs", "nested values (a list, struct or map)", "other"),
    ],
    "match_list": [
        ("missing_region.csv", 1, "region_code", "required column is missing", "columns"),
        ("outside_region.csv", 3, "region_code", "outside 53.71", "region"),
        ("empty.csv", 0, "", "The file is empty", "empty"),
        ("raw_nik_column.csv", 1, "nik", "a raw NIK column is refused", "raw_nik"),
        ("nik_in_agency.csv", 3, "agency", "looks like a NIK", "raw_nik"),
        ("nik_dotted_in_agency.csv", 3, "agency", "looks like a NIK", "raw_nik"),
    ],
    "boundaries": [
        ("latin1.geojson", 0, "", "not UTF-8 text", "encoding"),
        ("unknown_region.geojson", 2, "code", "unknown region code 53.99", "region"),
        ("duplicate.geojson", 2, "code", "duplicate of feature 1", "duplicate"),
        ("empty.geojson", 0, "", "The file is empty", "empty"),
        ("deep_nesting.geojson", 0, "", "not valid JSON", "huge_cell"),
        ("nik_as_code.geojson", 1, "code", "not a Kemendagri region code", "raw_nik"),
        ("invalid_json.geojson", 0, "", "not valid JSON", "other"),
        ("not_a_collection.geojson", 0, "type", "not a GeoJSON FeatureCollection", "other"),
        ("open_ring.geojson", 1, "geometry", "not closed", "other"),
        ("swapped_coordinates.geojson", 1, "geometry", "outside Indonesia", "other"),
        ("village_code.geojson", 1, "code", "a village code", "other"),
        ("nan_coordinate.geojson", 0, "", "NaN is not a JSON number", "other"),
    ],
}

PARTICIPANTS_HEADER = ["nik_hash", "region_code", "period", "segment", "status"]


def _nested_parquet() -> bytes:
    """A participants file whose programs are a list per participant."""
    buffer = pa.BufferOutputStream()
    columns = dict(zip(PARTICIPANTS_HEADER, [HASH, "53.71.01.1001", "2024-07", "PU", "active"], strict=True))
    table = pa.table(
        {
            **{name: pa.array([value], pa.string()) for name, value in columns.items()},
            "programs": pa.array([["JKK", "JKM"]], pa.list_(pa.string())),
        }
    )
    pq.write_table(table, buffer)
    return bytes(buffer.getvalue().to_pybytes())


def _nik_as_number_parquet() -> bytes:
    """A participants file whose employer_id column is a number column holding a NIK as a float, as a
    spreadsheet exported to Parquet keeps a NIK typed into a number cell."""
    buffer = pa.BufferOutputStream()
    rows = [
        [HASH, "53.71.01.1001", "2024-07", "PU", "active"],
        ["a1" * 32, "53.71.01.1002", "2024-07", "PU", "active"],
    ]
    columns = {
        name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(PARTICIPANTS_HEADER)
    }
    table = pa.table({**columns, "employer_id": pa.array([1002.0, float(NIK)], pa.float64())})
    pq.write_table(table, buffer)
    return bytes(buffer.getvalue().to_pybytes())


_WORKFORCE = (HEADERS["workforce"], GOOD_ROWS["workforce"])

# The files made when the test runs, by "dataset/file".
BUILT: dict[str, Callable[[], bytes]] = {
    "workforce/total_row.csv": csv_file("workforce", {}, {0: "JUMLAH", 4: ""}),
    "participation/total_row.xlsx": _xlsx("participation", {}, {0: "Total"}),
    "targets/total_row.csv": csv_file("targets", {}, {0: "Jumlah Total"}),
    "employers/total_row.csv": csv_file("employers", {}, {0: "", 1: "JUMLAH", 2: ""}),
    "vulnerable_funding/total_row.csv": csv_file("vulnerable_funding", {}, {0: "Sub Total"}),
    "benefits/total_row.csv": csv_file("benefits", {}, {0: "TOTAL:"}),
    "workforce/nik_spaced_in_source.csv": csv_file("workforce", {4: f"BPS {NIK_SPACED}"}),
    "workforce/nik_as_number.xlsx": _xlsx("workforce", {3: int(NIK)}),
    "workforce/utf16.csv": csv_file("workforce", {}, encoding="utf-16"),
    "workforce/blank.xlsx": lambda: b"\n \n",
    "workforce/region_as_decimal.xlsx": _xlsx("workforce", {0: 53.1}),
    "workforce/period_as_number.xlsx": _xlsx("workforce", {1: 2024.06}),
    "workforce/huge_header.csv": lambda: csv_text(
        ["region_code", "period", "sector", "workers", "k" * 50_000]
    ),
    "workforce/zip_bomb_lying.xlsx": _bomb("workforce", honest=False),
    "workforce/many_parts.xlsx": lambda: many_parts(30_000),
    "workforce/empty_first_sheet.xlsx": _empty_first_sheet("workforce"),
    "workforce/nul.csv": csv_file("workforce", {4: "BPS\x00"}),
    "workforce/far_cell_no_area.xlsx": lambda: hostile.far_cell(*_WORKFORCE, dimension=False),
    "workforce/lying_area.xlsx": lambda: hostile.lying_area(*_WORKFORCE),
    "workforce/wide_row.xlsx": lambda: hostile.wide_row(*_WORKFORCE),
    "workforce/texts_bomb.xlsx": lambda: hostile.shared_texts_bomb(_WORKFORCE[0], texts=3, declared=2**31),
    "workforce/million_styles.xlsx": lambda: hostile.million_styles(*_WORKFORCE),
    "workforce/billion_laughs.xlsx": lambda: hostile.billion_laughs(*_WORKFORCE),
    "workforce/billion_laughs_texts.xlsx": lambda: hostile.billion_laughs(*_WORKFORCE, part="texts"),
    "participants/nested_column.parquet": _nested_parquet,
    "participation/period_13.xlsx": _xlsx("participation", {1: "2024-13"}),
    "participation/negative.xlsx": _xlsx("participation", {4: -52000}),
    "participation/formula_in_count.csv": csv_file("participation", {4: "=52000+1"}),
    "participation/percent_cell.xlsx": _xlsx_percent("participation", 4, 0.455),
    "participation/nik_in_count.csv": csv_file("participation", {4: NIK}),
    "targets/missing_value.csv": lambda: csv_text(
        ["region_code", "year", "indicator", "source"], ["53.71", 2025, "coverage_rate", "Perwali"]
    ),
    "targets/unknown_region.csv": csv_file("targets", {0: "53.72.05"}),
    "targets/nik_in_source.csv": csv_file("targets", {4: f"surat NIK {NIK}"}),
    "employers/negative_workers.csv": csv_file("employers", {4: -50}),
    "employers/wrong_sheet_web.xlsx": _wrong_sheet("employers"),
    "vulnerable_funding/unknown_region.csv": csv_file("vulnerable_funding", {0: "53.98"}),
    "vulnerable_funding/formula_in_amount.csv": csv_file("vulnerable_funding", {5: "=12*16800*1000"}),
    "vulnerable_funding/nik_in_workers.csv": csv_file("vulnerable_funding", {3: NIK}),
    "vulnerable_funding/zip_bomb_web.xlsx": _bomb("vulnerable_funding"),
    "benefits/utf16.csv": csv_file("benefits", {}, encoding="utf-16"),
    "benefits/negative_claims.csv": csv_file("benefits", {3: "-12"}),
    "benefits/foreign_currency.csv": csv_file("benefits", {4: "USD 1.500"}),
    "benefits/extra_column.csv": lambda: csv_text(
        [*HEADERS["benefits"], "catatan"], [*GOOD_ROWS["benefits"], "-"]
    ),
    "benefits/nik_in_region_code.csv": csv_file("benefits", {0: NIK}),
    "participants/nik_in_employer_id.parquet": lambda: parquet(
        [*PARTICIPANTS_HEADER, "employer_id"],
        [HASH, "53.71.01.1001", "2024-07", "PU", "active", "NPP10020001"],
        ["a1" * 32, "53.71.01.1002", "2024-07", "PU", "active", NIK],
    ),
    # The NIK written as people write it (groups of digits) and as Excel keeps one typed as a number.
    "participants/nik_spaced_in_employer_id.csv": lambda: csv_text(
        [*PARTICIPANTS_HEADER, "employer_id"],
        [HASH, "53.71.01.1001", "2024-07", "PU", "active", "NPP 12345678 2024-06-30"],
        ["a1" * 32, "53.71.01.1002", "2024-07", "PU", "active", f"UD Maju {NIK_SPACED}"],
    ),
    "participants/nik_dashed_in_employer_id.parquet": lambda: parquet(
        [*PARTICIPANTS_HEADER, "employer_id"],
        [HASH, "53.71.01.1001", "2024-07", "PU", "active", "0812-3456-7890"],
        ["a1" * 32, "53.71.01.1002", "2024-07", "PU", "active", NIK_SPACED.replace(" ", "-")],
    ),
    "participants/nik_as_excel_number.parquet": _nik_as_number_parquet,
    "match_list/nik_dotted_in_agency.csv": lambda: csv_text(
        ["nik_hash", "region_code", "agency"],
        [HASH, "53.71.01.1001", "Dinas Pendidikan"],
        ["a1" * 32, "53.71.01.1002", "53.71.01.410785.0003"],
    ),
    "participants/empty.csv": lambda: b"",
    "participants/latin1.csv": lambda: csv_text(
        PARTICIPANTS_HEADER,
        [HASH, "53.71.01.1001", "2024-07", "PU", "active"],
        ["a1" * 32, "53.71.01.1001", "2024-07", "PU", "aktíf"],
        encoding="latin-1",
    ),
    "participants/not_parquet.parquet": lambda: b"PAR1 this is not a parquet file",
    "participants/huge_cell.csv": lambda: csv_text(
        PARTICIPANTS_HEADER, [HASH, "x" * 1_000_001, "2024-07", "PU", "active"]
    ),
    "match_list/missing_region.csv": lambda: csv_text(["nik_hash", "agency"], [HASH, "Dinas Pendidikan"]),
    "match_list/empty.csv": lambda: b"",
    "boundaries/empty.geojson": lambda: b"",
    "boundaries/latin1.geojson": lambda: (
        '{"type": "FeatureCollection", "features": [], "name": "Kupang Barat é"}'.encode("latin-1")
    ),
    "boundaries/deep_nesting.geojson": lambda: (
        b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    ),
}

# The files that hold the NIK.
WITH_NIK = {
    "workforce/nik_in_source.csv",
    "workforce/nik_spaced_in_source.csv",
    "workforce/nik_as_number.xlsx",
    "workforce/nik_in_region_code.csv",
    "participation/nik_in_count.csv",
    "targets/nik_in_source.csv",
    "employers/nik_as_employer_id.csv",
    "vulnerable_funding/nik_in_workers.csv",
    "benefits/nik_in_region_code.csv",
    "participants/raw_nik_column.csv",
    "participants/nik_in_hash_column.csv",
    "participants/nik_in_employer_id.csv",
    "participants/nik_in_employer_id.parquet",
    "participants/headerless_niks.csv",
    "participants/nik_spaced_in_employer_id.csv",
    "participants/nik_dashed_in_employer_id.parquet",
    "participants/nik_as_excel_number.parquet",
    "match_list/nik_dotted_in_agency.csv",
    "participants/ragged_row.csv",
    "match_list/raw_nik_column.csv",
    "match_list/nik_in_agency.csv",
    "boundaries/nik_as_code.geojson",
}

# The files also imported another way than through the service.
VIA: dict[str, tuple[str, ...]] = {
    "workforce/nik_in_source.csv": ("cli", "web"),
    "workforce/zip_bomb_lying.xlsx": ("cli", "process"),
    "workforce/period_13.csv": ("api",),
    "workforce/nik_in_region_code.csv": ("api",),
    "participation/duplicate.csv": ("cli", "web"),
    "participation/semicolon_unknown_region.csv": ("api",),
    "targets/coverage_over_100.csv": ("cli",),
    "targets/formula_at.csv": ("web",),
    "employers/nik_as_employer_id.csv": ("cli", "web"),
    "employers/wrong_sheet_web.xlsx": ("web",),
    "vulnerable_funding/months_13.csv": ("cli",),
    "vulnerable_funding/zip_bomb_web.xlsx": ("web",),
    "benefits/unknown_program.csv": ("cli", "web"),
    "participants/raw_nik_column.csv": ("cli", "process"),
    "participants/nested_column.parquet": ("cli",),
    "workforce/billion_laughs.xlsx": ("api",),
    "match_list/raw_nik_column.csv": ("web",),
    "match_list/nik_in_agency.csv": ("cli", "web"),
    "match_list/nik_dotted_in_agency.csv": ("web",),
    "participants/nik_spaced_in_employer_id.csv": ("cli",),
    "boundaries/unknown_region.geojson": ("cli",),
}

CASES: list[Case] = [case for dataset in TABLES for case in _generated(dataset)]
for _dataset, _expected in EXPECTED.items():
    for _name, _row, _column, _reason, _item in _expected:
        _id = f"{_dataset}/{_name}"
        CASES.append(
            Case(
                _dataset,
                _name,
                _row,
                _column,
                _reason,
                _item,
                build=BUILT.get(_id),
                nik=_id in WITH_NIK,
                via=VIA.get(_id, ()),
            )
        )
