"""The column-by-column reading of clean files (`clean_files.validate_clean`) yields what the row-by-row
reading yields, value for value, and gives the file back to it at the first thing a problem or a warning
on a row would say."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import time_machine
from django.utils import translation

from cakupan.core import bps
from cakupan.imports import clean_files
from cakupan.imports.validation import Validation, validate_file
from cakupan.regions.scope import RegionScope
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_in_english() -> Iterator[None]:
    with time_machine.travel("2026-11-22 09:00 +0700", tick=False), translation.override("en"):
        yield


def _read_both(
    dataset: str, content: bytes, name: str = "data.csv", scope: RegionScope | None = None
) -> tuple[Validation, Validation, bool]:
    """The file as `validate_file` reads it, the file read row by row only, and whether the column-by-column
    reading kept it."""
    kept: list[bool] = []
    real = clean_files.validate_clean

    def spy(*args: Any) -> bool:
        kept.append(real(*args))
        return kept[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clean_files, "validate_clean", spy)
        either = validate_file(dataset_name=dataset, file_name=name, content=content, scope=scope)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clean_files, "validate_clean", lambda *args: False)
        by_rows = validate_file(dataset_name=dataset, file_name=name, content=content, scope=scope)
    assert len(kept) <= 1
    return either, by_rows, kept == [True]


def _everything(validation: Validation) -> dict[str, Any]:
    return {
        "rows": validation.rows,
        "problems": [p.as_dict() for p in validation.problems],
        "warnings": [w.as_dict() for w in validation.warnings],
        "data_rows": validation.data_rows,
        "regions": validation.region_codes,
        "periods": validation.periods,
        "sample": validation.sample,
        "read as": validation.region_codes_read,
        "sheet": (validation.sheet, validation.header_row, validation.title_rows, validation.first_column),
    }


def _participation(rows: Sequence[Sequence[object]]) -> bytes:
    return csv_bytes(PARTICIPATION_HEADER, rows)


CLEAN_ROWS = [
    (code, period, segment, status, str(1000 + i))
    for i, (code, period, segment, status) in enumerate(
        (code, period, segment, status)
        for code in ("53", "53.01", "53.71", "53.02")
        for period in ("2024-05", "2024-06")
        for segment in ("PU", "BPU")
        for status in ("active", "inactive")
    )
]

CLEAN_FILES = {
    "dotted codes, several months": ("participation", _participation(CLEAN_ROWS), "peserta.csv"),
    "Indonesian spellings, thousands with dots, undotted codes": (
        "participation",
        _participation(
            [("5301", "2024-06", "pu", "aktif", "84.890"), ("5371", "2024-06", "bpu", "aktif", "7")]
        ),
        "peserta.csv",
    ),
    "blank lines and trailing empty cells": (
        "participation",
        csv_bytes(
            (*PARTICIPATION_HEADER, ""), [(*CLEAN_ROWS[0], ""), ("", "", "", "", ""), (*CLEAN_ROWS[1], "")]
        )
        + b"\n,,,,,\n",
        "peserta.csv",
    ),
    "a workforce file whose source says BPS, undotted codes (a file-level warning)": (
        "workforce",
        csv_bytes(WORKFORCE_HEADER, [("5301", "2024-08", "total", "1654526", "BPS Sakernas Agustus 2024")]),
        "angkatan_kerja.csv",
    ),
    "a workforce file without its optional source": (
        "workforce",
        csv_bytes(WORKFORCE_HEADER[:4], [("53", "2024-08", "total", "10"), ("53", "2024-08", "formal", "4")]),
        "angkatan_kerja.csv",
    ),
    "a workforce file whose source is empty on every row": (
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER, [("53", "2024-08", "total", "10", ""), ("53.71", "2024-08", "total", "4", "")]
        ),
        "angkatan_kerja.csv",
    ),
    "a workbook with typed cells": (
        "participation",
        xlsx_bytes(
            PARTICIPATION_HEADER,
            [("53.01", "2024-06", "PU", "active", 12), ("53.71", "2024-06", "PU", "active", 3)],
        ),
        "peserta.xlsx",
    ),
}


@pytest.mark.parametrize("case", CLEAN_FILES)
def test_a_clean_file_is_read_column_by_column_to_what_the_rows_give(case: str) -> None:
    dataset, content, name = CLEAN_FILES[case]
    either, by_rows, kept = _read_both(dataset, content, name)
    assert kept and either.ok
    assert _everything(either) == _everything(by_rows)


def test_2021_papua_codes_are_read_as_todays_and_named_as_the_rows_name_them() -> None:
    moved = bps.moved_regencies()
    rows = [(old, "2021-06", "total", "1") for old in moved] + [
        (old, "2025-06", "total", "2") for old in moved
    ]
    either, by_rows, kept = _read_both("workforce", csv_bytes(WORKFORCE_HEADER[:4], rows))
    assert kept and either.region_codes_read and either.ok
    assert _everything(either) == _everything(by_rows)


def test_blocks_read_one_after_another_keep_the_keys_and_regions_of_those_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clean_files, "BLOCK", 3)
    either, by_rows, kept = _read_both("participation", _participation(CLEAN_ROWS))
    assert kept and _everything(either) == _everything(by_rows)
    repeated = [*CLEAN_ROWS[:5], CLEAN_ROWS[1]]  # the duplicate in the next block of three
    either, by_rows, kept = _read_both("participation", _participation(repeated))
    assert not kept and [p.row for p in either.problems] == [7]
    assert _everything(either) == _everything(by_rows)


def test_a_file_of_more_pairs_than_remembered_reads_each_block_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean_files, "BLOCK", 4)
    monkeypatch.setattr(clean_files, "MEMO_LIMIT", 2)
    either, by_rows, kept = _read_both("participation", _participation(CLEAN_ROWS))
    assert kept and _everything(either) == _everything(by_rows)


def _with(row: int, cells: tuple[object, ...]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = list(CLEAN_ROWS)
    rows[row] = cells
    return rows


DIRTY_FILES = {
    "a count that is not whole": (
        "participation",
        _participation(_with(3, ("53", "2024-05", "PU", "active", "12,5"))),
    ),
    "a total row": (
        "participation",
        _participation([*CLEAN_ROWS, ("Jumlah", "2024-06", "PU", "active", "9")]),
    ),
    "a duplicate": ("participation", _participation([*CLEAN_ROWS, CLEAN_ROWS[0]])),
    "an unknown region": (
        "participation",
        _participation(_with(2, ("53.99", "2024-05", "PU", "active", "1"))),
    ),
    "a short row": ("participation", _participation(_with(2, ("53", "2024-05", "PU")))),
    "a row with a cell right of the header": (
        "participation",
        _participation(_with(2, (*CLEAN_ROWS[2], "catatan"))),
    ),
    "a row without its region": ("participation", _participation(_with(2, ("", *CLEAN_ROWS[2][1:])))),
    "a source on some rows only": (
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53", "2024-08", "total", "10", "BPS"), ("53.71", "2024-08", "total", "4", "")],
        ),
    ),
    "a split province before its month": (
        "workforce",
        csv_bytes(WORKFORCE_HEADER[:4], [("92", "2022-11", "total", "1")]),
    ),
    "a month not yet over": (
        "participation",
        _participation(_with(0, ("53", "2027-01", "PU", "active", "1"))),
    ),
    "a header without rows": ("participation", _participation([])),
    "a quote never closed": ("participation", _participation(CLEAN_ROWS[:3]) + b'53,2024-07,PU,active,"12\n'),
    "a cell longer than any column needs": (
        "participation",
        _participation([*CLEAN_ROWS[:3], ("53", "2024-07", "PU", "active", "1" * 200_000)]),
    ),
    "targets, whose value's kind its indicator says": (
        "targets",
        csv_bytes(
            ("region_code", "year", "indicator", "value"), [("53", "2026", "active_participants", "5")]
        ),
    ),
    "a region named beside its code": (
        "workforce",
        csv_bytes(
            ("region_code", "region_name", "period", "sector", "workers"),
            [("53.71", "Kota Kupang", "2024-08", "total", "1")],
        ),
    ),
}


@pytest.mark.parametrize("case", DIRTY_FILES)
def test_a_file_with_anything_to_say_is_given_back_to_the_row_by_row_reading_untouched(case: str) -> None:
    dataset, content = DIRTY_FILES[case]
    either, by_rows, kept = _read_both(dataset, content)
    assert not kept
    assert _everything(either) == _everything(by_rows)


def test_a_region_outside_the_importers_scope_is_given_back() -> None:
    either, by_rows, kept = _read_both(
        "participation", _participation(CLEAN_ROWS), scope=RegionScope.of(["53.01"])
    )
    assert not kept and either.problems
    assert _everything(either) == _everything(by_rows)
    inside, by_rows, kept = _read_both(
        "participation",
        _participation([r for r in CLEAN_ROWS if r[0].startswith("53.01")]),
        scope=RegionScope.of(["53.01"]),
    )
    assert kept and inside.ok and _everything(inside) == _everything(by_rows)


CELLS = {
    "region_code": ["53", "53.01", "5301", "53.71", "53.02", "53.99", "Jumlah", "", " "],
    "period": ["2024-06", "2024-05", "Juni 2024", "2024-13", ""],
    "segment": ["PU", "bpu", "JAKON", "lain", ""],
    "status": ["active", "inactive", "aktif", "?"],
    "participants": ["1", "84.890", "12,5", "-3", "0", "", "1e3"],
}


@pytest.mark.parametrize("seed", range(12))
def test_generated_files_good_and_bad_read_the_same_both_ways(seed: int) -> None:
    """Clean files (each key once, the first two spellings of each cell) and files drawing from every cell."""
    draw = random.Random(seed)
    clean = seed % 2 == 0
    if clean:
        keys = list(
            itertools.product(*(values[:2] for name, values in CELLS.items() if name != "participants"))
        )
        rows = [
            (*key, draw.choice(CELLS["participants"][:2])) for key in draw.sample(keys, draw.randint(1, 16))
        ]
    else:
        rows = [tuple(draw.choice(values) for values in CELLS.values()) for _ in range(draw.randint(1, 40))]
    if draw.random() < 0.3:
        rows.insert(draw.randint(0, len(rows)), ("", "", "", "", ""))
    either, by_rows, kept = _read_both("participation", _participation(rows))
    assert kept or not clean
    assert _everything(either) == _everything(by_rows)
