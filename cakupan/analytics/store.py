"""Reading the person store for the analyses of who is left out: the store's files of the months asked,
the months as numbers, a person's place at the level below a region, and a funder as the contract names
it. Ibis expressions that run on DuckDB and PySpark alike."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from cakupan.analytics import persons
from cakupan.analytics.schema import LEVEL_LENGTHS
from cakupan.core.vocabulary import BUDGET_FUNDERS, FUNDER_SPELLINGS

# The store's files of some months: each a Parquet file and the months it holds (what
# `participants.services.person_store_parts` gives).
StoreParts = list[tuple[str, list[str]]]
PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def store_table(con: Any, parts: StoreParts) -> ir.Table | None:
    """The person store of the months of `parts` as one table (None: no month has data)."""
    tables = []
    for path, months in parts:
        table = persons.stored(con.read_parquet(path))
        tables.append(table.filter(table.period.isin(months)))
    if not tables:
        return None
    return tables[0] if len(tables) == 1 else ibis.union(*tables, distinct=False)


def month_table(con: Any, parts: StoreParts, period: str) -> ir.Table | None:
    """The person store of one month: only the files holding it are read (None: no data)."""
    return store_table(con, [(path, [period]) for path, months in parts if period in months])


def number_of(period: str) -> int:
    """month_number of a month given as text."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def month_number(period: ir.StringValue) -> ir.IntegerValue:
    """Months since year 0 of a `YYYY-MM` text (NULL for anything else)."""
    number = period.substr(0, 4).cast("int64") * 12 + period.substr(5, 2).cast("int64") - 1
    return period.re_search(PERIOD_PATTERN).fill_null(False).ifelse(number, ibis.null("int64"))


def shifted(period: str, months: int) -> str:
    """The month `months` after `period` (YYYY-MM)."""
    number = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def child_length(region: str) -> int:
    """The length of the codes one level below `region` ("00": the provinces); a village is its own."""
    if region == "00":
        return LEVEL_LENGTHS[0]
    for length in LEVEL_LENGTHS:
        if length > len(region):
            return length
    return LEVEL_LENGTHS[-1]


def within(table: ir.Table, region: str) -> ir.Table:
    """The rows of `table` (a region_code column) in `region` ("00": everywhere)."""
    if region == "00":
        return table
    return table.filter((table.region_code == region) | table.region_code.startswith(region + "."))


def place(code: ir.StringValue, region: str) -> ir.StringValue:
    """The code of the region one level below `region` that holds `code` (a code keyed above that level
    stays as it is)."""
    return code.substr(0, child_length(region))


FUNDERS = tuple(sorted(set(FUNDER_SPELLINGS.values())))
# The funders that are no budget (the person, the employer) as the contract names them, as most files
# write them: a row written so is no budget-funded worker, which an analysis can say with a plain
# comparison before it normalises anything. (Each value more in the list costs DuckDB a comparison on
# every row: its usual spellings, mandiri or perusahaan, are left to the normalisation.)
NOT_BUDGET = tuple(name for name in FUNDERS if name not in BUDGET_FUNDERS)


def funder(value: ir.StringValue) -> ir.StringValue:
    """The funder as the contract names it (NULL: not written, or not one of the contract's). A value
    written as the contract names it is taken as it is: only other spellings pay for the trimming, the
    lower case and the regular expression (on DuckDB four times the cost of the comparison)."""
    spelled = value.strip().lower().re_replace(r"\s+", " ")
    normalised = spelled.cases(*FUNDER_SPELLINGS.items(), else_=ibis.null("string"))
    return ibis.cases((value.isin(FUNDERS), value), else_=normalised).cast("string")
