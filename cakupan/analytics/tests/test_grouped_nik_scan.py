"""The engines' own scan of free text finds a NIK written in groups, and the row-by-row pass confirms and
names the row; grouped numbers that are not NIKs pass."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.ingest import prepare
from cakupan.analytics.rollup import rollup_run
from cakupan.analytics.tests.conftest import HEADER, keyed, person, write_csv, write_parquet
from cakupan.core.engine_files import PARTICIPANTS

ROWS = [
    (keyed(person(1)), "53.71.01.1001", "2024-06", "PU", "active", "JKK;JKM"),
    (keyed(person(2)), "53.71.01.1001", "2024-06", "BPU", "active", "JKK;JKM"),
    (keyed(person(3)), "53.71.01.1002", "2024-06", "PU", "inactive", "JKK"),
]


def _with_employers(employers: list[str | None]) -> list[tuple[object, ...]]:
    return [(*row, employer) for row, employer in zip(ROWS, employers, strict=True)]


@pytest.mark.parametrize("written", ["3201 2345 0190 0001", "3201-2345-0190-0001", "32.01.23.450190.0001"])
def test_the_engine_scan_catches_a_grouped_nik_in_a_free_text_column(
    tmp_path: Path, engine: EngineConfig, written: str
) -> None:
    rows = _with_employers(["PT Maju", f"CV Jaya, pemilik {written}", None])
    path = write_parquet(tmp_path / "p.parquet", (*HEADER, "employer_id"), rows)
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "employer_id")]
    assert written not in repr(result.problems)
    assert result.figures == []


def test_grouped_numbers_that_are_not_niks_pass_the_engine_scan(tmp_path: Path, engine: EngineConfig) -> None:
    rows = _with_employers(
        ["NPP 12345678 2024-06-30", "telp 0812 3456 7890 / +62 812-3456-7890", "53.71.02.1001 2024-06"]
    )
    path = write_parquet(tmp_path / "p.parquet", (*HEADER, "employer_id"), rows)
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path)
    assert result.ok, result.problems
    assert result.rows == 3


def test_a_grouped_nik_in_a_csv_never_reaches_the_file_the_engines_read(tmp_path: Path) -> None:
    rows = _with_employers(["PT Maju", "NIK 3201 2345 0190 0001", "NPP 12345678 2024-06-30"])
    source = write_csv(tmp_path / "p.csv", (*HEADER, "employer_id"), rows)
    prepared = prepare(path=source, spec=PARTICIPANTS, work_dir=tmp_path)
    assert [(p.row, p.column) for p in prepared.problems] == [(3, "employer_id")]
    written = pq.read_table(prepared.path).column("employer_id").to_pylist()
    assert written == ["PT Maju", "NIK [16 digits hidden]", "NPP 12345678 2024-06-30"]


def test_a_nik_excel_turned_into_a_number_in_a_parquet_text_column_is_refused(tmp_path: Path) -> None:
    table = pa.table(
        {
            **{name: [row[i] for row in ROWS] for i, name in enumerate(HEADER)},
            "employer_id": [1.0, 3.2012345019e15, None],
        }
    )
    pq.write_table(table, tmp_path / "p.parquet")
    prepared = prepare(path=tmp_path / "p.parquet", spec=PARTICIPANTS, work_dir=tmp_path)
    assert [(p.row, p.column) for p in prepared.problems] == [(2, "employer_id")]
