"""The figures version of a region and month (issue 15 §2), defined once here.

Every figure is stored with the import batch that wrote it, and a correction is a new batch that replaces
rows; so the figures behind an output are current as long as the same batches hold the same rows. The
version is a digest of, for each figure table, the newest batch and the number of rows among the figures
an output reads, plus the dated parameters the library applies when reading:

- participants and the declarations of complete regions of the months shown: the month itself and the 35
  before it (the trend of a report; the changes on the month and the year and the recent pace read within
  them);
- workforce figures of those months and of the `workforce_max_age_months` before them (a figure stays in
  use that long);
- the targets of those months' years.

A region's version covers the region and every region under it: what its report shows of it and of its
sub-regions. Its rank among its neighbours and the national comparison move with every other region's
corrections and are not part of it. A month's version (a batch of every region's report) covers every
region. An import of another month, or of other regions, leaves a version as it is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, F, Func, Max, Q, QuerySet, Value

from cakupan.common.dated import rows_on
from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.indicators.library import CACHE_SECONDS, figures_version
from cakupan.indicators.models import (
    Parameter,
    ParticipantsComplete,
    ParticipationFigure,
    Target,
    WorkforceFigure,
)
from cakupan.indicators.params import Params

LENGTH = 12  # hex digits shown: enough to tell versions apart, short enough to read out
MONTHS_SHOWN = 36


class _Unindexed(Func):
    """A column as it is, but on SQLite written `+column` so that its index is not chosen: SQLite, without
    statistics, prefers the month index for a span of months, which holds nearly every row of the span,
    over the region index, which holds a region's few."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def _scope(code: str | None) -> Q:
    """The region and every region under it; everything for None or national."""
    if code is None or code == NATIONAL:
        return Q()
    below = Q(region__code__startswith=f"{code}.")
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores case, so no index serves it; the same codes as a range (compared byte by
        # byte, and "/" follows ".") let the region index find them. PostgreSQL's LIKE uses its own index.
        below &= Q(region__code__gte=f"{code}.", region__code__lt=f"{code}/")
    return Q(region_id=code) | below


def _months(first: str, last: str) -> Q:
    return Q(shown_period__gte=first, shown_period__lte=last)


def _newest_and_rows(rows: QuerySet[Any], part: int) -> QuerySet[Any]:
    """The newest batch and the number of rows of a set of figures, as one row tagged with its part (no
    GROUP BY: one row even when there are none, as `aggregate` gives)."""
    return (
        rows.annotate(part=Value(part))
        .values("part")
        .annotate(newest=Max("batch_id"), rows=Count("pk"))
        .values_list("part", "newest", "rows")
    )


def _version(period: str, code: str | None) -> str:
    first = periods.shift(period, -(MONTHS_SHOWN - 1))
    parameters = list(Parameter.objects.order_by("key", "valid_from"))
    day = periods.last_day(period)
    max_age = Params.of(day, rows_on(parameters, day)).workforce_max_age_months
    oldest_workforce = periods.shift(first, -max_age)
    years = range(periods.year_of(first), periods.year_of(period) + 1)
    scope = _scope(code)
    month = _Unindexed(F("period")) if code not in (None, NATIONAL) else F("period")
    parts = [
        ParticipationFigure.objects.alias(shown_period=month).filter(scope, _months(first, period)),
        ParticipantsComplete.objects.alias(shown_period=month).filter(scope, _months(first, period)),
        WorkforceFigure.objects.alias(shown_period=month).filter(scope, _months(oldest_workforce, period)),
        Target.objects.yearly().filter(scope, year__in=list(years)),
    ]
    # The four counts in one query (a round trip each was most of the time on a busy database server).
    tagged = [_newest_and_rows(rows, part) for part, rows in enumerate(parts)]
    found = {part: (newest, count) for part, newest, count in tagged[0].union(*tagged[1:], all=True)}
    digest = hashlib.sha256()
    for part in range(len(parts)):
        newest, count = found[part]
        digest.update(repr(sorted({"newest": newest, "rows": count}.items())).encode())
    for parameter in parameters:
        digest.update(
            repr((parameter.key, parameter.value, parameter.valid_from, parameter.valid_to)).encode()
        )
    return digest.hexdigest()[:LENGTH]


def _cached_version(period: str, code: str | None) -> str:
    """Read once per change of any figure or parameter (`library.figures_version`, which every import
    changes): a page, a pack and a report of the same figures ask for it again and again."""
    key = f"indicators:version:{code or ''}:{period}:{figures_version()}"
    found: str | None = cache.get(key)
    if found is None:
        found = _version(period, code)
        cache.set(key, found, CACHE_SECONDS)
    return found


def region_version(code: str, period: str) -> str:
    """The version of the figures a region's report of a month shows: the region and all under it."""
    return _cached_version(period, code)


def month_version(period: str) -> str:
    """The version of the figures of every region in a month: a batch of every region's report."""
    return _cached_version(period, None)
