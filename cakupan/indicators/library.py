"""The indicator library: every figure a page, the API, the CLI or an export shows comes from here.

It reads the rolled-up month figures (`RegionMonth`, through `region_months`: stored, or for a village's
month that repeats its own figures built from them), the targets and the dated configuration, and
applies the formulas of `formulas.py`. Values stay exact (Fractions) until a surface rounds them with
`formulas.round2` through `serialise.py`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cakupan.core import periods
from cakupan.core.codes import NATIONAL, parent_of
from cakupan.core.memo_scope import memo_scope
from cakupan.imports.models import ImportBatch
from cakupan.indicators import formulas, region_months
from cakupan.indicators.fields import (
    AMOUNT,
    CODE,
    COUNT,
    DAY,
    DETAIL,
    FLAG,
    MONTH,
    POINTS,
    RATE,
    TEXT,
    fact,
    indicators,
    internal,
    same_as,
)
from cakupan.indicators.labels import band_label, kind_label, level_label
from cakupan.indicators.models import SEGMENTS, Parameter, RegionMonth, Target
from cakupan.indicators.params import Params
from cakupan.indicators.rollup import Comparison, comparable, read_warnings
from cakupan.regions.models import Region

COVERAGE_TARGET = "coverage_rate"
CACHE_SECONDS = 3600
_T = TypeVar("_T")
# A page still shows its figures when an administrator has not configured the bands for a date.
BAND_KEYS = ("band_rendah_from_pct", "band_sedang_from_pct", "band_tinggi_from_pct")


@indicators
class SegmentFigures:
    """One segment's participants in a region's month, written under the segment's name in `segments`
    (fields.py: the serialiser and the API's SegmentOut are generated from these declarations)."""

    segment: str = fact(CODE, _("The segment in words, e.g. Wage earners (PU)"), written_as="label")
    active: int | None = fact(COUNT, _("Active participants of the segment"), public=True)
    inactive: int | None = fact(COUNT, _("Inactive participants of the segment"))
    registered: int | None = fact(COUNT, _("Participants of the segment, active and inactive"))
    share_of_active: Fraction | None = fact(
        RATE, _("The segment's share of the region's active participants, in percent"), written_as="share"
    )


@indicators
class RegionIndicators:
    """The indicators of one region in one month. Each field is defined here once (fields.py): the JSON of
    `--json`, the API, the downloads and the OpenAPI document are written from these declarations, in this
    order."""

    region_code: str = fact(CODE, _("The region's code (00 = national)"), public=True)
    region_name: str = fact(TEXT, _("The region's name"), public=True)
    level: int = fact(
        CODE,
        _("The region's level: 0 national, 1 province, 2 regency or city, 3 district, 4 village"),
        public=True,
        label=level_label,
        label_description=_("The level in words, in the answer's language"),
    )
    kind: str = fact(
        CODE,
        _("provinsi, kabupaten, kota, ..."),
        public=True,
        label=kind_label,
        label_description=_("The kind in words, in the answer's language"),
    )
    parent_code: str | None = fact(CODE, _("The code of the region above it"))
    period: str = fact(MONTH, _("The month of the figures"), public=True)
    workers: int | None = fact(
        COUNT, _("Workers of the coverage footprint: the denominator of the coverage rate"), public=True
    )
    workers_formal: int | None = fact(
        COUNT, _("Formal workers of the footprint, where the workforce is given by sector")
    )
    workers_informal: int | None = fact(
        COUNT, _("Informal workers of the footprint, where the workforce is given by sector")
    )
    workers_period: str | None = fact(
        MONTH,
        _("The denominator's month; over several months their range, e.g. 2023-08/2024-02"),
        public=True,
    )
    workers_period_from: str | None = internal()  # the first month of that range
    workforce_sources: list[str] = fact(
        TEXT, _("The denominator's sources, separated by '; '"), public=True, written_as="workforce_source"
    )
    active: int | None = fact(COUNT, _("Active participants over the coverage footprint"), public=True)
    active_all: int | None = fact(COUNT, _("Every active participant under the region"))
    inactive: int | None = fact(COUNT, _("Inactive participants"), public=True)
    registered: int | None = fact(COUNT, _("Registered participants: active and inactive"), public=True)
    coverage_rate: Fraction | None = fact(
        RATE, _("Active participants per 100 workers of the footprint"), public=True
    )
    band: str | None = fact(
        CODE,
        _("sangat_rendah, rendah, sedang or tinggi"),
        label=band_label,
        label_description=_("The band in words, in the answer's language"),
    )
    ucj_target: Fraction = fact(
        RATE, _("The national coverage goal (Universal Coverage Jamsostek), in percent")
    )
    gap_points: Fraction | None = fact(POINTS, _("Points of coverage still missing to the national goal"))
    workers_to_protect: int | None = fact(COUNT, _("Workers still to protect to reach the national goal"))
    target_rate: Fraction | None = fact(RATE, _("The region's own coverage target for the year, in percent"))
    target_source: str | None = fact(TEXT, _("Where the region's target is set (a regulation, a plan)"))
    target_gap_points: Fraction | None = fact(
        POINTS, _("Points of coverage still missing to the region's target")
    )
    workers_to_target: int | None = fact(COUNT, _("Workers still to protect to reach the region's target"))
    segments: list[SegmentFigures] = fact(
        DETAIL, _("Participants by segment (PU, BPU, JAKON, PMI)"), public=True
    )
    inactive_share: Fraction | None = fact(RATE, _("Inactive participants per 100 registered"))
    pu_coverage_rate: Fraction | None = fact(RATE, _("Active wage earners (PU) per 100 formal workers"))
    bpu_coverage_rate: Fraction | None = fact(
        RATE, _("Active non-wage earners (BPU) per 100 informal workers")
    )
    bpu_unprotected: int | None = fact(COUNT, _("Informal workers without active BPU participation"))
    rank: int | None = fact(COUNT, _("The region's rank by coverage among the regions under the same parent"))
    rank_of: int | None = fact(COUNT, _("How many regions under the same parent are ranked"))
    national_coverage_rate: Fraction | None = fact(RATE, _("The national coverage rate of the month"))
    diff_to_national_points: Fraction | None = fact(
        POINTS, _("Points above (or below) the national coverage rate")
    )
    change_month_points: Fraction | None = fact(
        POINTS, _("Change of the coverage rate since the month before, in points")
    )
    change_month_active: int | None = fact(COUNT, _("Change of active participants since the month before"))
    change_year_points: Fraction | None = fact(
        POINTS, _("Change of the coverage rate since the same month a year before, in points")
    )
    change_year_active: int | None = fact(
        COUNT, _("Change of active participants since the same month a year before")
    )
    pace_points_per_month: Fraction | None = fact(
        POINTS, _("The recent pace of the coverage rate, in points per month")
    )
    months_to_target: int | None = fact(COUNT, _("Months to reach the region's target at the recent pace"))
    target_reached_month: str | None = fact(
        MONTH, _("The month the region's target is reached at the recent pace")
    )
    months_to_ucj: int | None = fact(COUNT, _("Months to reach the national goal at the recent pace"))
    ucj_reached_month: str | None = fact(
        MONTH, _("The month the national goal is reached at the recent pace")
    )
    change_month_basis_regions: int | None = fact(
        COUNT, _("Set when the change compares fewer regions than the month has: their number")
    )
    change_year_basis_regions: int | None = fact(
        COUNT, _("Set when the yearly change compares fewer regions than the month has: their number")
    )
    pace_basis_regions: int | None = fact(
        COUNT, _("Set when the pace compares fewer regions than the month has: their number")
    )
    children_reporting: int | None = fact(COUNT, _("Regions directly under it with figures for the month"))
    children_total: int | None = fact(COUNT, _("Regions directly under it"))
    leaves_reporting: int | None = fact(COUNT, _("Lowest regions under it with figures for the month"))
    leaves_total: int | None = fact(COUNT, _("Lowest regions under it"))
    measured_workforce_share: Fraction | None = fact(
        RATE, _("The share of the region's workforce the coverage rate is measured over, in percent")
    )
    incomplete: bool = fact(FLAG, _("Below the minimum measured share: not a headline, not ranked"))
    unmeasured: dict[str, Any] | None = fact(
        DETAIL, _("Why there is no coverage rate"), written_as="coverage_missing"
    )
    measured: bool = internal()  # whether the rate is measured (`unmeasured` says why not)
    simulated: bool = fact(
        FLAG, _("Built from simulated figures (a demonstration), not real ones"), public=True
    )
    warnings: list[dict[str, Any]] = fact(DETAIL, _("The data-quality warnings of the figures"), public=True)

    @property
    def ranked(self) -> bool:
        """A rate that may be ranked, mapped and used as a headline: measured and not incomplete."""
        return self.coverage_rate is not None and not self.incomplete


@indicators
class TrendPoint:
    """A region's month in a trend: the same fields as its indicators, and each segment's active
    participants."""

    period: str = same_as(RegionIndicators, "period")
    workers: int | None = same_as(RegionIndicators, "workers")
    active: int | None = same_as(RegionIndicators, "active")
    inactive: int | None = same_as(RegionIndicators, "inactive")
    coverage_rate: Fraction | None = same_as(RegionIndicators, "coverage_rate")
    # The month's denominator, as RegionIndicators gives it: the month of the workforce figure (for a parent
    # the last and the first month used) and its distinct sources.
    workers_period: str | None = same_as(RegionIndicators, "workers_period", default=None)
    workers_period_from: str | None = internal(default=None)
    workforce_sources: tuple[str, ...] = same_as(RegionIndicators, "workforce_sources", default=())
    target_rate: Fraction | None = same_as(RegionIndicators, "target_rate")
    segments_active: dict[str, int | None] = fact(COUNT, _("Active participants of each segment"))


@indicators
class Budget:
    """What paying the minimum BPU contribution (JKK + JKM) of N workers for M months costs (fields.py: the
    serialiser and the API's BudgetOut are generated from these declarations)."""

    workers: int = fact(COUNT, _("Workers whose contribution is paid"))
    months: int = fact(COUNT, _("Months it is paid for"))
    monthly_idr: int = fact(AMOUNT, _("The minimum BPU contribution of one worker for one month, in rupiah"))
    jkk_idr: int = fact(AMOUNT, _("Its work accident insurance (JKK) part, in rupiah"))
    jkm_idr: int = fact(AMOUNT, _("Its death insurance (JKM) part, in rupiah"))
    total_idr: int = fact(AMOUNT, _("Workers × months × the monthly contribution, in rupiah"))
    as_of: date = fact(DAY, _("The day whose contribution rates are used"))


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _active(row: RegionMonth) -> int | None:
    return _sum([getattr(row, f"active_{s.lower()}") for s in SEGMENTS])


def _inactive(row: RegionMonth) -> int | None:
    return _sum([getattr(row, f"inactive_{s.lower()}") for s in SEGMENTS])


def _rate(row: RegionMonth | None) -> Fraction | None:
    """Coverage over the region's footprint (rollup.py); None when it is not measured."""
    if row is None or not row.measured:
        return None
    return formulas.rate_pct(row.covered_active, row.covered_workers)


def _share(row: RegionMonth) -> Fraction | None:
    """The measured share of the region's workforce: 100 when its own figures meet."""
    if row.workers_total is None or row.workers_total <= 0:
        return None
    return formulas.rate_pct(row.covered_workers or 0, row.workers_total)


def _incomplete(row: RegionMonth, params: Params) -> bool:
    minimum, share = params.incomplete_below_share_pct, _share(row)
    return row.measured and minimum is not None and share is not None and share < minimum


def _ranked_rate(row: RegionMonth, params: Params) -> Fraction | None:
    return None if _incomplete(row, params) else _rate(row)


def _compare(now: RegionMonth, before: RegionMonth | None) -> Comparison | None:
    if before is None or not now.measured or not before.measured:
        return None
    return comparable(now.footprint, before.footprint)


def _targets(codes: set[str], years: set[int]) -> dict[tuple[str, int], Target]:
    rows = Target.objects.yearly().filter(region_id__in=codes, year__in=years, indicator=COVERAGE_TARGET)
    return {(t.region_id, t.year): t for t in rows}


def _project(gap: Fraction | None, pace: Fraction | None, period: str) -> tuple[int | None, str | None]:
    months = formulas.months_to_reach(gap, pace)
    if months is None:
        return None, None
    return months, periods.shift(period, months)


def compute(codes: list[str], period: str) -> dict[str, RegionIndicators]:
    """Indicators of several regions for one month, in a handful of queries (and from the cache while
    the figures have not changed). Regions without figures for the month are left out."""
    if not codes:
        return {}
    return _cached("compute", (tuple(codes), period), lambda: _compute(codes, period))


def _compute(codes: list[str], period: str) -> dict[str, RegionIndicators]:
    params = Params.at(periods.last_day(period))
    window = max(params.projection_window_months, 12)
    first = periods.shift(period, -window)
    parents = {p for p in (parent_of(c) for c in codes) if p is not None}

    history: dict[str, dict[str, RegionMonth]] = defaultdict(dict)
    for row in region_months.of_regions(codes, first=first, last=period):
        history[row.region_id][row.period] = row
    siblings = region_months.of_children(
        parents, period, only=("region_id", "workers_total", "measured", "covered_active", "covered_workers")
    )
    national_row = region_months.of_region(NATIONAL, period)
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    targets = _targets(set(codes), {periods.year_of(period)})

    # (rank, of how many ranked siblings): "of none" is None, never 0, where no sibling has a rankable rate.
    ranks: dict[str, tuple[int | None, int | None]] = {}
    by_parent: dict[str | None, list[RegionMonth]] = defaultdict(list)
    for row in siblings:
        by_parent[parent_of(row.region_id)].append(row)
    for group in by_parent.values():
        rates = [_ranked_rate(r, params) for r in group]  # incomplete and unmeasured rates are not ranked
        ranked = formulas.competition_rank(rates)
        count = sum(1 for r in rates if r is not None)
        for row, rank in zip(group, ranked, strict=True):
            ranks[row.region_id] = (rank, count or None)

    national_rate = _rate(national_row)
    out: dict[str, RegionIndicators] = {}
    for code in codes:
        month = history.get(code, {}).get(period)
        region = regions.get(code)
        if month is None or region is None or _active(month) is None:
            continue  # no participant figures: nothing to measure
        out[code] = _indicators(
            region=region,
            row=month,
            history=history[code],
            period=period,
            params=params,
            target=targets.get((code, periods.year_of(period))),
            rank=ranks.get(code, (None, None)),
            national_rate=national_rate,
        )
    return out


def _indicators(
    *,
    region: Region,
    row: RegionMonth,
    history: dict[str, RegionMonth],
    period: str,
    params: Params,
    target: Target | None,
    rank: tuple[int | None, int | None],
    national_rate: Fraction | None,
) -> RegionIndicators:
    active_all, inactive = _active(row), _inactive(row)
    registered = None if active_all is None and inactive is None else (active_all or 0) + (inactive or 0)
    # `active` and `workers` are the coverage footprint; the rest counts every participant.
    active, workers = (row.covered_active, row.covered_workers) if row.measured else (None, None)
    rate = _rate(row)
    share = _share(row)
    incomplete = _incomplete(row, params)
    ucj = params.ucj_target_pct
    target_rate = Fraction(target.value) if target is not None else None

    segments = []
    for segment in SEGMENTS:
        seg_active = getattr(row, f"active_{segment.lower()}")
        seg_inactive = getattr(row, f"inactive_{segment.lower()}")
        seg_registered = _sum([seg_active, seg_inactive])
        segments.append(
            SegmentFigures(
                segment=segment,
                active=seg_active,
                inactive=seg_inactive,
                registered=seg_registered,
                share_of_active=formulas.rate_pct(seg_active, active_all),
            )
        )

    # Changes compare the leaves measured in both months, the pace those of both ends of its window.
    on_month = _compare(row, history.get(periods.shift(period, -1)))
    on_year = _compare(row, history.get(periods.shift(period, -12)))
    pace, on_pace = _pace(row, history, period, params.projection_window_months)
    target_gap = formulas.gap_points(target_rate, rate) if target_rate is not None else None
    ucj_gap = formulas.gap_points(ucj, rate)
    months_to_target, target_month = (
        _project(target_gap, pace, period) if target_gap is not None else (None, None)
    )
    months_to_ucj, ucj_month = _project(ucj_gap, pace, period)
    bpu_active = row.covered_active_bpu
    rank_value, rank_of = rank
    oldest = row.covered_period_from or row.workers_period
    children = _built_from_parts(row)
    return RegionIndicators(
        region_code=region.code,
        region_name=region.name,
        level=region.level,
        kind=region.kind,
        parent_code=region.parent_id,
        period=period,
        workers=workers,
        workers_formal=row.covered_workers_formal,
        workers_informal=row.covered_workers_informal,
        workers_period=(row.covered_period_to or row.workers_period or None),
        active=active,
        inactive=inactive,
        registered=registered,
        coverage_rate=rate,
        band=(
            formulas.coverage_band(rate, params.band_thresholds)
            if params.has(*BAND_KEYS) and not incomplete
            else None
        ),
        ucj_target=ucj,
        gap_points=ucj_gap,
        workers_to_protect=formulas.workers_to_reach(ucj, workers, active),
        target_rate=target_rate,
        target_source=target.source if target is not None else None,
        target_gap_points=target_gap,
        workers_to_target=(
            formulas.workers_to_reach(target_rate, workers, active) if target_rate is not None else None
        ),
        segments=segments,
        inactive_share=formulas.rate_pct(inactive, registered),
        pu_coverage_rate=formulas.rate_pct(row.covered_active_pu, row.covered_workers_formal),
        bpu_coverage_rate=formulas.rate_pct(bpu_active, row.covered_workers_informal),
        bpu_unprotected=(
            max(0, row.covered_workers_informal - bpu_active)
            if row.covered_workers_informal is not None and bpu_active is not None
            else None
        ),
        rank=rank_value if region.code != NATIONAL else None,
        rank_of=rank_of if region.code != NATIONAL else None,
        national_coverage_rate=national_rate,
        diff_to_national_points=formulas.difference(rate, national_rate) if region.code != NATIONAL else None,
        change_month_points=_points(on_month),
        change_month_active=on_month.active_now - on_month.active_before if on_month else None,
        change_year_points=_points(on_year),
        change_year_active=on_year.active_now - on_year.active_before if on_year else None,
        pace_points_per_month=pace,
        months_to_target=months_to_target,
        target_reached_month=target_month,
        months_to_ucj=months_to_ucj,
        ucj_reached_month=ucj_month,
        simulated=row.simulated,
        warnings=read_warnings(
            list(row.warnings),
            period=period,
            months_apart=periods.index(period) - periods.index(oldest) if row.measured and oldest else None,
            rate=rate,
            share=share if row.measured else None,
            minimum_share=params.incomplete_below_share_pct,
            oldest_workforce=oldest,
            age_limit=params.workforce_warn_age_months,
        ),
        active_all=active_all,
        workforce_sources=list(row.covered_sources),
        workers_period_from=(row.covered_period_from or row.workers_period or None),
        measured=row.measured,
        unmeasured=row.unmeasured,
        children_reporting=row.children_reporting if children else None,
        children_total=row.children_total if children else None,
        leaves_reporting=row.leaves_reporting if children else None,
        leaves_total=row.leaves_total if children else None,
        measured_workforce_share=share,
        incomplete=incomplete,
        change_month_basis_regions=_basis(on_month),
        change_year_basis_regions=_basis(on_year),
        pace_basis_regions=on_pace,
    )


def _built_from_parts(row: RegionMonth) -> bool:
    """Whether the region's figure involves its children, so that their completeness says something: a
    region whose own supplied figures meet, with nothing below them, is no parent here."""
    if row.children_reporting > 0 or row.leaves_total > 1:
        return True
    if row.measured:
        return set(row.footprint) != {row.region_id}
    return (row.unmeasured or {}).get("kind") in (
        "partial_participants",
        "partial_workforce",
        "no_common_footprint",
    )


def _points(comparison: Comparison | None) -> Fraction | None:
    if comparison is None:
        return None
    return formulas.difference(comparison.rate_now, comparison.rate_before)


def _basis(comparison: Comparison | None) -> int | None:
    """The number of leaves a change was measured over, when it is not the month's whole footprint."""
    return None if comparison is None or comparison.same_leaves else comparison.regions


def _pace(
    row: RegionMonth, history: dict[str, RegionMonth], period: str, window: int
) -> tuple[Fraction | None, int | None]:
    """The recent pace over the leaves measured at both ends of the window: from the earliest month of
    the window that shares leaves with this one. Returns the pace and, when the leaves differ, their
    number."""
    end = periods.index(period)
    for earlier in periods.span(period, window + 1)[:-2]:
        comparison = _compare(row, history.get(earlier))
        if comparison is None or comparison.rate_now is None or comparison.rate_before is None:
            continue
        pace = formulas.pace_per_month(
            [(periods.index(earlier), comparison.rate_before), (end, comparison.rate_now)], window=window
        )
        return pace, _basis(comparison)
    return None, None


def region_indicators(code: str, period: str) -> RegionIndicators | None:
    return compute([code], period).get(code)


@dataclass(frozen=True)
class MonthFigures:
    """A region's month with participant figures, as progress against a target reads it: the coverage
    rate when it may be ranked (`RegionIndicators.ranked`: measured, not incomplete), else None, and every
    active participant (`RegionIndicators.active_all`)."""

    ranked_rate: Fraction | None
    active_all: int


def months_figures(codes: Iterable[str]) -> dict[str, dict[str, MonthFigures]]:
    """Every month with participant figures of each region: for each month the same two figures as
    `region_indicators(code, month)` gives (and a month is here exactly when it gives indicators), read
    in two queries for all the regions and months instead of a computation per region and month."""
    wanted = tuple(sorted(set(codes)))
    if not wanted:
        return {}
    return _cached("months", (wanted,), lambda: _months_figures(wanted))


def _months_figures(codes: tuple[str, ...]) -> dict[str, dict[str, MonthFigures]]:
    # What _active, _rate and _incomplete read: not the footprint and warnings.
    active = (f"active_{s.lower()}" for s in SEGMENTS)
    read = ("region_id", "period", *active, "measured", "covered_active", "covered_workers", "workers_total")
    rows = region_months.with_participants(region_months.of_regions(codes, only=read))
    params = Params.at_days(periods.last_day(p) for p in {r.period for r in rows})
    found: dict[str, dict[str, MonthFigures]] = {code: {} for code in codes}
    for row in rows:
        active_all = _active(row)
        if active_all is None:
            continue
        rate = _rate(row)
        ranked = (
            rate if rate is not None and not _incomplete(row, params[periods.last_day(row.period)]) else None
        )
        found[row.region_id][row.period] = MonthFigures(ranked_rate=ranked, active_all=active_all)
    return found


def children_ranking(parent_code: str, period: str) -> list[RegionIndicators]:
    """The children of a region with figures for the month, highest coverage first; those not ranked
    (incomplete or not measured) last, by code."""
    codes = list(Region.objects.filter(parent_id=parent_code).values_list("code", flat=True))
    found = compute(codes, period)
    return sorted(
        found.values(), key=lambda i: (i.rank is None, i.rank or 0, -(i.coverage_rate or 0), i.region_code)
    )


def trend(code: str, end: str, months: int = 36) -> list[TrendPoint]:
    """Monthly figures of a region for the months ending at `end`, oldest first (gaps left out)."""
    return _cached("trend", (code, end, months), lambda: _trend(code, end, months))


def _trend(code: str, end: str, months: int) -> list[TrendPoint]:
    span = periods.span(end, months)
    found = region_months.of_regions([code], first=span[0], last=span[-1])
    rows = {r.period: r for r in region_months.with_participants(found)}
    years = {periods.year_of(p) for p in span}
    targets = _targets({code}, years)
    points = []
    for period in span:
        row = rows.get(period)
        if row is None:
            continue
        target = targets.get((code, periods.year_of(period)))
        points.append(
            TrendPoint(
                period=period,
                workers=row.covered_workers if row.measured else None,
                active=row.covered_active if row.measured else None,
                inactive=_inactive(row),
                coverage_rate=_rate(row),
                target_rate=Fraction(target.value) if target else None,
                segments_active={s: getattr(row, f"active_{s.lower()}") for s in SEGMENTS},
                workers_period=(row.covered_period_to or row.workers_period or None),
                workers_period_from=(row.covered_period_from or row.workers_period or None),
                workforce_sources=tuple(row.covered_sources),
            )
        )
    return points


def latest_period(code: str = NATIONAL) -> str | None:
    """The most recent month with figures for the region."""
    months = region_months.periods_with_participants(code)
    return months[-1] if months else None


def month_or_latest(code: str, requested: str | None) -> tuple[list[str], str | None]:
    """The months with figures for the region, newest first, and the month to show: the one asked for
    when it has figures, else the latest (None when there is none)."""
    months = available_periods(code)
    if requested is not None and requested in months:
        return months, requested
    return months, months[0] if months else None


def nearest_periods(code: str, period: str) -> tuple[str | None, str | None]:
    """The months with figures for the region nearest before and after a month without any."""
    months = region_months.periods_with_participants(code)
    before = [m for m in months if m < period]
    after = [m for m in months if m > period]
    return (before[-1] if before else None), (after[0] if after else None)


def available_periods(code: str = NATIONAL) -> list[str]:
    """Months with figures for the region, newest first (read once per figures version)."""
    return _cached(
        "periods",
        (code,),
        lambda: region_months.periods_with_participants(code)[::-1],
    )


def contribution_budget(*, workers: int, months: int, as_of: date) -> Budget:
    """Regional budget to pay the minimum BPU contribution (JKK + JKM) for N workers for M months."""
    params = Params.at(as_of)
    monthly = params.bpu_min_monthly_idr
    return Budget(
        workers=workers,
        months=months,
        monthly_idr=monthly,
        jkk_idr=params.bpu_jkk_min_idr,
        jkm_idr=params.bpu_jkm_idr,
        total_idr=formulas.contribution_budget(workers=workers, months=months, monthly_idr=monthly),
        as_of=as_of,
    )


# Within a request the figures version is read once (a region page asks for it a dozen times, two
# queries each): `request_started` gives each request an empty memo, `request_finished` removes it, and
# a new import batch or parameter during the request empties it (apps.py connects the signals). Outside
# a request (commands, jobs, tests calling functions) nothing is kept.
_request_memo: ContextVar[dict[str, str] | None] = ContextVar("figures_version_memo", default=None)


def request_memo_start(**kwargs: Any) -> None:
    _request_memo.set({})


def request_memo_end(**kwargs: Any) -> None:
    _request_memo.set(None)


def request_memo_forget(**kwargs: Any) -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def figures_version_held() -> AbstractContextManager[None]:
    """Within it, outside a request, the figures version is read once as in a request (a job's or a
    command's report asks for it seven times, two queries each); inside a request it changes nothing."""
    return memo_scope(_request_memo)


def figures_version() -> str:
    """Changes whenever any figure or parameter could have changed: the key of every cached result drawn
    from the figures (indicators, charts, maps). Imports always add a batch; parameters are few, so their
    values themselves are part of the key. Read once per request (see `_request_memo`)."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _figures_version()
    if memo is not None:
        memo["version"] = version
    return version


_PARAMETER_FIELDS = ("pk", "key", "value", "valid_from", "valid_to")


def _figures_version() -> str:
    """The latest import batch and a digest of the parameters and of the time that batch was made: the
    caches keyed by it (the chart store on disk) outlive the database, and a restored backup, a new demo
    or a test rolled back may number its batches again from the same start."""
    batch, made = ImportBatch.objects.order_by("-pk").values_list("pk", "created_at").first() or (0, None)
    params = hashlib.sha1(  # noqa: S324 (a cache key, not security)
        repr(
            (
                made.isoformat() if made else None,
                list(
                    Parameter.objects.order_by("pk").values_list(
                        "pk", "key", "value", "valid_from", "valid_to"
                    )
                ),
            )
        ).encode()
    ).hexdigest()[:12]
    return f"{batch}.{params}"


def _cached(prefix: str, parts: tuple[object, ...], compute_fn: Callable[[], _T]) -> _T:
    """The result for these arguments and the current figures, computed once per figures version."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()  # noqa: S324 (a cache key, not security)
    key = f"indicators:{prefix}:{digest}:{figures_version()}"
    found = cache.get(key)
    if found is None:
        found = compute_fn()
        cache.set(key, found, CACHE_SECONDS)
    return found
