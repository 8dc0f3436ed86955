"""The optional participant columns of contract v2 are checked as they are read: a bad month, funder or
KBLI code is a problem naming its row, column, value and reason; an empty one is no problem."""

from __future__ import annotations

from pathlib import Path

from cakupan.analytics.checks import funder_problems, kbli_problems, optional_period_problems
from cakupan.analytics.rollup import rollup_run
from cakupan.analytics.tests.conftest import HEADER, keyed, person, write_csv

V2 = (*HEADER, "last_paid_period", "registered_period", "funded_by", "kbli")
VILLAGE = "53.71.01.1001"


def row(
    n: int, last: str = "2024-05", registered: str = "2020-01", funder: str = "SELF", kbli: str = "47111"
):
    return (keyed(person(n)), VILLAGE, "2024-06", "BPU", "active", "JKK", last, registered, funder, kbli)


def test_a_file_with_good_or_empty_v2_values_is_read(tmp_path: Path) -> None:
    rows = [row(1), row(2, last="", registered="", funder="", kbli=""), row(3, funder="apbdes", kbli="g")]
    result = rollup_run(path=write_csv(tmp_path / "p.csv", V2, rows), work_dir=tmp_path)
    assert result.ok, result.problems


def test_bad_v2_values_are_problems_with_row_column_value_and_reason(tmp_path: Path) -> None:
    rows = [
        row(1),
        row(2, last="2024-13"),
        row(3, registered="May 2020"),
        row(4, funder="PEMDA"),
        row(5, kbli="4711"),
        row(6, kbli="Z"),
    ]
    result = rollup_run(path=write_csv(tmp_path / "p.csv", V2, rows), work_dir=tmp_path)
    assert not result.ok and result.figures == []
    found = [(p.row, p.column, p.value) for p in result.problems]
    assert found == [
        (3, "last_paid_period", "2024-13"),
        (4, "registered_period", "May 2020"),
        (5, "funded_by", "PEMDA"),
        (6, "kbli", "4711"),
        (7, "kbli", "Z"),
    ]
    reasons = {p.column: p.reason for p in result.problems}
    assert "not one of: SELF, EMPLOYER" in reasons["funded_by"]
    assert "not a KBLI 2020 code" in reasons["kbli"]
    assert "YYYY-MM" in reasons["registered_period"]


def test_each_check_names_only_the_bad_values() -> None:
    assert optional_period_problems([None, "", "2024-06", "2024-6x"]).keys() == {"2024-6x"}
    assert funder_problems([None, "APBD_KABKOTA", "mandiri", "pemda"]).keys() == {"pemda"}
    assert kbli_problems([None, "A", "u", "01111", "99000", "00000", "ABC"]).keys() == {"00000", "ABC"}
