"""1 desa 100 pekerja rentan (one village, a hundred vulnerable workers): the workers a budget pays for,
village by village, and the villages that reached 100. Ibis expressions on the person store
(`analytics.store`), run on DuckDB or PySpark.

- **By village**: the people of a month in a region whose contributions a budget pays (`funded_by`: APBD
  provinsi, APBD kabupaten/kota, APBDes, CSR or other), by village and funder: how many, and how many of
  them are active participants that month. People keyed above village level are not placed in a village
  and are left out.
- **By regency**: the villages with any budget-funded worker, and those that reached the target (100):
  at least that many budget-funded workers, whatever the funder, are active participants in the month.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from cakupan.analytics import store
from cakupan.analytics.engine import EngineConfig, EngineName, byte_length, connect, disconnect
from cakupan.analytics.schema import LEVEL_LENGTHS
from cakupan.core.vocabulary import BUDGET_FUNDERS

TARGET = 100  # "1 desa 100 pekerja rentan"
VILLAGE_LENGTH = LEVEL_LENGTHS[-1]
REGENCY_LENGTH = LEVEL_LENGTHS[1]


def funded_by_village(
    people: ir.Table, *, period: str, region: str, engine: EngineName = "duckdb"
) -> ir.Table:
    """village_code, funder, people and active: the budget-funded people of `period` in `region`.

    The people are counted by village and funder as written, and only those few counts have their funder
    normalised (`store.funder`), not every row. The rows written SELF or EMPLOYER (the funders that are no
    budget, as the contract names them) are left out first, with a plain comparison; any other spelling
    is counted and normalised with the rest."""
    month = store.within(people.filter(people.period == period), region)
    month = month.filter(
        (byte_length(month.region_code, engine) == VILLAGE_LENGTH) & month.funded_by.notin(store.NOT_BUDGET)
    )
    written = month.group_by(["region_code", "funded_by"]).aggregate(
        people=month.count(), active=month.count(where=month.status == "active")
    )
    # The funder normalised on those counts; a count of another funder becomes 0 and its row is dropped
    # after the sums (a filter on the funder itself, a column of the grouping, DuckDB would push back down
    # to every row of the scan).
    named = written.mutate(funder=store.funder(written.funded_by))
    budget = named.funder.isin(BUDGET_FUNDERS)
    funded = named.group_by([named.region_code.name("village_code"), "funder"]).aggregate(
        people=budget.ifelse(named.people, 0).sum().cast("int64"),
        active=budget.ifelse(named.active, 0).sum().cast("int64"),
    )
    return funded.filter(funded.people > 0)


def villages_reached(by_village: ir.Table, *, target: int = TARGET) -> ir.Table:
    """regency_code, villages (with a budget-funded worker) and reached (with at least `target` of them
    active), from `funded_by_village`."""
    villages = by_village.group_by("village_code").aggregate(active=by_village.active.sum())
    marked = villages.select(
        regency_code=villages.village_code.substr(0, REGENCY_LENGTH),
        reached=(villages.active >= target).ifelse(1, 0).cast("int64"),
    )
    return marked.group_by("regency_code").aggregate(villages=marked.count(), reached=marked.reached.sum())


@dataclass
class VillageFundingResult:
    """Arrow tables `villages` (village_code, funder, people, active) and `regencies` (regency_code,
    villages, reached) of `period`; None when the month has no participant data."""

    region: str
    period: str
    target: int
    villages: pa.Table | None
    regencies: pa.Table | None
    months: tuple[str, ...]


def village_funding_run(
    *,
    parts: store.StoreParts,
    region: str,
    period: str,
    target: int = TARGET,
    engine: EngineConfig | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> VillageFundingResult:
    """Both tables on the store's files of `period` (`parts`)."""
    config = engine or EngineConfig()
    months = tuple(sorted({m for _path, found in parts for m in found}))
    result = VillageFundingResult(region, period, target, None, None, months)
    if period not in months:
        return result
    with tempfile.TemporaryDirectory(prefix="cakupan-village-funding-", dir=work_dir) as scratch:
        config = config.spilling_in(scratch)
        con = connect(config)
        try:
            people = store.month_table(con, parts, period)
            assert people is not None  # `period` has data
            # The villages' table (a row per village and funder) gives the regencies' too: the month is read
            # once, and the regencies are counted from the villages' rows as they came out.
            result.villages = con.to_pyarrow(
                funded_by_village(people, period=period, region=region, engine=config.name)
            )
            villages = ibis.memtable(result.villages)
            result.regencies = con.to_pyarrow(villages_reached(villages, target=target))
        finally:
            disconnect(con, config)
    return result
