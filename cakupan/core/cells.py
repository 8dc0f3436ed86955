"""The values a reader hands to the parsers: one cell of a CSV, XLSX or form, as it was in the file."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


class PercentCell(float):
    """A number cell that the spreadsheet shows as a percentage: the value is the stored fraction (0.455
    for a cell that reads "45,5 %"). Parsers of percentages read it as the user sees it (45.5)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"PercentCell({float(self)!r})"

    def __str__(self) -> str:  # as any number (a header, a problem's value), not as the repr above
        return float.__repr__(self)


Cell = str | int | float | bool | date | datetime | time | timedelta | None
