"""The rows of non-ASN staff coverage as the downloads give them."""

from __future__ import annotations

from cakupan.indicators.serialise import number
from cakupan.monev.downloads import Row
from cakupan.monev.staff.selectors import StaffTable


def staff_rows(tables: list[StaffTable]) -> list[Row]:
    """One row per group, agency and month (the page's cells), the share covered as a rate."""
    return [
        {
            "group": table.group,
            "agency": agency,
            "period": period,
            "staff": cell.staff,
            "covered": cell.covered,
            "coverage_rate": number(cell.rate),
        }
        for table in tables
        for agency, cells in table.rows
        for period, cell in zip(table.periods, cells, strict=True)
        if cell is not None
    ]
