"""Reading vulnerable-worker funding and the budget lines for a user, with the region scope applied
(`cakupan.monev.selectors`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cakupan.indicators import formulas
from cakupan.indicators.selectors import level_visible
from cakupan.monev.funding.models import BudgetLine, VulnerableFunding
from cakupan.monev.funding.services import FundingCheck, funding_check
from cakupan.monev.selectors import within
from cakupan.regions.models import Region


@dataclass(frozen=True)
class FundingLine:
    row: VulnerableFunding
    check: FundingCheck | None
    check_error: str = ""


@dataclass
class FundingPage:
    region: Region
    lines: list[FundingLine]
    history: list[VulnerableFunding]
    totals_by_year: dict[int, dict[str, int]] = field(default_factory=dict)


def funding_page(user: Any, *, region: Region) -> FundingPage:
    from cakupan.indicators.params import ParameterMissing

    qs = VulnerableFunding.objects.filter(within(region.code)).select_related("region", "batch")
    visible = [r for r in qs if level_visible(user, level=r.region.level, code=r.region_id)]
    lines = []
    totals: dict[int, dict[str, int]] = {}
    for row in (r for r in visible if r.replaced_by_id is None):
        try:
            check: FundingCheck | None = funding_check(
                workers=row.workers, months=row.months, amount_idr=row.amount_idr, year=row.year
            )
            error = ""
        except ParameterMissing as exc:
            check, error = None, str(exc)
        lines.append(FundingLine(row, check, error))
        total = totals.setdefault(row.year, {"workers": 0, "amount_idr": 0})
        total["workers"] += row.workers
        total["amount_idr"] += row.amount_idr
    history = [r for r in visible if r.replaced_by_id is not None]
    return FundingPage(
        region=region, lines=lines, history=history, totals_by_year=dict(sorted(totals.items()))
    )


@dataclass(frozen=True)
class BudgetRow:
    """A budget line of a region and year; the vulnerable-workers line with its detail, the region's
    vulnerable-worker funding rows of the year."""

    line: BudgetLine
    funding: list[VulnerableFunding] = field(default_factory=list)

    @property
    def realised_pct(self) -> Fraction | None:
        if self.line.realisation_idr is None or not self.line.allocation_idr:
            return None
        return formulas.rate_pct(self.line.realisation_idr, self.line.allocation_idr)

    @property
    def funding_idr(self) -> int:
        return sum(f.amount_idr for f in self.funding)

    @property
    def funding_workers(self) -> int:
        return sum(f.workers for f in self.funding)


@dataclass
class BudgetPage:
    region: Region
    rows: list[BudgetRow]
    history: list[BudgetLine]
    # Funding rows of a region and year without a vulnerable-workers line (the detail has no line yet).
    unlined_funding: list[VulnerableFunding] = field(default_factory=list)

    @property
    def totals_by_year(self) -> dict[int, dict[str, int]]:
        totals: dict[int, dict[str, int]] = {}
        for row in self.rows:
            total = totals.setdefault(row.line.year, {"allocation_idr": 0, "realisation_idr": 0})
            total["allocation_idr"] += row.line.allocation_idr
            total["realisation_idr"] += row.line.realisation_idr or 0
        return dict(sorted(totals.items(), reverse=True))


def budget_page(user: Any, *, region: Region, year: int | None = None) -> BudgetPage:
    """The budget lines of the region and the regions below it that the user may read (a public register
    down to the public level, as funding), current and replaced; the vulnerable-workers line of a region
    and year carries that region's vulnerable-worker funding rows of the year as its detail."""
    qs = BudgetLine.objects.filter(within(region.code)).select_related("region", "batch")
    funding_qs = VulnerableFunding.objects.current().filter(within(region.code)).select_related("region")
    if year is not None:
        qs, funding_qs = qs.filter(year=year), funding_qs.filter(year=year)
    visible = [r for r in qs if level_visible(user, level=r.region.level, code=r.region_id)]
    funding: dict[tuple[str, int], list[VulnerableFunding]] = defaultdict(list)
    for grant in funding_qs:
        if level_visible(user, level=grant.region.level, code=grant.region_id):
            funding[(grant.region_id, grant.year)].append(grant)
    rows = []
    lined: set[tuple[str, int]] = set()
    for line in (r for r in visible if r.replaced_by_id is None):
        detail: list[VulnerableFunding] = []
        if line.line == BudgetLine.Line.VULNERABLE:
            detail = funding.get((line.region_id, line.year), [])
            lined.add((line.region_id, line.year))
        rows.append(BudgetRow(line, detail))
    unlined = [g for key, grants in sorted(funding.items()) if key not in lined for g in grants]
    history = [r for r in visible if r.replaced_by_id is not None]
    return BudgetPage(region=region, rows=rows, history=history, unlined_funding=unlined)
