"""Where the figures of a region and month come from: the import batches behind them (issue 15 §2).

Not the latest import touching the region, but the batches whose rows the rollup used for that month:

- participants: every supplied participant figure of the month for the region and the regions under it
  (its `active_all`, `inactive`, `registered` and segments count them all; a supplied parent is compared
  with them), and the declarations that a region is complete;
- workforce: for each region of the coverage footprint, and for the region itself when its workforce is
  shown (the measured share is taken of it), the figure of the month actually applied — the latest within
  `workforce_max_age_months`, its own when supplied, else those of the regions under it that supply one;
- targets: the region's targets of the month's year.

A batch is read through `cakupan.imports.models.ImportBatch` and the figure tables' `batch` keys only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from cakupan.core import periods
from cakupan.core.codes import NATIONAL, parent_of
from cakupan.imports.models import ImportBatch
from cakupan.indicators import region_months
from cakupan.indicators.models import (
    ParticipantsComplete,
    ParticipationFigure,
    Target,
    WorkforceFigure,
)
from cakupan.indicators.params import Params

# The datasets whose batches the rollup reads, in the order a report lists them.
FIGURE_DATASETS = ("participation", "workforce", "targets")


@dataclass(frozen=True)
class SourceBatch:
    """One import batch behind the figures, with what of it was used."""

    batch_id: int
    dataset: str
    file_name: str
    created_at: datetime
    rows: int
    simulated: bool
    periods: list[str]  # the months (or years, for targets) of its figures that were used, oldest first
    sources: list[str]  # the sources its used figures name (workforce: e.g. "BPS Sakernas")

    @classmethod
    def of(cls, batch: Any, *, periods: list[str], sources: list[str]) -> SourceBatch:
        """An import batch (`imports.ImportBatch`) with what of it was used."""
        return cls(
            batch_id=batch.pk,
            dataset=batch.dataset,
            file_name=batch.file_name,
            created_at=batch.created_at,
            rows=batch.rows,
            simulated=batch.simulated,
            periods=periods,
            sources=sources,
        )


@dataclass(frozen=True)
class DatasetSummary:
    """The batches of one dataset behind the figures, summed up: a report's one line per dataset."""

    dataset: str
    files: int
    sources: list[str]
    first: str | None  # the oldest month (or year) of figures used
    last: str | None


def _under(code: str) -> Q:
    """The region and every region under it."""
    if code == NATIONAL:
        return Q()
    return Q(region_id=code) | Q(region__code__startswith=f"{code}.")


def _is_under(child: str, ancestor: str) -> bool:
    if ancestor == NATIONAL:
        return child != NATIONAL
    return child.startswith(f"{ancestor}.")


def _ancestors(code: str) -> list[str]:
    found = []
    parent = parent_of(code)
    while parent is not None:
        found.append(parent)
        parent = parent_of(parent)
    return found


def _applied(code: str, supplying: set[str]) -> set[str]:
    """The regions whose own workforce figure makes up a region's: its own when it supplies one, else
    those under it that supply one with no supplier between them and it."""
    if code in supplying:
        return {code}
    return {
        c
        for c in supplying
        if _is_under(c, code) and not any(a in supplying and _is_under(a, code) for a in _ancestors(c))
    }


def figure_sources(code: str, period: str) -> list[SourceBatch]:
    """The batches behind a region's figures of a month, by dataset (participation, workforce, targets)
    and then by import time; empty when the month has no figures."""
    row = region_months.of_region(code, period)
    if row is None:
        return []
    used: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))

    def note(batch_id: int, when: str, source: str = "") -> None:
        whens, sources = used[batch_id]
        whens.add(when)
        if source:
            sources.add(source)

    for batch_id in (
        ParticipationFigure.objects.filter(_under(code), period=period).values_list("batch_id", flat=True)
    ).distinct():
        note(batch_id, period)
    for batch_id in ParticipantsComplete.objects.filter(_under(code), period=period).values_list(
        "batch_id", flat=True
    ):
        note(batch_id, period)

    wanted = set(row.footprint) if row.measured else set()
    if row.workers_total is not None:
        wanted.add(code)
    if wanted:
        max_age = Params.at(periods.last_day(period)).workforce_max_age_months
        oldest = periods.shift(period, -(max_age - 1))
        latest: dict[str, str] = {}
        figures: dict[str, list[tuple[int, str]]] = defaultdict(list)
        rows = WorkforceFigure.objects.filter(_under(code), period__gte=oldest, period__lte=period)
        for region, when, batch_id, source in rows.order_by("region_id", "period").values_list(
            "region_id", "period", "batch_id", "source"
        ):
            if latest.get(region) != when:  # oldest first: a newer month replaces the older one
                latest[region] = when
                figures[region] = []
            figures[region].append((batch_id, source))
        supplying = set(latest)
        for region in set().union(*(_applied(w, supplying) for w in wanted)):
            for batch_id, source in figures[region]:
                note(batch_id, latest[region], source)

    year = periods.year_of(period)
    for batch_id in (
        Target.objects.yearly().filter(region_id=code, year=year).values_list("batch_id", flat=True)
    ):
        note(batch_id, str(year))

    return _batches(used)


def _batches(used: dict[int, tuple[set[str], set[str]]]) -> list[SourceBatch]:

    found = []
    for batch in ImportBatch.objects.filter(pk__in=used).order_by("created_at", "pk"):
        whens, sources = used[batch.pk]
        found.append(SourceBatch.of(batch, periods=sorted(whens), sources=sorted(sources)))
    order = {name: i for i, name in enumerate(FIGURE_DATASETS)}
    return sorted(found, key=lambda b: order.get(b.dataset, len(order)))


def summarise(sources: list[SourceBatch]) -> list[DatasetSummary]:
    """One line per dataset: how many files, which sources, the range of months (or years) used."""
    by_dataset: dict[str, list[SourceBatch]] = defaultdict(list)
    for source in sources:
        by_dataset[source.dataset].append(source)
    out = []
    for dataset, batches in by_dataset.items():
        whens = sorted({w for b in batches for w in b.periods})
        out.append(
            DatasetSummary(
                dataset=dataset,
                files=len(batches),
                sources=sorted({s for b in batches for s in b.sources}),
                first=whens[0] if whens else None,
                last=whens[-1] if whens else None,
            )
        )
    return out
