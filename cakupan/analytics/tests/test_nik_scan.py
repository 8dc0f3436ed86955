"""A run with raw NIKs, then every file it wrote is searched for them: nothing may be found."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from cakupan.analytics.engine import EngineConfig, spark_session
from cakupan.analytics.ingest import Prepared
from cakupan.analytics.matching import match_run
from cakupan.analytics.rollup import rollup_run
from cakupan.analytics.tests.conftest import KEY, person, write_csv
from cakupan.analytics.tests.nikscan import files_under, scan

NIKS = [person(n) for n in range(1, 401)]


def test_the_scanner_finds_a_nik_where_there_is_one(tmp_path: Path) -> None:
    (tmp_path / "leak.txt").write_text(f"x{NIKS[0]}x")
    assert scan(files_under(tmp_path), NIKS) != []


def test_no_raw_nik_is_written_by_an_ingest_and_a_match(
    tmp_path: Path, engine: EngineConfig, caplog: pytest.LogCaptureFixture
) -> None:
    inputs, work, out = tmp_path / "inputs", tmp_path / "work", tmp_path / "out"
    for folder in (inputs, work, out):
        folder.mkdir()
    rows = [(nik, "53.71.01.1001", "2024-06", "PU", "active", "JKK;JKM") for nik in NIKS]
    rows.append(("53710101019O0001", "53.71.01.1001", "2024-06", "PU", "active", ""))  # a mistyped NIK
    header = ("nik", "region_code", "period", "segment", "status", "programs")
    source = write_csv(inputs / "participants.csv", header, rows)
    kept: list[Path] = []

    def keep(prepared: Prepared) -> None:
        kept.append(Path(shutil.copy(prepared.path, out / "participants.parquet")))

    caplog.set_level(logging.DEBUG)
    refused = rollup_run(path=source, engine=engine, key=KEY, work_dir=work, on_prepared=keep)
    assert [p.row for p in refused.problems] == [402]
    rows.pop()
    source = write_csv(inputs / "participants.csv", header, rows)
    result = rollup_run(path=source, engine=engine, key=KEY, work_dir=work, on_prepared=keep)
    assert result.ok and kept
    listed = write_csv(inputs / "list.csv", ("nik", "region_code"), [(n, "53.71") for n in NIKS[:50]])
    match = match_run(participants_path=kept[0], list_path=listed, engine=engine, key=KEY, work_dir=work)
    assert match.matched == 50
    (out / "log.txt").write_text(caplog.text + repr(result) + repr(refused) + repr(match))
    roots = [work, out, Path(engine.temp_directory or work)]
    if engine.name == "spark":  # the session of this process keeps the scratch folder it started with
        roots.append(Path(spark_session(engine).conf.get("spark.local.dir")))
    written = files_under(*roots)
    assert written, "the run wrote nothing to scan"
    assert scan(written, [*NIKS, "5371010101900001"]) == []
    assert scan([source], NIKS) != []  # the input itself does hold them
