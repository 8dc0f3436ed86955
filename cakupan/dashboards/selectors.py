"""What the region pages show, read through the indicator library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators, TrendPoint
from cakupan.indicators.selectors import children_visible, region_for_figures
from cakupan.regions.models import Region

SORT_KEYS = {
    "rank": lambda i: (i.rank is None, i.rank or 0),
    "name": lambda i: i.region_name,
    "coverage": lambda i: (i.coverage_rate is None, i.coverage_rate or 0),
    "active": lambda i: (i.active is None, i.active or 0),
    "workers": lambda i: (i.workers is None, i.workers or 0),
    "target_gap": lambda i: (i.target_gap_points is None, i.target_gap_points or 0),
    "workers_to_target": lambda i: (i.workers_to_target is None, i.workers_to_target or 0),
    "change_month": lambda i: (i.change_month_points is None, i.change_month_points or 0),
    "change_year": lambda i: (i.change_year_points is None, i.change_year_points or 0),
}
# Direction a click on a column header starts with: the one an analyst looks at first.
DEFAULT_DIRECTION = {"rank": "asc", "name": "asc"}


@dataclass
class RegionPage:
    region: Region
    ancestors: list[Region]
    period: str | None
    periods: list[str]
    indicators: RegionIndicators | None
    children: list[RegionIndicators]
    children_without_data: list[Region]
    trend: list[TrendPoint]
    sort: str
    direction: str


def region_page(
    user: AbstractBaseUser | AnonymousUser, *, code: str, period: str | None, sort: str, direction: str
) -> RegionPage:
    """The region page for a month (the latest with figures when none is asked).

    Raises Http404 for an unknown region and PermissionDenied for district or village figures the user
    has no role for (see `indicators.selectors`).
    """
    region = region_for_figures(user, code=code)
    periods = library.available_periods(region.code)
    if period is None or period not in periods:
        period = periods[0] if periods else None
    if sort not in SORT_KEYS:
        sort = "rank"
    if direction not in ("asc", "desc"):
        direction = DEFAULT_DIRECTION.get(sort, "desc")
    indicators = library.region_indicators(region.code, period) if period else None
    show_children = children_visible(user, region=region)
    children: list[RegionIndicators] = (
        library.children_ranking(region.code, period) if period and show_children else []
    )
    children = sort_children(children, sort=sort, direction=direction)
    with_data = {c.region_code for c in children}
    without = (
        []
        if region.level >= Region.Level.REGENCY and not children
        else [c for c in Region.objects.filter(parent=region).order_by("code") if c.code not in with_data]
    )
    trend = library.trend(region.code, period, 36) if period else []
    return RegionPage(
        region=region,
        ancestors=region.ancestors(),
        period=period,
        periods=periods,
        indicators=indicators,
        children=children,
        children_without_data=without,
        trend=trend,
        sort=sort,
        direction=direction,
    )


def sort_children(children: list[RegionIndicators], *, sort: str, direction: str) -> list[RegionIndicators]:
    key: Any = SORT_KEYS[sort]
    known = [c for c in children if not key(c)[0]] if sort != "name" else list(children)
    unknown = [c for c in children if c not in known]
    known.sort(key=key, reverse=direction == "desc")
    return known + unknown
