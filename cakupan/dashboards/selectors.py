"""What the region pages show, read through the indicator library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cakupan import charts
from cakupan.core.codes import NATIONAL
from cakupan.dashboards.fair import KINDS, FairGroup, fair_ranking
from cakupan.dashboards.targets import CountTarget, count_targets
from cakupan.dashboards.visuals import children_map, region_charts
from cakupan.indicators import formulas, library
from cakupan.indicators.library import Budget, RegionIndicators, TrendPoint
from cakupan.indicators.params import ParameterMissing
from cakupan.indicators.selectors import children_visible, region_for_figures
from cakupan.indicators.versions import region_version
from cakupan.maps.selectors import boundaries_version
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
    view: str  # "" (map and table), "peta" (map only) or "tabel" (table only) for the sub-regions
    budget: Budget | None  # the "what it takes" calculator
    version: str = ""  # of the figures and boundaries: keys the cached parts of the page
    map_svg: str | None = None
    map_caption: str = ""
    charts: Mapping[str, str] = field(default_factory=dict)
    # Set when the month asked for has no figures: the nearest months before and after that have some.
    nearest: tuple[str | None, str | None] | None = None
    # The year's count targets (active participants, vulnerable workers funded) with progress and gap.
    count_targets: list[CountTarget] = field(default_factory=list)
    # The version of the figures shown (indicators.versions): a report carries the one it was made from.
    figures_version: str = ""

    @property
    def children_with_warnings(self) -> list[RegionIndicators]:
        """Children whose figure carries data-quality warnings: listed beside the table and the map."""
        return [c for c in self.children if c.warnings]

    @property
    def unranked_children(self) -> list[RegionIndicators]:
        """Children with figures but no rank (incomplete or not measured): listed with the reason."""
        return [c for c in self.children if not c.ranked]


VIEWS = ("", "peta", "tabel")
DEFAULT_BUDGET_MONTHS = 12
MAX_BUDGET_WORKERS = 100_000_000
BUDGET_CACHE_SECONDS = 3600
CHART_FIGURES_SECONDS = 3600


def region_charts_part(
    user: AbstractBaseUser | AnonymousUser, *, code: str, period: str | None
) -> RegionPage:
    """Only what the charts of a region page need (HTMX asks for them after the page): the same region,
    month and trend as the page, without its rankings, maps and calculator. The charts are compiled for
    the browser to draw (a page without JavaScript asks for the whole page with its charts drawn)."""
    region = region_for_figures(user, code=code)
    periods, month = library.month_or_latest(region.code, period)
    if period is not None and month != period:
        month = None  # the page says the month has no figures: no chart of another month
    kept = _chart_figures(region.code, month) if month else None
    indicators: RegionIndicators | None = None
    ucj_target: Fraction | None
    if kept is not None:
        # What the page read just before, often in another server process: the same figures for every
        # reader who may see the region (checked above), without computing the region's indicators again.
        ucj_target, trend = kept
    else:
        indicators = library.region_indicators(region.code, month) if month else None
        trend = library.trend(region.code, month, 36) if month else []
        ucj_target = indicators.ucj_target if indicators is not None else None
    return RegionPage(
        region=region,
        ancestors=[],
        period=month,
        periods=periods,
        indicators=indicators,
        children=[],
        children_without_data=[],
        trend=trend,
        sort="rank",
        direction="asc",
        view="",
        budget=None,
        charts=region_charts(region, trend, ucj_target, browser=settings.CAKUPAN_CHARTS_IN_BROWSER)
        if ucj_target is not None
        else {},
    )


def _chart_figures_key(code: str, period: str) -> str:
    """By the figures version, which also digests the time the latest import was made: the store outlives
    the database (a restored backup, a new demo, a test rolled back may number import batches again)."""
    return f"dashboards:chart-figures:{code}:{period}:{library.figures_version()}"


def _chart_figures(code: str, period: str) -> tuple[Fraction, list[TrendPoint]] | None:
    """The UCJ line and the trend of a region's charts as its page kept them (None: not kept)."""
    found: tuple[Fraction, list[TrendPoint]] | None = caches["charts"].get(_chart_figures_key(code, period))
    return found


def _chart_figures_keep(
    code: str, period: str, indicators: RegionIndicators, trend: list[TrendPoint]
) -> None:
    """Keep what the charts of a page need for the request HTMX makes right after it. In the chart store
    (on disk, shared by every server process): that request is served by another process two times in
    three, which had to compute the region's indicators again (three quarters of its CPU). Keyed by the
    figures version, like everything drawn from the figures; the same for every reader of the region."""
    key = _chart_figures_key(code, period)
    caches["charts"].add(key, (indicators.ucj_target, trend), CHART_FIGURES_SECONDS)  # kept once


def region_page(
    user: AbstractBaseUser | AnonymousUser,
    *,
    code: str,
    period: str | None,
    sort: str,
    direction: str,
    view: str = "",
    budget_workers: int | None = None,
    budget_months: int | None = None,
    with_charts: bool = False,
    keep_chart_figures: bool = False,
) -> RegionPage:
    """The region page for a month (the latest with figures when none is asked). `keep_chart_figures`:
    the page will ask for its charts next (HTMX), so keep what they need for that request.

    Raises Http404 for an unknown region and PermissionDenied for district or village figures the user
    has no role for (see `indicators.selectors`).
    """
    region = region_for_figures(user, code=code)
    periods, shown = library.month_or_latest(region.code, period)
    # A month asked for without figures is said, with links to the nearest months; never another month.
    nearest = library.nearest_periods(region.code, period) if period and shown != period else None
    period = period if nearest is not None else shown
    if sort not in SORT_KEYS:
        sort = "rank"
    if direction not in ("asc", "desc"):
        direction = DEFAULT_DIRECTION.get(sort, "desc")
    has_figures = period is not None and nearest is None
    indicators = library.region_indicators(region.code, period) if has_figures and period else None
    show_children = children_visible(user, region=region)
    children: list[RegionIndicators] = (
        library.children_ranking(region.code, period) if has_figures and period and show_children else []
    )
    children = sort_children(children, sort=sort, direction=direction)
    with_data = {c.region_code for c in children}
    without = (
        []
        if (region.level >= Region.Level.REGENCY and not children) or not has_figures
        else [c for c in Region.objects.filter(parent=region).order_by("code") if c.code not in with_data]
    )
    trend = library.trend(region.code, period, 36) if has_figures and period else []
    budget = None
    if indicators is not None:
        workers = budget_workers if budget_workers is not None else (indicators.workers_to_target or 1000)
        months = budget_months if budget_months is not None else DEFAULT_BUDGET_MONTHS
        budget = _budget(
            workers=min(max(workers, 0), MAX_BUDGET_WORKERS),
            months=min(max(months, 0), 120),
            as_of=timezone.localdate(),
        )
    version = f"{library.figures_version()}:{boundaries_version()}"  # read once: the map's key and the page's
    map_svg, map_caption = None, ""
    if view != "tabel" and children and period:
        map_svg, map_caption = children_map(region, period, children, versions=version)
    charts = (
        region_charts(region, trend, indicators.ucj_target) if with_charts and indicators is not None else {}
    )
    if keep_chart_figures and indicators is not None and period and trend and not with_charts:
        _chart_figures_keep(region.code, period, indicators, trend)
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
        view=view if view in VIEWS else "",
        budget=budget,
        version=version,
        map_svg=map_svg,
        map_caption=map_caption,
        charts=charts,
        nearest=nearest,
        count_targets=(
            count_targets(region_code=region.code, period=period, indicators=indicators)
            if indicators is not None and period
            else []
        ),
        figures_version=region_version(region.code, period) if indicators is not None and period else "",
    )


def _budget(*, workers: int, months: int, as_of: date) -> Budget | None:
    """The calculator's budget (None when a parameter it needs is missing): the rates are read once per
    day and figures version (which carries the parameters; reading them was a twentieth of a regency
    page's CPU), the total computed as `library.contribution_budget` computes it."""
    key = f"dashboards:budget:{as_of.isoformat()}:{library.figures_version()}"
    found: tuple[Budget | None] | None = cache.get(key)
    if found is None:
        try:
            found = (library.contribution_budget(workers=0, months=0, as_of=as_of),)
        except ParameterMissing:
            found = (None,)
        cache.set(key, found, BUDGET_CACHE_SECONDS)
    rates = found[0]
    if rates is None:
        return None
    total = formulas.contribution_budget(workers=workers, months=months, monthly_idr=rates.monthly_idr)
    return replace(rates, workers=workers, months=months, total_idr=total)


def sort_children(children: list[RegionIndicators], *, sort: str, direction: str) -> list[RegionIndicators]:
    key: Any = SORT_KEYS[sort]
    # Split by the key's "unknown" flag, not by comparing the rows (a list of dataclasses compared with
    # each other field by field: a sixth of the national page's CPU).
    known = [c for c in children if not key(c)[0]] if sort != "name" else list(children)
    unknown = [c for c in children if key(c)[0]] if sort != "name" else []
    known.sort(key=key, reverse=direction == "desc")
    return known + unknown


@dataclass
class FairPage:
    region: Region
    period: str | None
    periods: list[str]
    kind: str
    groups: list[FairGroup]
    # Set when the month asked for has no figures: the nearest months before and after that have some.
    nearest: tuple[str | None, str | None] | None = None
    # The national ranking (514 regencies) has a province column and filter; a province's has neither.
    provinces: list[Region] = field(default_factory=list)
    province: str = ""  # the province the rows are filtered to ("" for all), ranks kept from all

    def province_name(self, region_code: str) -> str:
        return next((p.name for p in self.provinces if p.code == region_code[:2]), "")


def fair_page(
    user: AbstractBaseUser | AnonymousUser,
    *,
    code: str,
    period: str | None,
    kind: str,
    province: str = "",
) -> FairPage:
    region = region_for_figures(user, code=code)
    if region.level >= Region.Level.REGENCY and not children_visible(user, region=region):
        raise PermissionDenied
    periods, shown = library.month_or_latest(region.code, period)
    # A month asked for without figures is said, with the nearest months; never another month's ranking.
    nearest = library.nearest_periods(region.code, period) if period and shown != period else None
    period = period if nearest is not None else shown
    kind = kind if kind in KINDS else "level"
    groups = fair_ranking(region, period=period, kind=kind) if period and nearest is None else []
    provinces: list[Region] = []
    if region.is_national:
        provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("name"))
        province = province if any(p.code == province for p in provinces) else ""
        if province:
            groups = [
                FairGroup(g.key, g.label, [r for r in g.rows if r.ind.region_code.startswith(province + ".")])
                for g in groups
            ]
            groups = [g for g in groups if g.rows]
    return FairPage(
        region=region,
        period=period,
        periods=periods,
        kind=kind,
        groups=groups,
        nearest=nearest,
        provinces=provinces,
        province=province if provinces else "",
    )


MAX_COMPARED = 6


@dataclass
class ComparePage:
    period: str | None
    periods: list[str]
    regions: list[Region]
    indicators: list[RegionIndicators | None]
    trends: dict[str, list[TrendPoint]]
    refused: list[str]
    compare_chart: str | None = None
    nearest: tuple[str | None, str | None] | None = None  # the asked month has no figures: the nearest


def compare_page(
    user: AbstractBaseUser | AnonymousUser, *, codes: list[str], period: str | None
) -> ComparePage:
    """Several regions side by side for one month. Codes the user may not see are named, not shown."""
    regions: list[Region] = []
    refused: list[str] = []
    refused.extend(codes[MAX_COMPARED:])  # over the limit: named with the refused, never dropped silently
    for code in codes[:MAX_COMPARED]:
        try:
            region = region_for_figures(user, code=code)
        except (Http404, PermissionDenied):
            refused.append(code)
            continue
        if region not in regions:
            regions.append(region)
    periods, shown = library.month_or_latest(NATIONAL, period)
    nearest = library.nearest_periods(NATIONAL, period) if period and shown != period else None
    period = period if nearest is not None else shown
    measured = period if nearest is None else None
    found = library.compute([r.code for r in regions], measured) if measured else {}
    trends = {r.code: library.trend(r.code, measured, 36) for r in regions} if measured else {}
    chart = None
    if trends and any(trends.values()):
        chart = charts.compare_svg(
            [(r.name, trends[r.code]) for r in regions],
            lang=get_language() or "id",
            title=str(_("Coverage by month")),
        )
    return ComparePage(
        period=period,
        periods=periods,
        regions=regions,
        indicators=[found.get(r.code) for r in regions],
        trends=trends,
        refused=refused,
        compare_chart=chart,
        nearest=nearest,
    )
