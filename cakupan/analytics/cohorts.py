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
from cakupan.analytics.engine import EngineConfig, connect, disconnect
from cakupan.core.vocabulary import BUDGET_FUNDERS

AFTER = (1, 3, 6, 12)


def cohort(people: ir.Table, *, month: str, region: str) -> ir.Table:
    """nik_hash, funder and area_code (one level below `region`, in `month`) of the cohort of `month`."""
    funded = store.within(people.filter(people.period == month), region)
    funded = funded.mutate(funder=store.funder(funded.funded_by))
    funded = funded.filter(funded.funder.isin(BUDGET_FUNDERS))
    following = people.filter(people.period == store.shifted(month, 1))
    still = following.select(n_hash=following.nik_hash, n_funder=store.funder(following.funded_by))
    ended = funded.anti_join(still, (funded.nik_hash == still.n_hash) & (funded.funder == still.n_funder))
    return ended.select("nik_hash", "funder", area_code=store.place(ended.region_code, region))


def cohort_sizes(members: ir.Table) -> ir.Table:
    """funder, area_code, people."""
    return members.group_by(["funder", "area_code"]).aggregate(people=members.count())


def retained(members: ir.Table, people: ir.Table, *, month: str, after: tuple[int, ...]) -> ir.Table:
    """funder, area_code, after (months after `month`) and people: the members active then."""
    later = {store.shifted(month, k): k for k in after}
    active = people.filter(people.period.isin(list(later)) & (people.status == "active"))
    active = active.select(a_hash=active.nik_hash, after=active.period.cases(*later.items()))
    joined = members.join(active, members.nik_hash == active.a_hash)
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
            people = store.store_table(con, parts)
            assert people is not None  # `month` has data
            members = cohort(people, month=month, region=region)
            result.sizes = con.to_pyarrow(cohort_sizes(members))
            if followed:
                result.retained = con.to_pyarrow(retained(members, people, month=month, after=followed))
            else:
                result.retained = pa.table(
                    {"funder": [], "area_code": [], "after": pa.array([], pa.int64()), "people": []}
                )
        finally:
            disconnect(con, config)
    return result
