"""Reading the benefits paid: public aggregates down to regencies; district and village rows need a role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.selectors import region_for_register, within
from cakupan.regions.models import Region


@dataclass(frozen=True)
class BenefitLine:
    program: str
    label: str
    claims: int
    amount_idr: int


@dataclass(frozen=True)
class BenefitMonth:
    period: str
    claims: int
    amount_idr: int


@dataclass
class RegionBenefits:
    region: Region
    period: str | None
    lines: list[BenefitLine]
    trend: list[BenefitMonth]
    from_children: bool

    @property
    def claims(self) -> int:
        return sum(line.claims for line in self.lines)

    @property
    def amount_idr(self) -> int:
        return sum(line.amount_idr for line in self.lines)

    @property
    def max_amount(self) -> int:
        return max((m.amount_idr for m in self.trend), default=0)


def _ancestors(code: str, *, below: str) -> list[str]:
    """The regions between `code` and `below` (exclusive): 53.71.01 below 53 → [53.71]."""
    parts = code.split(".")
    found = [".".join(parts[:n]) for n in range(1, len(parts))]
    return [a for a in found if a != below and (below == NATIONAL or a.startswith(below + "."))]


def _benefit_figures(code: str) -> tuple[dict[str, dict[str, list[int]]], bool]:
    """Claims and amounts of the region by month and program: its own figures where supplied for the
    month, else the sum over the regions below it, each taken at the highest level supplied in its
    branch (a regency's own figure stands for its districts; nothing is counted twice)."""
    rows = BenefitFigure.objects.current().filter(within(code))
    by_month: dict[str, dict[str, list[tuple[str, int, int]]]] = defaultdict(lambda: defaultdict(list))
    for region_code, when, program, claims, amount in rows.values_list(
        "region_id", "period", "program", "claims", "amount_idr"
    ):
        by_month[when][region_code].append((program, claims, amount))
    figures: dict[str, dict[str, list[int]]] = {}
    from_children = False
    for when, regions in by_month.items():
        if code in regions:
            chosen = [code]
        else:
            present = set(regions)
            chosen = [c for c in present if not any(a in present for a in _ancestors(c, below=code))]
            from_children = True
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for region_code in chosen:
            for program, claims, amount in regions[region_code]:
                sums[program][0] += claims
                sums[program][1] += amount
        figures[when] = dict(sums)
    return figures, from_children


def region_benefits(user: Any, *, code: str, period: str | None = None, months: int = 12) -> RegionBenefits:
    """Claims and amounts by program for the month (the latest when not given) and the monthly totals
    of the months before it: a public aggregate down to regencies, like the coverage figures."""
    region = region_for_register(user, code=code)
    figures, from_children = _benefit_figures(region.code)
    known = sorted(figures, reverse=True)
    shown_period = period if period in known else (known[0] if known else None)
    labels = dict(BenefitFigure.Program.choices)
    lines: list[BenefitLine] = []
    trend: list[BenefitMonth] = []
    if shown_period is not None:
        sums = figures[shown_period]
        lines = [
            BenefitLine(p, str(labels[p]), sums[p][0], sums[p][1])
            for p in BenefitFigure.Program.values
            if p in sums
        ]
        for when in periods.span(shown_period, months):
            if when in figures:
                month = figures[when].values()
                trend.append(BenefitMonth(when, sum(v[0] for v in month), sum(v[1] for v in month)))
    return RegionBenefits(region, shown_period, lines, trend, from_children)
