"""Working days: Monday to Friday, less the national holidays and collective leave days (cuti bersama).

The `lokal-id` package ships the SKB 3 Menteri lists for the years it knows (2026–2027); the administrator
adds other years, and any correction, as compliance.Holiday rows. A year with neither is an error, never
silently a year without holidays."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cakupan.compliance.models import Holiday


def _shipped_years() -> Any:
    # Imported when a deadline is counted: the `lokal` package loads its PII detectors too (~0.1 s), which
    # every command's start would otherwise pay.
    from lokal import holidays

    return holidays


class HolidaysMissing(ImproperlyConfigured):
    """No holiday list for a year a deadline needs."""

    def __init__(self, message: str, year: int) -> None:
        super().__init__(message)
        self.year = year


def holidays_known(year: int) -> bool:
    """Whether a deadline running into `year` can be counted: `lokal-id` ships the year, or the
    administrator has entered its holidays."""
    return year in _shipped_years().HOLIDAY_YEARS or Holiday.objects.filter(date__year=year).exists()


class Calendar:
    """Holiday lists loaded once per year asked for."""

    def __init__(self) -> None:
        self._years: dict[int, frozenset[date]] = {}

    def holidays(self, year: int) -> frozenset[date]:
        if year not in self._years:
            days = {row for row in Holiday.objects.filter(date__year=year).values_list("date", flat=True)}
            shipped = _shipped_years()
            if year in shipped.HOLIDAY_YEARS:
                days |= {date.fromisoformat(h.date) for h in shipped.get_holidays(year).holidays}
            elif not days:
                raise HolidaysMissing(
                    f"No list of national holidays and collective leave for {year}; add them in the "
                    "administration (Compliance › Holidays)",
                    year,
                )
            self._years[year] = frozenset(days)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (`start` itself does not count)."""
        day = start
        left = days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_until(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def add_working_days(start: date, days: int) -> date:
    return Calendar().add_working_days(start, days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))
