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

from django.db.models import Count, Max, Q

from cakupan.common import periods
from cakupan.indicators.models import (
    Parameter,
    ParticipantsComplete,
    ParticipationFigure,
    Target,
    WorkforceFigure,
)
from cakupan.indicators.params import params_at
from cakupan.regions.codes import NATIONAL

LENGTH = 12  # hex digits shown: enough to tell versions apart, short enough to read out
MONTHS_SHOWN = 36


def _scope(code: str | None) -> Q:
    """The region and every region under it; everything for None or national."""
    if code is None or code == NATIONAL:
        return Q()
    return Q(region_id=code) | Q(region__code__startswith=f"{code}.")


def _version(period: str, code: str | None) -> str:
    first = periods.shift(period, -(MONTHS_SHOWN - 1))
    max_age = params_at(periods.last_day(period)).workforce_max_age_months
    oldest_workforce = periods.shift(first, -max_age)
    years = range(periods.year_of(first), periods.year_of(period) + 1)
    scope = _scope(code)
    parts = [
        ParticipationFigure.objects.filter(scope, period__gte=first, period__lte=period),
        ParticipantsComplete.objects.filter(scope, period__gte=first, period__lte=period),
        WorkforceFigure.objects.filter(scope, period__gte=oldest_workforce, period__lte=period),
        Target.objects.yearly().filter(scope, year__in=list(years)),
    ]
    digest = hashlib.sha256()
    for rows in parts:
        digest.update(repr(sorted(rows.aggregate(newest=Max("batch_id"), rows=Count("pk")).items())).encode())
    for parameter in Parameter.objects.order_by("key", "valid_from").values_list(
        "key", "value", "valid_from", "valid_to"
    ):
        digest.update(repr(parameter).encode())
    return digest.hexdigest()[:LENGTH]


def region_version(code: str, period: str) -> str:
    """The version of the figures a region's report of a month shows: the region and all under it."""
    return _version(period, code)


def month_version(period: str) -> str:
    """The version of the figures of every region in a month: a batch of every region's report."""
    return _version(period, None)
