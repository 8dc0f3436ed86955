"""The rule table of value kinds (data contract v2), row by row: a cell as an office writes it → the value
read, or the reason it is refused."""

from __future__ import annotations

import ast
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core import codes, values
from cakupan.core.cells import Cell, PercentCell
from cakupan.core.codes import ParsedCode
from cakupan.core.values import ValueProblem, as_read, parse


def refusal(kind: str, cell: Cell, **options: Any) -> str:
    with pytest.raises(ValueProblem) as caught:
        parse(kind, cell, **options)
    return caught.value.reason()


NBSP = "\u00a0"

COUNTS: list[tuple[Cell, int]] = [
    (105120, 105120),
    (105120.0, 105120),
    (0, 0),
    ("0", 0),
    ("105120", 105120),
    (" 105120 ", 105120),
    ("105.120", 105120),
    ("1.500", 1500),
    ("1.654.526", 1654526),
    ("1,654,526", 1654526),
    ("4 500", 4500),
    (f"4{NBSP}500", 4500),
    ("4\u202f500", 4500),
    ("12 345 678", 12345678),
    ("1.234,00", 1234),
    ("1,234.00", 1234),
    ("1.654.526,00", 1654526),
    ("105,00", 105),
    ("105.00", 105),
    ("105,0", 105),
    (10**12, 10**12),
]


@pytest.mark.parametrize(("cell", "count"), COUNTS, ids=repr)
def test_it_reads_a_count_as_offices_write_it(cell: Cell, count: int) -> None:
    assert parse("count", cell) == count


COUNT_REFUSALS: list[tuple[Cell, str]] = [
    ("1.5", "not a whole number"),
    ("1,5", "not a whole number"),
    ("1.50", "not a whole number"),
    ("12.5", "not a whole number"),
    ("0.455", "not a whole number"),  # a leading 0 is never a thousands group
    ("1.234,5", "not a whole number"),
    ("1,234.56", "not a whole number"),
    (12.5, "not a whole number"),
    ("1.234.00", "not a whole number"),  # the decimal mark cannot be the thousands separator
    ("1.234,567.8", "not a whole number"),
    ("1,654.526", "not a whole number"),  # two separators, not one throughout
    ("1.23.456", "not a whole number"),  # groups of exactly three digits
    ("12.3456", "not a whole number"),
    ("1.234 567", "not a whole number"),
    ("=52000+1", "not a whole number"),
    ("+5", "not a whole number"),
    ("abc", "not a whole number"),
    ("1e6", "not a whole number"),
    ("\u0663", "not a whole number"),  # an Arabic-Indic digit is not read as 3
    ("Rp 1.500", "not a whole number"),  # an amount where a count is expected
    ("-5", "a count cannot be negative"),
    ("\u22125", "a count cannot be negative"),
    ("-1.234", "a count cannot be negative"),
    (-5, "a count cannot be negative"),
    (-5.0, "a count cannot be negative"),
    ("", "the count is empty"),
    ("   ", "the count is empty"),
    (None, "the count is empty"),
    (10**12 + 1, "implausibly large for a count of people"),
    ("5371014107850003", "holds what looks like a NIK"),  # a NIK Excel made a number: named as one
    (PercentCell(0.455), "a percentage where a number of people is expected"),
    ("45,5 %", "a percentage where a number of people is expected"),
    (True, "not a number"),
    (float("nan"), "not a number"),
    (float("inf"), "not a number"),
    (date(2024, 6, 30), "not a number: the cell holds a date or a time"),
    (time(12, 0), "not a number: the cell holds a date or a time"),
]


@pytest.mark.parametrize(("cell", "reason"), COUNT_REFUSALS, ids=repr)
def test_it_refuses_what_is_not_a_whole_number_of_people(cell: Cell, reason: str) -> None:
    assert refusal("count", cell).startswith(reason)


AMOUNTS: list[tuple[Cell, int]] = [
    (4500000000, 4500000000),
    ("4.500.000.000", 4500000000),
    ("Rp 4.500.000.000", 4500000000),
    ("Rp4.500.000.000,00", 4500000000),
    ("Rp. 150.000", 150000),
    ("rp 150.000", 150000),
    ("RP150000", 150000),
    ("IDR 1,500,000", 1500000),
    ("IDR1500000", 1500000),
    ("Rp 150.000,-", 150000),
    ("150.000,-", 150000),
    (10**16, 10**16),
    ("Rp 0", 0),
]


@pytest.mark.parametrize(("cell", "amount"), AMOUNTS, ids=repr)
def test_it_reads_an_amount_in_rupiah_with_or_without_rp(cell: Cell, amount: int) -> None:
    assert parse("amount", cell) == amount


AMOUNT_REFUSALS: list[tuple[Cell, str]] = [
    ("Rp 1.500,50", "not a whole number of rupiah: an amount has no sen"),
    ("1500.5", "not a whole number of rupiah: an amount has no sen"),
    (1500.5, "not a whole number of rupiah: an amount has no sen"),
    ("Rp", "not a whole number of rupiah; write e.g."),
    ("=12*16800*1000", "not a whole number of rupiah; write e.g."),
    ("USD 100", "not a whole number of rupiah; write e.g."),
    ("-Rp 5.000", "an amount cannot be negative"),
    ("Rp -5.000", "an amount cannot be negative"),
    (-1, "an amount cannot be negative"),
    ("", "the amount is empty"),
    (10**16 + 1, "implausibly large for an amount in rupiah"),
    (PercentCell(0.1), "a percentage where an amount in rupiah is expected"),
]


@pytest.mark.parametrize(("cell", "reason"), AMOUNT_REFUSALS, ids=repr)
def test_it_refuses_what_is_not_a_whole_amount_of_rupiah(cell: Cell, reason: str) -> None:
    assert refusal("amount", cell).startswith(reason)


PERCENTS: list[tuple[Cell, str]] = [
    ("45,5 %", "45.5"),
    ("45,5%", "45.5"),
    ("45.5%", "45.5"),
    (f"45,5{NBSP}%", "45.5"),
    ("45,5", "45.5"),
    ("45.5", "45.5"),
    ("67,28", "67.28"),
    ("45,500", "45.5"),  # percentages have no thousands: three digits after the mark are decimals
    ("100", "100"),
    ("95 %", "95"),
    (PercentCell(0.455), "45.5"),
    (PercentCell(0.6728), "67.28"),
    (PercentCell(1.0), "100"),
    (PercentCell(0.1 + 0.2), "30"),  # no float noise
    (PercentCell(0.004), "0.4"),  # a percent cell below 1 % is what the user sees, not a fraction
    ("0,455 %", "0.455"),  # written with %: less than one percent is meant
    (45, "45"),
    (45.5, "45.5"),
    (0, "0"),
    ("0", "0"),
    ("0,00", "0"),
    (1, "1"),
]


@pytest.mark.parametrize(("cell", "percent"), PERCENTS, ids=repr)
def test_it_reads_a_percentage_as_the_user_sees_it(cell: Cell, percent: str) -> None:
    read = parse("percent", cell)
    assert isinstance(read, Decimal) and read == Decimal(percent)


FRACTION = "looks like a fraction (0.455); write 45.5 or format the cell as a percentage"
PERCENT_REFUSALS: list[tuple[Cell, str]] = [
    ("0.455", FRACTION),
    ("0,455", FRACTION),
    (0.455, FRACTION),
    ("0,5", "looks like a fraction (0.5); write 50 or format the cell as a percentage"),
    ("120", "120 is above 100; a percentage is at most 100"),
    ("100,5 %", "100.5 is above 100"),
    (PercentCell(1.2), "120 is above 100"),
    ("1.234,5", "both . and , in a percentage"),
    ("1,234.5", "both . and , in a percentage"),
    ("1.234.567", "not a percentage"),
    ("45 5", "not a percentage"),
    ("abc", "not a percentage"),
    ("%", "not a percentage"),
    ("-5", "a percentage cannot be negative"),
    ("-5 %", "a percentage cannot be negative"),
    (-5, "a percentage cannot be negative"),
    ("", "the percentage is empty"),
    (True, "not a number"),
    (date(2025, 1, 1), "not a number: the cell holds a date"),
]


@pytest.mark.parametrize(("cell", "reason"), PERCENT_REFUSALS, ids=repr)
def test_it_refuses_what_is_not_a_percentage(cell: Cell, reason: str) -> None:
    assert refusal("percent", cell).startswith(reason)


def test_a_fraction_refusal_says_how_to_write_less_than_one_percent() -> None:
    assert "write 0.455 % if less than one percent is meant" in refusal("percent", "0,455")


DECIMALS: list[tuple[Cell, str]] = [
    ("45,5", "45.5"),
    ("45.5", "45.5"),
    ("0,455", "0.455"),
    ("0.455", "0.455"),
    ("1.234,5", "1234.5"),
    ("1,234.5", "1234.5"),
    ("1.234.567", "1234567"),
    ("1,234,567", "1234567"),
    ("1.234.567,89", "1234567.89"),
    ("1 234,5", "1234.5"),
    ("1 234", "1234"),
    ("1234.5678", "1234.5678"),
    ("12", "12"),
    (1.5, "1.5"),
    (10, "10"),
    (1e20, "100000000000000000000"),
]


@pytest.mark.parametrize(("cell", "number"), DECIMALS, ids=repr)
def test_it_reads_a_decimal_where_its_marks_cannot_be_misread(cell: Cell, number: str) -> None:
    assert parse("decimal", cell) == Decimal(number)


DECIMAL_REFUSALS: list[tuple[Cell, str]] = [
    ("1.234", "ambiguous: 1.234 could be a thousands separator or a decimal"),
    ("1,234", "ambiguous: 1,234 could be a thousands separator or a decimal"),
    ("123.456", "ambiguous: 123.456"),
    ("1.2,3", "not a number"),
    ("1.234.5", "not a number"),
    ("abc", "not a number"),
    ("-1,5", "the value cannot be negative"),
    (-1.5, "the value cannot be negative"),
    ("", "the value is empty"),
    ("45 %", "a percentage where a plain number is expected"),
    (PercentCell(0.455), "a percentage where a plain number is expected"),
    (float("inf"), "not a number"),
]


@pytest.mark.parametrize(("cell", "reason"), DECIMAL_REFUSALS, ids=repr)
def test_it_refuses_a_decimal_that_could_be_read_two_ways(cell: Cell, reason: str) -> None:
    assert refusal("decimal", cell).startswith(reason)


LATEST = "2026-06"
MONTHS: list[tuple[Cell, str]] = [
    ("2024-06", "2024-06"),
    ("2024-6", "2024-06"),
    ("2024/06", "2024-06"),
    ("06/2024", "2024-06"),
    ("6-2024", "2024-06"),
    ("Juni 2024", "2024-06"),
    ("JUNI 2024", "2024-06"),
    ("June 2024", "2024-06"),
    ("Jun-2024", "2024-06"),
    ("Jun 2024", "2024-06"),
    ("Mei 2024", "2024-05"),
    ("May 2024", "2024-05"),
    ("Agustus 2024", "2024-08"),
    ("Agt 2024", "2024-08"),
    ("Okt 2024", "2024-10"),
    ("Desember 2024", "2024-12"),
    ("Sept. 2024", "2024-09"),
    ("2024-06-30", "2024-06"),
    ("2024-06-30 00:00:00", "2024-06"),
    (date(2024, 6, 30), "2024-06"),
    (datetime(2024, 6, 30, 0, 0), "2024-06"),
    ("2026-06", "2026-06"),
]


@pytest.mark.parametrize(("cell", "period"), MONTHS, ids=repr)
def test_it_reads_a_month_as_officials_write_it(cell: Cell, period: str) -> None:
    assert parse("period", cell, latest=LATEST) == period


MONTH_REFUSALS: list[tuple[Cell, str]] = [
    ("1999-06", "the year must be between 2000 and 2100"),
    (date(1999, 6, 30), "the year must be between 2000 and 2100"),
    ("2024-13", "the month must be 01 to 12"),
    ("13/2024", "the month must be 01 to 12"),
    ("2024-00", "the month must be 01 to 12"),
    ("2026-07", "the month is in the future (latest allowed: 2026-06)"),
    ("Juli 2026", "the month is in the future"),
    ("2024-06-31", "not a date of the calendar"),
    ("Jun-24", "not a month; write YYYY-MM"),  # a two-digit year could be a day
    ("Juno 2024", "not a month; write YYYY-MM"),
    ("2024.06", "not a month; write YYYY-MM"),
    ("", "the month is empty"),
    (2024.06, "a month must be written as YYYY-MM text"),
    (202406, "a month must be written as YYYY-MM text"),
]


@pytest.mark.parametrize(("cell", "reason"), MONTH_REFUSALS, ids=repr)
def test_it_refuses_what_is_not_a_month_it_may_take(cell: Cell, reason: str) -> None:
    assert refusal("month", cell, latest=LATEST).startswith(reason)


YEARS: list[tuple[Cell, int | str]] = [
    (2025, 2025),
    (2025.0, 2025),
    ("2025", 2025),
    (" 2036 ", 2036),
    (2000, 2000),
    ("25", "a year must be four digits, e.g. 2025"),
    ("2025.5", "a year must be four digits, e.g. 2025"),
    (True, "a year must be four digits, e.g. 2025"),
    ("1999", "the year must be between 2000 and 2036"),
    (2037, "the year must be between 2000 and 2036"),
]


@pytest.mark.parametrize(("cell", "expected"), YEARS, ids=repr)
def test_it_reads_a_year_of_four_digits_up_to_the_latest(cell: Cell, expected: int | str) -> None:
    if isinstance(expected, int):
        assert parse("year", cell, latest=2036) == expected
    else:
        assert refusal("year", cell, latest=2036) == expected


REGIONS: list[tuple[Cell, str]] = [
    ("53.71", "53.71"),
    ("5371", "53.71"),
    (5371, "53.71"),
    (53.0, "53"),
    ("00", "00"),
    ("53.71.01.1001", "53.71.01.1001"),
    (53.1, "a dotted code stored as a number loses zeros"),
    ("", "the region code is empty"),
    ("53.7", "not a Kemendagri region code"),
    ("5371014107850003", "not a Kemendagri region code"),
]


@pytest.mark.parametrize(("cell", "expected"), REGIONS, ids=repr)
def test_it_reads_a_kemendagri_code_dotted_or_not(cell: Cell, expected: str) -> None:
    if expected[0].isdigit():
        read = parse("region", cell)
        assert isinstance(read, ParsedCode) and read.code == expected
    else:
        assert refusal("region", cell).startswith(expected)


STATUS = (("aktif", "active"), ("non aktif", "inactive"), ("tidak aktif", "inactive"))


@pytest.mark.parametrize(
    ("cell", "stored"),
    [("aktif", "active"), (" AKTIF ", "active"), ("Non  Aktif", "inactive"), ("non_aktif", "inactive"),
     ("active", "active"), ("Tidak Aktif", "inactive")],
)  # fmt: skip
def test_it_reads_a_choice_by_any_spelling_whatever_the_case_and_spaces(cell: Cell, stored: str) -> None:
    assert parse("choice", cell, choices=STATUS) == stored


@pytest.mark.parametrize("cell", ["aktiff", "", None, 1])
def test_it_refuses_a_choice_it_does_not_know_and_names_the_allowed_ones(cell: Cell) -> None:
    assert refusal("choice", cell, choices=STATUS) == "not one of: active, inactive"


def _no_nik(text: str) -> str | None:
    return "holds a NIK" if "5371014107850003" in text else None


TEXTS: list[tuple[Cell, str]] = [
    ("BPS Sakernas Agustus 2024", "BPS Sakernas Agustus 2024"),
    ("  Perwali 12/2024 ", "Perwali 12/2024"),
    ("-", "-"),
    (2024, "2024"),
    (None, ""),
    ("x" * 31, "longer than 30 characters"),
    ("BPS\x00", "contains control characters"),
    ("=SUM(A1)", "starts with =, which a spreadsheet would run as a formula"),
    ("+62 812", "starts with +"),
    ("-1", "starts with -"),
    ("@x", "starts with @"),
    ("surat NIK 5371014107850003", "holds a NIK"),
]


@pytest.mark.parametrize(("cell", "expected"), TEXTS, ids=repr)
def test_it_reads_free_text_and_refuses_what_must_not_be_stored(cell: Cell, expected: str) -> None:
    try:
        assert parse("text", cell, max_length=30, forbid=_no_nik) == expected
    except ValueProblem as problem:
        assert problem.reason().startswith(expected)


def test_without_a_forbid_rule_text_is_checked_for_length_controls_and_formulas_only() -> None:
    assert parse("text", "surat 5371014107850003", max_length=30) == "surat 5371014107850003"


# --- the table, the messages and what the preview shows --------------------------------------------------


def test_the_same_cell_reads_by_the_kind_the_row_gives_it() -> None:
    # targets.value: a percentage for coverage_rate, a number of people for active_participants.
    assert parse("percent", "45.500") == Decimal("45.5")
    assert parse("count", "45.500") == 45500
    assert parse("percent", "45,5") == Decimal("45.5")
    assert refusal("count", "45,5").startswith("not a whole number")


def test_every_kind_of_the_import_registry_has_a_parser() -> None:
    kinds = {"region", "period", "year", "count", "amount", "percent", "decimal", "choice", "text"}
    assert kinds <= set(values.PARSERS)


def test_a_problem_is_translated_by_the_callers_translate_and_filled_after() -> None:
    problem = ValueProblem(values.AMBIGUOUS, {"value": "1.234"})
    assert problem.reason(lambda m: m.replace("ambiguous", "ambigu")).startswith("ambigu: 1.234 could be")
    assert str(problem).startswith("ambiguous: 1.234 could be")


def test_a_reason_without_placeholders_may_hold_a_percent_sign() -> None:
    assert ValueProblem("more than 100%").reason() == "more than 100%"


def test_it_refuses_an_unknown_kind_as_a_programming_error() -> None:
    with pytest.raises(KeyError):
        parse("colour", "red")


AS_READ: list[tuple[Cell, str]] = [
    (PercentCell(0.455), "45,5 %"),
    (PercentCell(1.0), "100 %"),
    (105120.0, "105120"),
    (105120, "105120"),
    (12.5, "12,5"),
    (0.1 + 0.2, "0,3"),
    ("1.654.526", "1.654.526"),
    ("Rp 4.500.000.000,00", "Rp 4.500.000.000,00"),
    (None, ""),
    (True, "TRUE"),
    (date(2024, 6, 30), "2024-06-30"),
    (datetime(2024, 6, 30), "2024-06-30"),
    (datetime(2024, 6, 30, 13, 5), "2024-06-30 13:05"),
    ("NIK 5371014107850003", "NIK [16 digits hidden]"),
    ("NIK 5371 0141 0785 0003", "NIK [16 digits hidden]"),
    (5371014107850003.0, "[16 digits hidden]"),
    (5371014107850003, "[16 digits hidden]"),
    (1e20, "100000000000000000000"),
]


@pytest.mark.parametrize(("cell", "shown"), AS_READ, ids=repr)
def test_the_preview_shows_a_value_as_it_was_read_from_the_file(cell: Cell, shown: str) -> None:
    assert as_read(cell) == shown


def test_the_preview_can_show_numbers_with_a_decimal_point() -> None:
    assert as_read(PercentCell(0.455), decimal_mark=".") == "45.5 %"


@pytest.mark.parametrize("module", [values, codes], ids=lambda m: m.__name__)
def test_the_value_parsers_import_nothing_outside_the_core(module: ModuleType) -> None:
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert {
        m for m in imported if m.split(".")[0] in ("django", "cakupan") and not m.startswith("cakupan.core")
    } == set()


# --- properties over many values ---------------------------------------------------------------------------

QUICK = settings(max_examples=200, deadline=None, database=None)


@QUICK
@given(
    number=st.integers(0, 10**12),
    separator=st.sampled_from([".", ",", " ", NBSP]),
    zero_cents=st.booleans(),
)
def test_any_count_written_with_thousands_groups_reads_back(
    number: int, separator: str, zero_cents: bool
) -> None:
    written = f"{number:,}".replace(",", separator)
    if zero_cents:
        written += ".00" if separator == "," else ",00"
    assert parse("count", written) == number
    assert parse("amount", f"Rp {written}") == number


@QUICK
@given(
    hundredths=st.integers(100, 10_000),
    mark=st.sampled_from([",", "."]),
    sign=st.sampled_from(["", "%", " %"]),
)
def test_any_percentage_from_1_to_100_reads_back_as_written(hundredths: int, mark: str, sign: str) -> None:
    percent = Decimal(hundredths) / 100
    assert parse("percent", f"{percent:.2f}".replace(".", mark) + sign) == percent


@QUICK
@given(whole=st.integers(0, 10**6), tenths=st.integers(1, 9), mark=st.sampled_from([",", "."]))
def test_a_count_with_a_real_fraction_is_never_read_as_a_whole_number(
    whole: int, tenths: int, mark: str
) -> None:
    assert refusal("count", f"{whole}{mark}{tenths}").startswith("not a whole number")


@QUICK
@given(
    kind=st.sampled_from(["count", "amount", "percent", "decimal", "year", "period", "region"]),
    text=st.text(),
)
def test_any_text_is_read_or_refused_with_a_reason(kind: str, text: str) -> None:
    options: dict[str, Any] = (
        {"latest": 2036 if kind == "year" else "2026-06"} if kind in ("year", "period") else {}
    )
    try:
        parse(kind, text, **options)
    except ValueProblem as problem:
        assert problem.reason().strip()
