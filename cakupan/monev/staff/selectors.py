"""Reading non-ASN staff coverage for a user, with the region scope applied."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cakupan.indicators import formulas
from cakupan.monev.selectors import can_write, within
from cakupan.monev.staff.models import StaffCoverage
from cakupan.regions.models import Region


@dataclass(frozen=True)
class StaffCell:
    staff: int
    covered: int

    @property
    def rate(self) -> Fraction | None:
        return formulas.rate_pct(self.covered, self.staff)


@dataclass
class StaffTable:
    group: str
    label: str
    periods: list[str]
    rows: list[tuple[str, list[StaffCell | None]]]  # agency, a cell per period
    totals: list[StaffCell | None]


def staff_match_lists(user: Any, *, region: Region) -> list[Any]:
    """The list matches (participants.MatchList) of the region and those below it whose result the user
    may read and write into the non-ASN table: latest first."""
    from cakupan.participants.selectors import match_list_list

    if not can_write(user, region.code):
        return []
    return list(match_list_list(user).filter(within(region.code))[:20])


def staff_coverage_tables(user: Any, *, region: Region, months: int = 6) -> list[StaffTable]:
    """Per group, the agencies of the region with staff and covered counts over the latest months."""
    rows = list(StaffCoverage.objects.filter(region=region))
    tables = []
    for group, label in StaffCoverage.Group.choices:
        mine = [r for r in rows if r.group == group]
        if not mine:
            continue
        shown = sorted({r.period for r in mine})[-months:]
        cells = {(r.agency, r.period): StaffCell(r.staff, r.covered) for r in mine}
        agencies = sorted({r.agency for r in mine})
        table_rows = [(a, [cells.get((a, p)) for p in shown]) for a in agencies]
        totals: list[StaffCell | None] = []
        for index, _period in enumerate(shown):
            present = [cell for _a, line in table_rows if (cell := line[index]) is not None]
            totals.append(
                StaffCell(sum(c.staff for c in present), sum(c.covered for c in present)) if present else None
            )
        tables.append(StaffTable(group, str(label), shown, table_rows, totals))
    return tables


def staff_coverage_latest(*, region_code: str, group: str, year: int) -> StaffCell | None:
    """The region's total for a group in the latest month of the year with figures (for the scorecard)."""
    rows = StaffCoverage.objects.filter(region_id=region_code, group=group, period__startswith=f"{year}-")
    latest = rows.order_by("-period").values_list("period", flat=True).first()
    if latest is None:
        return None
    found = list(rows.filter(period=latest))
    return StaffCell(sum(r.staff for r in found), sum(r.covered for r in found))


def national_staff_coverage(*, year: int, last: str) -> dict[str, StaffCell]:
    """Every agency's latest figure of the year up to `last`, summed over the nation by group. Agencies of
    a province and of its regencies are distinct employers, so no one is counted twice."""
    latest: dict[tuple[str, str, str], StaffCoverage] = {}
    rows = StaffCoverage.objects.filter(period__startswith=f"{year}-", period__lte=last).order_by("period")
    for row in rows:
        latest[(row.region_id, row.group, row.agency)] = row
    totals: dict[str, StaffCell] = {}
    for (_code, group, _agency), row in latest.items():
        before = totals.get(group, StaffCell(0, 0))
        totals[group] = StaffCell(before.staff + row.staff, before.covered + row.covered)
    return totals
