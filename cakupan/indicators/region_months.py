"""Every region's rolled-up month as the indicator library reads it (ADR 0011).

The recompute (`rollup_sets`) stores a `RegionMonth` for every region and month but one kind: a village's
month that only repeats the village's own participant figures (no workforce figure of the village in use
that month, no declaration of its completeness that month; a village has no children). Those are most of
the rows of a month (84,000 villages against 7,300 districts and 552 regencies and provinces), and the rule
gives them from the village's figures alone, so they are built here when read: the village's figures
through `rollup.rollup`, the reference the recompute is held equal to. A stored row wins where one exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from django.db.models import QuerySet

from cakupan.core.codes import level_of
from cakupan.indicators.models import SEGMENTS, ParticipationFigure, RegionMonth
from cakupan.indicators.rollup import PARTICIPATION_KEYS, Rolled, rollup
from cakupan.regions.models import Region

VILLAGE = 4
DISTRICT = 3
FIRST, LAST = "0000-00", "9999-99"


def of_regions(
    codes: Collection[str], *, first: str = FIRST, last: str = LAST, only: Sequence[str] = ()
) -> list[RegionMonth]:
    """The months from `first` to `last` of these regions; `only`: the stored rows' fields read (the
    footprint of a national month is a JSON of thousands of leaves)."""
    stored = RegionMonth.objects.filter(region_id__in=codes, period__gte=first, period__lte=last)
    rows = list(stored.only(*only) if only else stored)
    villages = [code for code in codes if level_of(code) == VILLAGE]
    if villages:
        figures = ParticipationFigure.objects.filter(
            region_id__in=villages, period__gte=first, period__lte=last
        )
        rows += _built(figures, stored={(r.region_id, r.period) for r in rows})
    return rows


def of_region(code: str, period: str) -> RegionMonth | None:
    rows = of_regions([code], first=period, last=period)
    return rows[0] if rows else None


def of_children(parents: Collection[str], period: str, *, only: Sequence[str] = ()) -> list[RegionMonth]:
    """The month of every child of these regions that has one (`only`: as `of_regions`)."""
    stored = RegionMonth.objects.filter(region__parent_id__in=parents, period=period)
    rows = list(stored.only(*only) if only else stored)
    districts = [code for code in parents if level_of(code) == DISTRICT]
    if districts:
        # By the villages' codes: joined to the regions, SQLite read every figure of the month through the
        # month's index (118 ms against 2 ms for a regency's 177 villages).
        villages = list(Region.objects.filter(parent_id__in=districts).values_list("code", flat=True))
        figures = ParticipationFigure.objects.filter(region_id__in=villages, period=period)
        rows += _built(figures, stored={(r.region_id, r.period) for r in rows})
    return rows


def with_participants(rows: Iterable[RegionMonth]) -> list[RegionMonth]:
    """The months with a participant figure (a workforce figure alone makes no indicator)."""
    return [row for row in rows if any(getattr(row, f"active_{s.lower()}") is not None for s in SEGMENTS)]


def periods_with_participants(code: str) -> list[str]:
    """The months of a region with an active participant figure, oldest first."""
    stored = (
        RegionMonth.objects.filter(region_id=code)
        .exclude(active_pu=None, active_bpu=None, active_jakon=None, active_pmi=None)
        .values_list("period", flat=True)
    )
    found = set(stored)
    if level_of(code) == VILLAGE:
        own = ParticipationFigure.objects.filter(region_id=code, status="active")
        found.update(own.values_list("period", flat=True).distinct())
    return sorted(found)


def _built(figures: QuerySet[ParticipationFigure], *, stored: set[tuple[str, str]]) -> list[RegionMonth]:
    """The months of villages not stored, from their participant figures: the rule applied to every village
    of a month at once (a village's month depends on its own figures alone: it has no children in the
    region master, and nothing under it to sum or to compare with)."""
    supplied: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    simulated: dict[str, set[str]] = defaultdict(set)
    columns = ("region_id", "period", "segment", "status", "participants", "batch__simulated")
    for code, period, segment, status, count, is_simulated in figures.values_list(*columns):
        if (code, period) in stored:
            continue
        supplied[period][code][f"{status}_{segment.lower()}"] = count
        if is_simulated:
            simulated[period].add(code)
    rows = []
    for period, participation in sorted(supplied.items()):
        nodes = rollup(
            participation=participation, workforce={}, simulated=simulated[period], children_total={}
        )
        rows += [unsaved(period, nodes[code]) for code in sorted(participation)]
    return rows


def unsaved(period: str, node: Rolled) -> RegionMonth:
    """The `RegionMonth` the rule gives a region (not saved)."""
    measured = node.measured
    return RegionMonth(
        region_id=node.code,
        period=period,
        workers_total=node.workforce.get("total"),
        workers_formal=node.workforce.get("formal"),
        workers_informal=node.workforce.get("informal"),
        workers_period=node.workers_period,
        **{key: node.participation.get(key) for key in PARTICIPATION_KEYS},
        participation_supplied=node.participation_supplied,
        children_reporting=node.children_reporting,
        children_total=node.children_total,
        simulated=node.simulated,
        warnings=list(node.warnings),
        measured=measured,
        covered_active=node.covered_active,
        covered_active_pu=node.covered_participation.get("active_pu") if measured else None,
        covered_active_bpu=node.covered_participation.get("active_bpu") if measured else None,
        covered_workers=node.covered_workers,
        covered_workers_formal=node.covered_workforce.get("formal") if measured else None,
        covered_workers_informal=node.covered_workforce.get("informal") if measured else None,
        covered_period_from=node.covered_periods[0],
        covered_period_to=node.covered_periods[1],
        covered_sources=list(node.covered_sources),
        leaves_reporting=node.leaves_reporting,
        leaves_total=node.leaves_total,
        footprint={leaf: list(figures) for leaf, figures in node.footprint.items()},
        unmeasured=node.unmeasured,
    )
