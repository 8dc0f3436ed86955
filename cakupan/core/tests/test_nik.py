"""The one NIK detector: what it finds, what it leaves alone, and the engines' pre-filter."""

from __future__ import annotations

import re

import pytest

from cakupan.core.nik import (
    ENGINE_PATTERN,
    contains_nik,
    district_codes,
    find_niks,
    mask_niks,
    nik_shaped,
    safe_file_name,
)
from cakupan.core.problems import HIDDEN, shown

# 32.01.23 (a district of Kabupaten Bogor), born 5 January 1990 (45 = 5 + 40: a woman), serial 0001.
NIK = "3201234501900001"
# 91.01 was Kabupaten Merauke in the 2021 master; today it is 93.01.
NIK_2021 = "9101014501900001"

FOUND = [
    NIK,
    f"NIK:{NIK}",
    f"nik {NIK} alamat",
    f"KTP{NIK}x",
    "3201 2345 0190 0001",
    "3201-2345-0190-0001",
    "3201.2345.0190.0001",
    "32.01.23.450190.0001",
    "320123-450190-0001",
    "Bapak A, NIK 3201 2345 0190 0001, hadir",
    "5371 0205 0185 0002",  # Kota Kupang district 02, born 5 January 1985 (a man)
    "9101 0145 0190 0001",  # 2021 code of a regency moved to Papua Selatan
    "9301 0145 0190 0001",  # the same district under today's code
    "3.20123450190001E+15",  # Excel's display of a NIK typed as a number
    "3,20123E+15",
    "3.201234501900001e+15",
    f"{NIK}.0",
]

NOT_FOUND = [
    "NIB 1234567890123",  # 13 digits
    "NPP 12345678",
    "KPJ 12345678901",  # 11 digits
    "+62 812-3456-7890",
    "0812 3456 7890",
    "081234567890",
    "No. 560/1234/Disnakertrans/2024",
    "NPP 12345678 2024-06-30",
    "53.71.02.1001 2024-06",
    "Rp 4.500.000.000",
    "Rp 4.500.000.000.000.000",  # sixteen digits, but no district starts 45
    "2024-06-30",
    "30-06-2024 s.d. 31-12-2024",
    "12345678901234567",  # seventeen digits in a row: an account number, not a NIK
    "123456789012345678",
    "3201 2345 0190 0000",  # serial 0000
    "3201 2399 0190 0001",  # month 90
    "3201 2332 0290 0001",  # 32 February
    "0000 0045 0190 0001",  # no such district
    "3201 2345 0190 00 01",  # the serial split: not how a NIK is written
    "1.5E+15 dan 2.0E+14",
    "",
]


@pytest.mark.parametrize("text", FOUND)
def test_it_finds_a_nik_written_in_any_of_the_usual_ways(text: str) -> None:
    assert contains_nik(text)
    assert find_niks(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_it_leaves_numbers_that_are_not_niks_alone(text: str) -> None:
    if text == "1.5E+15 dan 2.0E+14":
        # 1.5E+15 is a sixteen-digit number: Excel's view of a NIK; 2.0E+14 is not.
        assert find_niks(text) == [(0, 7)]
        return
    assert not contains_nik(text)
    assert mask_niks(text) == text


def test_it_finds_the_span_of_each_nik_in_a_text() -> None:
    text = f"a {NIK} b 3201-2345-0190-0001 c"
    assert find_niks(text) == [(2, 18), (21, 40)]


def test_sixteen_digits_are_found_inside_letters_but_not_inside_longer_digit_runs() -> None:
    assert find_niks(f"NIK{NIK}KTP") == [(3, 19)]
    assert find_niks(f"9{NIK}") == []
    assert find_niks(f"{NIK}9") == []


def test_a_nik_among_other_numbers_is_found_and_only_it_is_masked() -> None:
    text = "NPP 12345678, NIK 3201 2345 0190 0001, telp 0812 3456 7890"
    assert mask_niks(text) == f"NPP 12345678, NIK {HIDDEN}, telp 0812 3456 7890"


def test_grouped_digits_before_a_nik_do_not_hide_it() -> None:
    # Twenty digits joined by spaces: the last sixteen are a NIK.
    assert mask_niks("12 34 3201 2345 0190 0001") == f"12 34 {HIDDEN}"


@pytest.mark.parametrize(
    "value", [3201234501900001, 3.201234501900001e15, 10**15, 9_999_999_999_999_999, -3201234501900001]
)
def test_a_spreadsheet_number_of_sixteen_digits_is_a_nik(value: float) -> None:
    assert contains_nik(value)


@pytest.mark.parametrize(
    "value", [None, True, 0, 123_456_789_012_345, 10**16, 4_500_000_000.0, float("nan"), 0.455]
)
def test_other_numbers_are_not(value: object) -> None:
    assert not contains_nik(value)


def test_a_woman_s_birth_day_is_the_day_plus_forty() -> None:
    assert nik_shaped("3201234501900001")  # 5 January, a woman
    assert nik_shaped("3201230501900001")  # 5 January, a man
    assert not nik_shaped("3201237201900001")  # 72 - 40 = 32: no such day
    assert nik_shaped("3201236902000001")  # 29 February 2000


def test_the_districts_are_today_s_and_the_2021_codes_of_moved_regencies() -> None:
    codes = district_codes()
    assert "320123" in codes and "930101" in codes and "910101" in codes
    assert "920101" in codes and "960101" in codes  # Kabupaten Sorong: 92.01 in 2021, 96.01 today
    assert "990101" not in codes and "320100" not in codes
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_the_engine_pattern_flags_every_text_the_detector_finds_a_nik_in() -> None:
    engine = re.compile(ENGINE_PATTERN)
    for text in FOUND:
        assert engine.search(text), text


def test_the_engine_pattern_uses_no_look_around() -> None:
    # RE2 (DuckDB, Arrow) has none; Spark's Java regex would accept it, the others refuse it.
    assert "(?<" not in ENGINE_PATTERN and "(?=" not in ENGINE_PATTERN and "(?!" not in ENGINE_PATTERN


def test_a_problem_report_shows_a_value_with_its_nik_hidden() -> None:
    assert shown("NIK 3201 2345 0190 0001 salah kolom") == f"NIK {HIDDEN} salah kolom"
    assert shown(3.201234501900001e15) == HIDDEN
    assert shown("NPP 12345678 2024-06-30") == "NPP 12345678 2024-06-30"


def test_a_long_value_is_masked_before_it_is_cut() -> None:
    value = "x" * 70 + " 3201 2345 0190 0001"
    assert shown(value, limit=80) == "x" * 70 + " " + HIDDEN[:9] + "…"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("peserta 5371020501850002.csv", "berkas-workforce-2024-06-30.csv"),
        ("peserta_3201_2345_0190_0001.XLSX", "berkas-workforce-2024-06-30.xlsx"),
        ("3201-2345-0190-0001", "berkas-workforce-2024-06-30"),
        ("workforce 2024-06.csv", "workforce 2024-06.csv"),
        ("NPP 12345678 2024-06-30.pdf", "NPP 12345678 2024-06-30.pdf"),
    ],
)
def test_a_file_name_holding_a_nik_is_replaced_by_a_safe_name_with_its_extension(
    name: str, expected: str
) -> None:
    assert safe_file_name(name, fallback="berkas-workforce-2024-06-30") == expected


def test_a_safe_name_that_already_ends_with_the_extension_does_not_get_it_twice() -> None:
    assert safe_file_name(f"{NIK}.csv", fallback="berkas.csv") == "berkas.csv"
