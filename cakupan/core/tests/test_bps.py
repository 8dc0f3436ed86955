"""The dated BPS → Kemendagri province table, the Papua split and the shipped 2021 regency crosswalk."""

from __future__ import annotations

import pytest

from cakupan.core import bps

EQUAL = [
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "81",
    "82",
]


@pytest.mark.parametrize("code", EQUAL)
@pytest.mark.parametrize("month", ["2015-01", "2022-06", "2022-07", "2023-01", None])
def test_the_32_provinces_outside_papua_keep_their_code_at_every_month(code: str, month: str | None) -> None:
    row = bps.bps_province(code, month)
    assert row is not None and row.kemendagri == (code,) and not bps.in_doubt(row, month)


PAPUA = [
    # (BPS code, month, today's Kemendagri provinces it means; None: BPS had no such code then)
    ("94", "2021-12", ("91", "93", "94", "95")),
    ("94", "2022-06", ("91", "93", "94", "95")),
    ("94", "2022-07", ("91",)),
    ("94", "2025-01", ("91",)),
    ("94", None, ("91",)),
    ("91", "2021-12", ("92", "96")),
    ("91", "2022-11", ("92", "96")),
    ("91", "2022-12", ("92",)),
    ("91", None, ("92",)),
    ("92", "2022-11", None),
    ("92", "2022-12", ("96",)),
    ("92", None, ("96",)),
    ("95", "2022-06", None),
    ("95", "2022-07", ("93",)),
    ("96", "2022-06", None),
    ("96", "2022-07", ("94",)),
    ("97", "2022-06", None),
    ("97", "2024-06", ("95",)),
    ("93", "2024-06", None),
    ("10", "2024-06", None),
    ("99", None, None),
]


@pytest.mark.parametrize(("code", "month", "expected"), PAPUA)
def test_every_papua_bps_code_before_and_after_the_split(
    code: str, month: str | None, expected: tuple[str, ...] | None
) -> None:
    row = bps.bps_province(code, month)
    assert (row.kemendagri if row else None) == expected


@pytest.mark.parametrize(
    ("code", "month", "doubt"),
    [
        ("94", "2022-07", False),
        ("94", "2022-08", True),
        ("94", "2023-12", True),
        ("94", "2024-01", False),
        ("91", "2022-12", True),
        ("91", "2023-12", True),
        ("91", "2024-01", False),
        ("95", "2022-08", False),
    ],
)
def test_bps_94_and_91_in_the_months_after_the_laws_may_still_mean_the_old_province(
    code: str, month: str, doubt: bool
) -> None:
    row = bps.bps_province(code, month)
    assert row is not None and bps.in_doubt(row, month) is doubt


@pytest.mark.parametrize(
    ("code", "when", "split"),
    [
        ("91", "2022-06", "2022-07"),
        ("91", "2022-07", None),
        ("92", "2022-11", "2022-12"),
        ("92", "2022-12", None),
        ("91", "2021", "2022-07"),
        ("91", "2022", None),
        ("92", "2022", None),
        ("92", "2021", "2022-12"),
        ("93", "2021-01", None),
        ("53", "2020-01", None),
        ("91", "", None),
    ],
)
def test_kemendagri_91_and_92_before_their_split_cannot_be_divided(
    code: str, when: str, split: str | None
) -> None:
    # A yearly row counts as its December: refused only when its whole year is before the split.
    assert bps.undividable_split(code, bps.month_of(when)) == split


def test_bps_levels_are_read_from_the_number_of_digits() -> None:
    assert [bps.bps_level(c) for c in ("53", "5301", "5301010", "5301010001")] == [1, 2, 3, 4]
    assert [bps.bps_level(c) for c in ("53.01", "530", "", "５３")] == [None, None, None, None]


def test_the_shipped_crosswalk_moves_the_papua_regencies_to_their_new_provinces() -> None:
    moved = bps.moved_regencies()
    assert len(moved) == 26
    assert moved["91.01"] == "93.01" and moved["92.71"] == "96.71" and moved["91.02"] == "95.01"
    changes = bps.regency_changes()
    assert len(changes) == 514 and len({c.new_code for c in changes}) == 514
    assert bps.CROSSWALK_FILE.with_suffix(".LICENSE.txt").read_text().count("MIT License") == 1
