"""Who is inactive, and since when; who lapsed, came back or left between two months. Ibis expressions on
the person store (`analytics.store`), run on DuckDB or PySpark.

- **Inactive by months since the last contribution**: the inactive participants of a month in a region,
  by the region one level below, segment and how long ago they last paid (`last_paid_period`): 1–3,
  4–6, 7–12 or more than 12 months; `unknown` where the file had no such column or its value is not a
  month before the month asked.
- **Changes between two months** (`before` → `after`), counted where each person was in `before`, by
  segment there: a *lapse* (active → inactive), a *reactivation* (inactive → active) and an *absence*
  (in `before`'s store, in no file of `after`, though `after` has participants in their village: a
  village no file of `after` covers says nothing about its people).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from cakupan.analytics import store
from cakupan.analytics.engine import EngineConfig, connect, disconnect

BUCKETS = ("1-3", "4-6", "7-12", "13+", "unknown")
CHANGES = ("lapse", "reactivation", "absence")


def bucket(months: ir.IntegerValue) -> ir.StringValue:
    """The band of months since the last contribution (`unknown`: no month, or not before the month)."""
    return (
        ibis.cases(
            (months.isnull() | (months < 1), "unknown"),
            (months <= 3, "1-3"),
            (months <= 6, "4-6"),
            (months <= 12, "7-12"),
            else_="13+",
        )
        .fill_null("unknown")
        .cast("string")
    )


def inactive_by_duration(people: ir.Table, *, period: str, region: str) -> ir.Table:
    """The inactive participants of `period` in `region` (`people`: the store of that month or more):
    area_code (one level below), segment, band and people."""
    month = store.within(people.filter((people.period == period) & (people.status == "inactive")), region)
    months = store.number_of(period) - store.month_number(month.last_paid_period)
    banded = month.select(
        area_code=store.place(month.region_code, region), segment=month.segment, band=bucket(months)
    )
    return banded.group_by(["area_code", "segment", "band"]).aggregate(people=banded.count())


def changes_between(earlier: ir.Table, later_all: ir.Table, *, region: str) -> ir.Table:
    """Lapses, reactivations and absences from one month (`earlier`: its store) to another (`later_all`)
    of the people in `region` in the first: area_code (one level below, where they were), segment
    (theirs then), change and people."""
    earlier = store.within(earlier, region)
    later = later_all.select(l_hash=later_all.nik_hash, l_status=later_all.status)
    covered = later_all.select(c_code=later_all.region_code).distinct()
    joined = earlier.left_join(later, earlier.nik_hash == later.l_hash).left_join(
        covered, earlier.region_code == covered.c_code
    )
    change = ibis.cases(
        ((joined.status == "active") & (joined.l_status == "inactive"), "lapse"),
        ((joined.status == "inactive") & (joined.l_status == "active"), "reactivation"),
        (joined.l_hash.isnull() & joined.c_code.notnull(), "absence"),
        else_=ibis.null("string"),
    )
    marked = joined.select(
        area_code=store.place(joined.region_code, region), segment=joined.segment, change=change
    )
    found = marked.filter(marked.change.notnull())
    return found.group_by(["area_code", "segment", "change"]).aggregate(people=found.count())


@dataclass
class InactivityResult:
    """Arrow tables: `durations` (area_code, segment, band, people) of `period`; `changes` (area_code,
    segment, change, people) from `before` to `period`, None without `before`; `months`: the months asked
    that have data."""

    region: str
    period: str
    before: str | None
    durations: pa.Table | None
    changes: pa.Table | None
    months: tuple[str, ...]


def inactivity_run(
    *,
    parts: store.StoreParts,
    region: str,
    period: str,
    before: str | None = None,
    engine: EngineConfig | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> InactivityResult:
    """Both analyses on the store's files of `period` and `before` (`parts`); a month without data gives
    None for what needs it."""
    config = engine or EngineConfig()
    months = tuple(sorted({m for _path, found in parts for m in found}))
    result = InactivityResult(region, period, before, None, None, months)
    if period not in months:
        return result
    with tempfile.TemporaryDirectory(prefix="cakupan-inactivity-", dir=work_dir) as scratch:
        config = config.spilling_in(scratch)
        con = connect(config)
        try:
            now = store.month_table(con, parts, period)
            assert now is not None  # `period` has data
            result.durations = con.to_pyarrow(inactive_by_duration(now, period=period, region=region))
            earlier = store.month_table(con, parts, before) if before is not None else None
            if earlier is not None:
                result.changes = con.to_pyarrow(changes_between(earlier, now, region=region))
        finally:
            disconnect(con, config)
    return result
