from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lokal import holidays as lokal_holidays

from cakupan.compliance.models import Holiday
from cakupan.compliance.workdays import Calendar, HolidaysMissing, add_months, add_working_days

pytestmark = pytest.mark.django_db


def test_it_agrees_with_lokal_id_for_every_day_of_2026_and_2027() -> None:
    calendar = Calendar()
    day = date(2026, 1, 1)
    while day <= date(2027, 12, 31):
        assert calendar.is_working_day(day) == lokal_holidays.is_working_day(day), day
        day += timedelta(days=1)


def test_it_skips_weekends_holidays_and_collective_leave() -> None:
    # Thursday 19 March 2026 (Nyepi) + 1 working day: 20 and 23–24 March are cuti bersama, 21–22 the weekend.
    assert add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 25)


def test_a_year_without_a_holiday_list_is_an_error_not_a_year_without_holidays() -> None:
    with pytest.raises(HolidaysMissing):
        add_working_days(date(2028, 1, 3), 3)


def test_the_administrator_adds_the_holidays_of_other_years() -> None:
    Holiday.objects.create(date=date(2028, 1, 5), name="Uji", kind="libur_nasional")
    # Monday 3 January 2028 + 3 working days, the 5th being a holiday.
    assert add_working_days(date(2028, 1, 3), 3) == date(2028, 1, 7)


@given(start=st.dates(date(2026, 1, 1), date(2027, 6, 30)), days=st.integers(0, 60))
def test_the_deadline_is_a_working_day_exactly_that_many_working_days_later(start: date, days: int) -> None:
    calendar = Calendar()
    end = calendar.add_working_days(start, days)
    assert calendar.working_days_until(start, end) == days
    assert days == 0 or calendar.is_working_day(end)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 5, 29), 3, date(2026, 8, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
    ],
)
def test_months_later_keeps_the_day_or_takes_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
