"""A number format makes a number a date, a duration, a percentage or a plain number, as Excel shows it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from cakupan.imports.xlsx_formats import DATE, DURATION, PERCENT, PLAIN, format_kind, from_serial


@pytest.mark.parametrize(
    ("number_format", "code", "kind"),
    [
        (9, None, PERCENT),
        (10, None, PERCENT),
        (14, None, DATE),
        (22, None, DATE),
        (46, None, DURATION),
        (0, None, PLAIN),
        (3, None, PLAIN),
        (164, "0.0%", PERCENT),
        (164, "#,##0.00 %;[Red]-#,##0.00 %", PERCENT),
        (164, '0.0" %"', PLAIN),  # the sign is text in quotes: the number is not a fraction
        (164, "0.0\\%", PLAIN),
        (164, "dd/mm/yyyy", DATE),
        (164, "[$-421]d mmmm yyyy", DATE),
        (164, "[h]:mm", DURATION),
        (164, '#,##0 "jiwa"', PLAIN),  # the letters of a quoted word are not date letters
        (164, "[$Rp-421]#,##0", PLAIN),
        (164, "General", PLAIN),
    ],
)
def test_a_number_format_has_the_kind_excel_gives_it(number_format: int, code: str | None, kind: int) -> None:
    assert format_kind(number_format, code) == kind


def test_a_serial_number_is_the_date_time_or_duration_it_stands_for() -> None:
    assert from_serial(45444, DATE, date1904=False) == date(2024, 6, 1)
    assert from_serial(45444.5, DATE, date1904=False) == datetime(2024, 6, 1, 12)
    assert from_serial(0.25, DATE, date1904=False) == time(6)
    assert from_serial(1, DATE, date1904=False) == date(1900, 1, 1)
    assert from_serial(43982, DATE, date1904=True) == date(2024, 6, 1)
    assert from_serial(1.25, DURATION, date1904=False) == timedelta(hours=30)
    assert from_serial(1e300, DATE, date1904=False) == 1e300
