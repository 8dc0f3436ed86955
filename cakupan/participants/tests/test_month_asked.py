"""The month asked is read (issue 21 §6): list matching and the poverty linkage read the participants of
the month asked, not the newest file imported; a month without participant data is said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cakupan.participants.poverty import poverty_linkage_create
from cakupan.participants.services import MatchRefused, match_list_create, participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_csv, write_parquet

pytestmark = pytest.mark.django_db

VILLAGE = "53.71.01.1001"
# Five people active in May; in June, imported after, the same five are inactive.
MAY = [(keyed(person(n)), VILLAGE, "2024-05", "PU", "active", "JKK") for n in range(5)]
JUNE = [(keyed(person(n)), VILLAGE, "2024-06", "PU", "inactive", "JKK") for n in range(5)]


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    for name, rows in (("may.parquet", MAY), ("june.parquet", JUNE)):
        assert participants_rollup_import(path=write_parquet(tmp_path / name, HEADER, rows), user=None).ok


def _list() -> bytes:
    lines = [
        "nik_hash,region_code,agency,category",
        *(f"{keyed(person(n))},53.71,Dinas,non-ASN" for n in range(5)),
    ]
    return ("\n".join(lines) + "\n").encode()


def test_a_list_matched_against_an_earlier_month_reads_that_month_not_the_newest_file() -> None:
    may = match_list_create(
        name="May", region_code="53.71", file_name="l.csv", content=_list(), user=None, period="2024-05"
    )
    june = match_list_create(name="June", region_code="53.71", file_name="l.csv", content=_list(), user=None)
    assert may.match_list is not None and may.match_list.matched_count == 5
    assert june.match_list is not None and june.match_list.period == "2024-06"
    assert june.match_list.matched_count == 0  # all five inactive in June


def test_a_month_without_participant_data_is_said() -> None:
    with pytest.raises(MatchRefused, match="No participant data of 2024-01"):
        match_list_create(
            name="x", region_code="53.71", file_name="l.csv", content=_list(), user=None, period="2024-01"
        )


def test_the_poverty_linkage_reads_the_month_asked(tmp_path: Path) -> None:
    rows = [(keyed(person(n)), "53.71", "2", "DTSEN") for n in range(5)]
    path = write_csv(tmp_path / "d.csv", ("nik_hash", "region_code", "desil", "list"), rows)
    may = poverty_linkage_create(name="May", list_path=path, user=None, period="2024-05")
    june = poverty_linkage_create(name="June", list_path=path, user=None)
    assert may.linkage is not None and june.linkage is not None
    assert (may.linkage.period, june.linkage.period) == ("2024-05", "2024-06")
    may_cell = may.linkage.cells.get(area="53.71", group="1-4")
    june_cell = june.linkage.cells.get(area="53.71", group="1-4")
    assert (may_cell.active, june_cell.active) == (5, 0)
    assert not may.linkage.with_work  # no age and working: counts, no rate
