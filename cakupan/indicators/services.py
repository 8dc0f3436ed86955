from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count

from cakupan.common import periods
from cakupan.common.bulk import bulk_insert
from cakupan.indicators.models import ParticipantsComplete, ParticipationFigure, RegionMonth, WorkforceFigure
from cakupan.indicators.params import params_at
from cakupan.indicators.rollup import PARTICIPATION_KEYS, Rolled, rollup
from cakupan.regions.models import Region


def periods_with_figures(*, since: str | None = None) -> set[str]:
    found: set[str] = set()
    for model in (ParticipationFigure, WorkforceFigure):
        qs = model.objects.all()
        if since is not None:
            qs = qs.filter(period__gte=since)
        found.update(qs.values_list("period", flat=True).distinct())
    return found


@transaction.atomic
def rollup_refresh(*, months: Iterable[str]) -> int:
    """Recompute the effective figures of every region for these months. Returns the rows written."""
    wanted = sorted(set(months))
    if not wanted:
        return 0
    children_total: dict[str, int] = {
        parent: n
        for parent, n in Region.objects.exclude(parent=None)
        .values_list("parent")
        .annotate(n=Count("code"))
        .values_list("parent", "n")
        if parent is not None
    }
    written = 0
    for period in wanted:
        rolled = _rollup_period(period, children_total)
        RegionMonth.objects.filter(period=period).delete()
        bulk_insert(RegionMonth, ROW_FIELDS, (_to_row(period, node) for node in rolled.values()))
        written += len(rolled)
    return written


def _rollup_period(period: str, children_total: dict[str, int]) -> dict[str, Rolled]:
    participation: dict[str, dict[str, int]] = {}
    simulated: set[str] = set()
    rows = ParticipationFigure.objects.filter(period=period).values_list(
        "region_id", "segment", "status", "participants", "batch__simulated"
    )
    for code, segment, status, count, is_simulated in rows:
        participation.setdefault(code, {})[f"{status}_{segment.lower()}"] = count
        if is_simulated:
            simulated.add(code)

    max_age = params_at(periods.last_day(period)).workforce_max_age_months
    oldest = periods.shift(period, -(max_age - 1))
    latest: dict[str, str] = {}
    workforce: dict[str, tuple[dict[str, int], str]] = {}
    sources: dict[str, str] = {}
    wf_rows = (
        WorkforceFigure.objects.filter(period__gte=oldest, period__lte=period)
        .order_by("region_id", "period", "sector")
        .values_list("region_id", "period", "sector", "workers", "source", "batch__simulated")
    )
    for code, wf_period, sector, workers, source, is_simulated in wf_rows:
        # Rows come oldest first: a newer month of the same region replaces the whole set of sectors.
        if latest.get(code) != wf_period:
            latest[code] = wf_period
            workforce[code] = ({}, wf_period)
            sources.pop(code, None)
        figures, _ = workforce[code]
        figures[sector] = workers
        if source and (sector == "total" or code not in sources):
            sources[code] = source
        if is_simulated:
            simulated.add(code)
    complete = set(ParticipantsComplete.objects.filter(period=period).values_list("region_id", flat=True))
    return rollup(
        participation=participation,
        workforce=workforce,
        simulated=simulated,
        children_total=children_total,
        complete=complete,
        workforce_sources=sources,
    )


ROW_FIELDS = (
    "region",
    "period",
    "workers_total",
    "workers_formal",
    "workers_informal",
    "workers_period",
    *PARTICIPATION_KEYS,
    "participation_supplied",
    "children_reporting",
    "children_total",
    "simulated",
    "warnings",
    "measured",
    "covered_active",
    "covered_active_pu",
    "covered_active_bpu",
    "covered_workers",
    "covered_workers_formal",
    "covered_workers_informal",
    "covered_period_from",
    "covered_period_to",
    "covered_sources",
    "leaves_reporting",
    "leaves_total",
    "footprint",
    "unmeasured",
)


def _to_row(period: str, node: Rolled) -> tuple[object, ...]:
    return (
        node.code,
        period,
        node.workforce.get("total"),
        node.workforce.get("formal"),
        node.workforce.get("informal"),
        node.workers_period,
        *(node.participation.get(key) for key in PARTICIPATION_KEYS),
        node.participation_supplied,
        node.children_reporting,
        node.children_total,
        node.simulated,
        _json(node.warnings),
        node.measured,
        node.covered_active,
        node.covered_participation.get("active_pu") if node.measured else None,
        node.covered_participation.get("active_bpu") if node.measured else None,
        node.covered_workers,
        node.covered_workforce.get("formal") if node.measured else None,
        node.covered_workforce.get("informal") if node.measured else None,
        node.covered_periods[0],
        node.covered_periods[1],
        _json(node.covered_sources),
        node.leaves_reporting,
        node.leaves_total,
        _json({leaf: list(figures) for leaf, figures in node.footprint.items()}),
        json.dumps(node.unmeasured) if node.unmeasured is not None else None,
    )


def _json(value: list[Any] | dict[str, Any]) -> str:
    """JSON text of a list or mapping; most regions' are empty (a hundred thousand rows a month)."""
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)
