from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from cakupan.cli.registry import build_parser, commands
from cakupan.imports.models import ImportBatch
from cakupan.participants import cli
from cakupan.participants.models import MatchList
from cakupan.participants.tests.helpers import HEADER, KEY, ROWS, participants_file, person, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def parse(argv: list[str]) -> argparse.Namespace:
    """The parser of `cakupan`, built from the commands the apps register (this app adds its options)."""
    return build_parser(commands()).parse_args(argv)


def run(argv: list[str]) -> int:
    args = parse(argv)
    with translation.override("en"):
        return (
            cli.cmd_import_participants(args, "en") if args.command == "import" else cli.cmd_match(args, "en")
        )


def test_import_participants_stores_the_rollup_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = participants_file(tmp_path)
    assert run(["import", "participants", str(path)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "p.parquet: 5 records of 5 people" in out and "Stored:" in out
    assert ImportBatch.objects.filter(dataset="participation").count() == 1
    assert run(["import", "participants", str(path)]) == cli.EXIT_OK
    assert "Nothing changed" in capsys.readouterr().out


def test_a_raw_nik_file_is_refused_without_a_key_and_pseudonymised_with_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(person(n + 1), *row[1:]) for n, row in enumerate(ROWS)]
    path = write_csv(tmp_path / "p.csv", ("nik", *HEADER[1:]), rows)
    assert run(["import", "participants", str(path)]) == cli.EXIT_DATA
    assert "row 1, column nik" in capsys.readouterr().out
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY)
    assert run(["import", "participants", str(path), "--pseudonymise-key-file", str(key_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] and report["pseudonymised"] and report["rows"] == 5


def test_a_dry_run_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import", "participants", str(participants_file(tmp_path)), "--dry-run"]) == cli.EXIT_OK
    assert "Dry run" in capsys.readouterr().out and not ImportBatch.objects.exists()


def test_a_short_key_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "key").write_bytes(b"short")
    argv = ["import", "participants", str(participants_file(tmp_path)), "--pseudonymise-key-file"]
    assert run([*argv, str(tmp_path / "key")]) == cli.EXIT_USAGE
    assert "too short" in capsys.readouterr().err


def test_match_prints_the_suppressed_aggregates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["import", "participants", str(participants_file(tmp_path))])
    capsys.readouterr()
    listed = write_csv(
        tmp_path / "l.csv", ("nik", "region_code"), [(person(n), "53.71") for n in range(1, 30)]
    )
    assert run(["match", str(listed), "--region", "53.71"]) == cli.EXIT_DATA  # raw NIKs, no key
    out = capsys.readouterr().out
    assert "raw NIK column is refused" in out and "l.csv is refused: 1 problem. Nothing was stored." in out
    assert run(["match", str(listed), "--region", "5371", "--pseudonymise-key-env", "CAKUPAN_TEST_KEY"]) == 2
    capsys.readouterr()
    import os

    os.environ["CAKUPAN_TEST_KEY"] = KEY.decode()
    try:
        argv = [
            "match",
            str(listed),
            "--region",
            "5371",
            "--pseudonymise-key-env",
            "CAKUPAN_TEST_KEY",
            "--json",
        ]
        assert run(argv) == cli.EXIT_OK
    finally:
        del os.environ["CAKUPAN_TEST_KEY"]
    body = json.loads(capsys.readouterr().out)
    assert body["totals"]["listed"] == 29 and body["totals"]["matched"] is None  # 4 active: fewer than 10
    assert MatchList.objects.get().members_count == 29


def test_progress_is_shown_on_standard_error_with_the_option_and_never_on_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = participants_file(tmp_path)
    assert run(["import", "participants", str(path), "--covers", "53.71", "--progress"]) == cli.EXIT_OK
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith("Reading and checking the file")
    assert "Comparing the figures with the stored ones…" in lines
    assert "Writing participation figures: 12 / 12" in lines
    assert "Recomputing every region's figures for 1 month…" in lines
    assert "Writing counts per program" in captured.err
    assert "Reading" not in captured.out and "Stored:" in captured.out


def test_without_the_option_and_off_a_terminal_no_progress_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["import", "participants", str(participants_file(tmp_path))]) == cli.EXIT_OK
    assert capsys.readouterr().err == ""


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_each_step_ends_its_line() -> None:
    stream = io.StringIO()
    bar = cli.ProgressBar(stream, "id", live=True)
    bar("compare", 0, 1)
    bar("write", 5000, 10000)
    bar("write", 10000, 10000)
    bar("rollup", 0, 1)
    bar.close()
    text = stream.getvalue()
    assert "\r" + "Writing participation figures [" + "#" * 15 + "." * 15 + "]  50% 5.000 / 10.000" in text
    assert "#" * 30 + "] 100% 10.000 / 10.000\n" in text
    assert text.endswith("month…\n")
