"""How scripts/test.sh shares the suite out (conftest.py): a file's tests are one unit of work, the browser
tests one, and each test of a SPREAD file its own; a SPREAD entry that names no file would quietly put a
long file on one worker."""

from __future__ import annotations

from pathlib import Path

import conftest

ROOT = Path(__file__).resolve().parents[1]


def test_every_spread_file_exists() -> None:
    assert [path for path in conftest.SPREAD if not (ROOT / path).is_file()] == []


def test_a_files_tests_are_one_unit_and_the_browser_tests_one() -> None:
    unit = conftest.xdist_unit
    assert unit("cakupan/monev/tests/test_a.py::test_one") == unit(
        "cakupan/monev/tests/test_a.py::test_two[x]"
    )
    assert unit("cakupan/monev/tests/test_a.py::test_one") != unit("cakupan/monev/tests/test_b.py::test_one")
    assert unit("tests/browser/test_monev.py::test_one") == unit("tests/browser/test_reports.py::test_two")


def test_each_test_of_a_spread_file_is_a_unit_of_its_own() -> None:
    spread = conftest.SPREAD[0]
    assert conftest.xdist_unit(f"{spread}::test_a[one]") != conftest.xdist_unit(f"{spread}::test_a[two]")
