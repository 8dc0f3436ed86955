from __future__ import annotations

import pytest

from cakupan.core.periods import PeriodError, last_day, parse_period, shift, span


def test_months_shift_across_years() -> None:
    assert shift("2024-01", -1) == "2023-12"
    assert shift("2024-06", -12) == "2023-06"
    assert span("2024-02", 3) == ["2023-12", "2024-01", "2024-02"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2024-13", "month"),
        ("2024-00", "month"),
        ("24-06", "format"),
        ("2024/06", "format"),
        ("1999-01", "year"),
    ],
)
def test_bad_months_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_period(raw)
    assert error.value.reason == reason


def test_the_last_day_of_february_in_a_leap_year() -> None:
    assert last_day("2024-02").day == 29 and last_day("2024-12").day == 31
