"""Months as `YYYY-MM`: moved to the Django-free core (`cakupan.core.periods`); re-exported here."""

from __future__ import annotations

from cakupan.core.periods import (
    PeriodError,
    from_index,
    index,
    last_day,
    of_date,
    parse_period,
    shift,
    span,
    year_of,
)

__all__ = [
    "PeriodError",
    "from_index",
    "index",
    "last_day",
    "of_date",
    "parse_period",
    "shift",
    "span",
    "year_of",
]
