"""Funded cohorts: the workers whose contributions a budget paid in a month and no longer the next, followed
afterwards. Ibis expressions on the person store (`analytics.store`), run on DuckDB or PySpark.

The cohort of month X: the people of a region in X's store with a budget funder (`funded_by`: APBD
provinsi, APBD kabupaten/kota, APBDes, CSR or other), whom that funder does not pay in X+1 (they are in no
file of X+1, or someone else pays, or nobody). They are counted by funder and by the region one level
below, where they were in X. For each of 1, 3, 6 and 12 months after X, how many of them are active
participants then, wherever they are and whoever pays (a switch to paying themselves counts as retained);
a month without participant data gives no figure, not 0.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import ibis.expr.types as ir
import pyarrow as pa

from cakupan.analytics import store
from cakupan.analytics.engine import EngineConfig, connect, disconnect, joins_as_written
from cakupan.core.vocabulary import BUDGET_FUNDERS

AFTER = (1, 3, 6, 12)


def budget_funded(month: ir.Table, *, region: str | None = None) -> ir.Table:
    """nik_hash, funder and region_code of the people of one month's store (`month`) whom a budget pays,
    in `region` (None: everywhere)."""
    if region is not None:
        month = store.within(month, region)
    funded = month.select("nik_hash", "region_code", funder=store.funder(month.funded_by))
    return funded.filter(funded.funder.isin(BUDGET_FUNDERS))


def cohort(then: ir.Table, following: ir.Table, *, region: str) -> ir.Table:
    """nik_hash, funder and area_code (one level below `region`, where they were) of the cohort: the
    budget-funded people of `then` (one month's store) in `region` whom the same funder does not pay in
    `following` (the next month's store). Only the budget-funded of the next month are compared, so the
    anti-join's other side is a fraction of the month."""
    funded = budget_funded(then, region=region)
    still = budget_funded(following)
    still = still.select(n_hash=still.nik_hash, n_funder=still.funder)
    ended = funded.anti_join(still, (funded.nik_hash == still.n_hash) & (funded.funder == still.n_funder))
    return ended.select("nik_hash", "funder", area_code=store.place(ended.region_code, region))


def cohort_sizes(members: ir.Table) -> ir.Table:
    """funder, area_code, people."""
    return members.group_by(["funder", "area_code"]).aggregate(people=members.count())


def retained(members: ir.Table, later: ir.Table, *, month: str, after: tuple[int, ...]) -> ir.Table:
    """funder, area_code, after (months after `month`) and people: the members active then. `later`: the
    store of those months (a person is one row a month), read once for all of them and joined on the
    hash alone."""
    months = {store.shifted(month, k): k for k in after}
    active = later.filter(later.period.isin(list(months)) & (later.status == "active"))
    active = active.select(a_hash=active.nik_hash, after=active.period.cases(*months.items()))
    joined = active.join(members, active.a_hash == members.nik_hash)  # the members: the smaller, right side
    return joined.group_by(["funder", "area_code", "after"]).aggregate(people=joined.count())


@dataclass
class CohortResult:
    """Arrow tables `sizes` (funder, area_code, people) and `retained` (funder, area_code, after,
    people); None when `month` or the month after has no participant data. `followed`: the numbers of
    months after whose month has data."""

    region: str
    month: str
    sizes: pa.Table | None
    retained: pa.Table | None
    followed: tuple[int, ...]
    months: tuple[str, ...]


def cohort_run(
    *,
    parts: store.StoreParts,
    region: str,
    month: str,
    after: tuple[int, ...] = AFTER,
    engine: EngineConfig | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> CohortResult:
    """The cohort of `month` in `region` followed `after` months, on the store's files of those months."""
    config = engine or EngineConfig()
    months = tuple(sorted({m for _path, found in parts for m in found}))
    followed = tuple(k for k in after if store.shifted(month, k) in months)
    result = CohortResult(region, month, None, None, followed, months)
    if month not in months or store.shifted(month, 1) not in months:
        return result
    with tempfile.TemporaryDirectory(prefix="cakupan-cohort-", dir=work_dir) as scratch:
        config = config.spilling_in(scratch)
        con = connect(config)
        try:
            # Each month read by itself (the files holding it): one union of every month, read by both
            # sides of the anti-join and by the follow-up, made DuckDB materialise all of it.
            joins_as_written(con, config)
            then = store.month_table(con, parts, month)
            following = store.month_table(con, parts, store.shifted(month, 1))
            assert then is not None and following is not None  # both months have data
            # The cohort, computed once and kept (a temporary table, a cached DataFrame), is read twice.
            with cohort(then, following, region=region).cache() as members:
                result.sizes = con.to_pyarrow(cohort_sizes(members))
                later_months = {store.shifted(month, k) for k in followed}
                held = [(path, [m for m in found if m in later_months]) for path, found in parts]
                later = store.store_table(con, [(path, found) for path, found in held if found])
                if later is None:
                    result.retained = pa.table(
                        {"funder": [], "area_code": [], "after": pa.array([], pa.int64()), "people": []}
                    )
                else:
                    result.retained = con.to_pyarrow(retained(members, later, month=month, after=followed))
        finally:
            disconnect(con, config)
    return result
