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

from django.core.cache import cache
from django.db import connection

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


def _scope(table: str, code: str | None) -> tuple[str, list[str | int]]:
    """The region and every region under it; everything for None or national. As Django writes
    `Q(region_id=code) | Q(region__code__startswith=code + ".")`; on SQLite, whose LIKE ignores case so
    that no index serves it, with the same codes as a range (compared byte by byte, and "/" follows ".")
    so that the region index finds them. PostgreSQL's LIKE uses its own index."""
    if code is None or code == NATIONAL:
        return "", []
    below = connection.ops.prep_for_like_query(code) + ".%"
    if connection.vendor == "sqlite":
        return (
            f"({table}.region_id = %s OR ({table}.region_id LIKE %s ESCAPE '\\' "
            f"AND {table}.region_id >= %s AND {table}.region_id < %s))",
            [code, below, f"{code}.", f"{code}/"],
        )
    cast = "::text" if connection.vendor == "postgresql" else ""
    return f"({table}.region_id = %s OR {table}.region_id{cast} LIKE %s)", [code, below]


def _months(table: str, code: str | None, first: str, last: str) -> tuple[str, list[str | int]]:
    """The months of a span. On SQLite for a region written `+period`, so that the month index is not
    chosen: SQLite, without statistics, prefers it for a span of months, which holds nearly every row of
    the span, over the region index, which holds a region's few."""
    unindexed = "+" if connection.vendor == "sqlite" and code not in (None, NATIONAL) else ""
    return f"{unindexed}{table}.period >= %s AND {unindexed}{table}.period <= %s", [first, last]


def _newest_and_rows(
    code: str | None, *, first: str, last: str, oldest_workforce: str, years: list[int]
) -> dict[int, tuple[int | None, int]]:
    """For each of the four sets of figures, its newest batch and its number of rows, in one statement
    (a round trip each was most of the time on a busy database server), written by hand: building it
    with the ORM took five times as long as the database took to answer it (a fifth of the CPU of a
    regency page read for the first time)."""
    selects: list[str] = []
    params: list[str | int] = []
    sets = (
        (ParticipationFigure, (first, last), None),
        (ParticipantsComplete, (first, last), None),
        (WorkforceFigure, (oldest_workforce, last), None),
        (Target, None, years),
    )
    for part, (model, span, in_years) in enumerate(sets):
        table = connection.ops.quote_name(model._meta.db_table)
        where: list[str] = []
        where_params: list[str | int] = []
        if model is Target:
            where.append(f"{table}.batch_id IS NOT NULL")  # Target.objects.yearly(): the dataset's targets
        scope, scope_params = _scope(table, code)
        if scope:
            where.append(scope)
            where_params += scope_params
        if span is not None:
            months, months_params = _months(table, code, *span)
            where.append(months)
            where_params += months_params
        if in_years is not None:
            where.append(f"{table}.year IN ({', '.join(['%s'] * len(in_years))})")
            where_params += in_years
        # The tables' names come from the models and every value is a parameter.
        condition = " AND ".join(where)
        selects.append(
            f"SELECT {part} AS part, MAX({table}.batch_id) AS newest, COUNT(*) AS n "  # noqa: S608
            f"FROM {table} WHERE {condition}"
        )
        params += where_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return {part: (newest, count) for part, newest, count in cursor.fetchall()}


def _version(period: str, code: str | None) -> str:
    first = periods.shift(period, -(MONTHS_SHOWN - 1))
    parameters = list(Parameter.objects.order_by("key", "valid_from"))
    day = periods.last_day(period)
    max_age = Params.of(day, rows_on(parameters, day)).workforce_max_age_months
    found = _newest_and_rows(
        code,
        first=first,
        last=period,
        oldest_workforce=periods.shift(first, -max_age),
        years=list(range(periods.year_of(first), periods.year_of(period) + 1)),
    )
    digest = hashlib.sha256()
    for part in range(len(found)):
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
