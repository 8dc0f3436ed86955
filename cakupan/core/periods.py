"""Months as `YYYY-MM` strings: the position at the end of that month."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"(\d{4})-(\d{2})")
# The years a month or a year may name, in a file as in a query (core.values reads files with them).
FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_period(raw: str) -> str:
    """Validate `YYYY-MM`. Raises PeriodError('format' | 'month' | 'year')."""
    match = _PERIOD.fullmatch(raw.strip())
    if not match:
        raise PeriodError("format")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise PeriodError("month")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError("year")
    return f"{year:04d}-{month:02d}"


def index(period: str) -> int:
    """Months since year 0, so that differences between periods are plain subtraction."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def from_index(value: int) -> str:
    return f"{value // 12:04d}-{value % 12 + 1:02d}"


def shift(period: str, months: int) -> str:
    return from_index(index(period) + months)


def span(end: str, months: int) -> list[str]:
    """The `months` periods ending at `end`, oldest first."""
    last = index(end)
    return [from_index(i) for i in range(last - months + 1, last + 1)]


def of_date(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def last_day(period: str) -> date:
    year, month = int(period[:4]), int(period[5:7])
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def year_of(period: str) -> int:
    return int(period[:4])
