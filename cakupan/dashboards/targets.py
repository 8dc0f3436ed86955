"""The targets other than coverage, beside the coverage target on the region page and in the report
(issue 15 §2): a yearly count with its progress and gap, never a monthly projection.

- `active_participants`: the region's active participants (every one, `active_all`) at the month shown;
- `vulnerable_workers_funded`: the vulnerable workers whose contributions a budget pays in the target's
  year, every funder together, read from the Monev funding register (current rows only). Gianyar's
  commitment is one: 64 villages × 100 workers = 6,400 funded towards 12,800.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cakupan.core import periods
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.models import Target

COUNT_TARGETS = ("active_participants", "vulnerable_workers_funded")


@dataclass(frozen=True)
class CountTarget:
    indicator: str
    year: int
    value: int
    source: str
    progress: int | None  # None: nothing to measure it by
    progress_period: str | None  # the month of the progress (participants), None for a year's funding

    @property
    def gap(self) -> int | None:
        """How many are still missing; 0 once reached."""
        return None if self.progress is None else max(0, self.value - self.progress)

    @property
    def reached(self) -> bool:
        return self.progress is not None and self.progress >= self.value


ProgressReader = Callable[..., int | None]  # (region_code=, year=) → the count; None: nothing to measure
_PROGRESS: dict[str, ProgressReader] = {}


def count_progress_register(*, indicator: str, reader: ProgressReader) -> None:
    """The progress of a count target another app keeps (the vulnerable workers funded: the Monev funding
    register) is read through the reader it registers from its `ready()`; dashboards never imports it."""
    _PROGRESS[indicator] = reader


def funded_workers(*, region_code: str, year: int) -> int | None:
    """Workers funded in the region in the year by every funder (the current rows of the Monev register);
    None when nothing is registered. Read-only."""
    reader = _PROGRESS.get("vulnerable_workers_funded")
    return None if reader is None else reader(region_code=region_code, year=year)


def count_targets(*, region_code: str, period: str, indicators: RegionIndicators | None) -> list[CountTarget]:
    """The region's count targets of the month's year, in the order of COUNT_TARGETS."""
    year = periods.year_of(period)
    targets = {
        t.indicator: t
        for t in Target.objects.yearly().filter(region_id=region_code, year=year, indicator__in=COUNT_TARGETS)
    }
    out = []
    for indicator in COUNT_TARGETS:
        target = targets.get(indicator)
        if target is None:
            continue
        if indicator == "active_participants":
            progress = indicators.active_all if indicators is not None else None
            progress_period: str | None = period
        else:
            progress, progress_period = funded_workers(region_code=region_code, year=year), None
        out.append(
            CountTarget(
                indicator=indicator,
                year=year,
                value=int(target.value),
                source=target.source,
                progress=progress,
                progress_period=progress_period,
            )
        )
    return out
