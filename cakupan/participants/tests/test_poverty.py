from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from cakupan.participants import poverty_cli
from cakupan.participants.poverty import TOTAL, poverty_linkage_run
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_csv, write_parquet

pytestmark = pytest.mark.django_db

# 40 participants of Kota Kupang in June (30 active), 20 of Kabupaten Kupang (all active); in May nobody.
JUNE = [
    (keyed(person(n)), "53.71.01.1001", "2024-06", "BPU", "active" if n < 30 else "inactive", "JKK")
    for n in range(40)
] + [(keyed(person(n)), "53.01", "2024-06", "PU", "active", "JKK") for n in range(100, 120)]
MAY = [(keyed(person(500)), "53.71.01.1001", "2024-05", "PU", "active", "JKK")]
LIST_HEADER = ("nik_hash", "region_code", "desil", "list", "age", "working")
# Kota Kupang: 40 participants in deciles 1-4 (30 active), 12 people not registered in decile 7;
# Kabupaten Kupang: 20 participants in decile 2, 3 of them children.
LISTED = (
    [(keyed(person(n)), "53.71.01.1001", str(1 + n % 4), "DTSEN", "30", "ya") for n in range(40)]
    + [(keyed(person(n)), "53.71", "7", "DTSEN", "40", "ya") for n in range(200, 212)]
    + [(keyed(person(n)), "5301", "2", "DTSEN", "9" if n < 103 else "33", "ya") for n in range(100, 120)]
)


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    for name, rows in (("may.parquet", MAY), ("june.parquet", JUNE)):
        path = write_parquet(tmp_path / name, HEADER, rows)
        assert participants_rollup_import(path=path, user=None, covers=("53.01",)).ok


def cells(table: Any) -> dict[tuple[str, str], dict[str, int | None]]:
    return {(r.regency, r.group): r.cells for r in table.rows}


def test_a_poverty_list_is_published_by_regency_and_decile_with_the_rate_over_working_age_workers(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED)
    outcome = poverty_linkage_run(list_path=path, period="2024-06")
    assert outcome.table is not None and outcome.table.with_work
    found = cells(outcome.table)
    assert found[("53.71", "1-4")] == {
        "listed": 40,
        "active": 30,
        "not_active": 10,
        "workers": 40,
        "active_workers": 30,
        "workers_not_active": 10,
    }
    # Decile 2 of Kabupaten Kupang: 3 children are no workers; the 3 left are hidden, and with them a
    # second cell so that the 3 cannot be recovered from the total.
    assert found[("53.01", "1-4")]["workers"] == 17 and found[("53.01", "1-4")]["active_workers"] == 17
    assert found[("53.71", "7")]["active"] == 0  # a 0 describes nobody and is shown
    assert (TOTAL, TOTAL) in found
    assert not list((tmp_path / "data" / "participants" / "work").glob("cakupan-poverty-*"))


def test_the_month_asked_is_read_not_the_newest(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED)
    outcome = poverty_linkage_run(list_path=path, period="2024-05")
    assert outcome.table is not None
    assert all(row.cells["active"] in (0, None) for row in outcome.table.rows)


def test_small_counts_are_hidden_with_a_second_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [*LISTED, (keyed(person(300)), "53.71", "9", "DTSEN", "40", "ya")]  # one person in decile 9
    outcome = poverty_linkage_run(
        list_path=write_csv(tmp_path / "d.csv", LIST_HEADER, rows), period="2024-06"
    )
    assert outcome.table is not None
    found = cells(outcome.table)
    assert found[("53.71", "9")]["listed"] is None
    hidden = [key for key, row in found.items() if key[0] == "53.71" and row["listed"] is None]
    assert len(hidden) >= 2


def test_the_command_prints_the_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    poverty_cli.add_parsers(sub, argparse.ArgumentParser(add_help=False))
    with translation.override("en"):
        assert poverty_cli.run(parser.parse_args(["poverty", str(path), "--period", "2024-06"]), "en") == 0
        out = capsys.readouterr().out
        assert "53.71\t1-4\t40\t30\t40\t30\t75.00%" in out
        assert poverty_cli.run(parser.parse_args(["poverty", str(path), "--json"]), "en") == 0
        body = json.loads(capsys.readouterr().out)
    assert body["period"] == "2024-06"
    assert keyed(person(1)) not in json.dumps(body)


def test_a_month_without_participant_data_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED)
    outcome = poverty_linkage_run(list_path=path, period="2023-01")
    assert outcome.table is None
    assert [p.reason for p in outcome.problems] == ["No participant data of 2023-01 has been imported."]
