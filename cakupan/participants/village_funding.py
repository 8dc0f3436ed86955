"""1 desa 100 pekerja rentan (issue 21 §3): the workers a budget pays for, village by village, within the
reader's regions, with the months of funding left, and per regency the villages that reached 100.

Figures come from the person store of the month asked (`analytics.village_funding`). Each village's counts
of workers are published with small counts hidden: its APBDes and other budgets add up to its funded
workers and are suppressed together. No total of the villages' counts is published: beside a total, a
hidden village count could be recovered by subtraction, and auditing thousands of villages against
their totals takes minutes (the regency table counts villages, not people).

The months of funding left come from the vulnerable funding records (`monev.VulnerableFunding`) of the
village or a region above it: a record with its first funded month (`start_period`) funds that month and
`months` − 1 after; a record without it says nothing of when its months run, so the months left are
unknown."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr

from cakupan.core.periods import shift
from cakupan.opendata.config import suppression_k
from cakupan.opendata.suppression import Relation, apply, hidden_cells
from cakupan.participants.funding import FundingRecord, funder_label, funding_records
from cakupan.participants.left_out import left_out_region, participant_months
from cakupan.regions.models import Region

COLUMNS = ("apbdes", "other", "funded", "active")


def _number(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


@dataclass(frozen=True)
class FundingLeft:
    """One funding record that applies to a village in the month asked."""

    region_code: str  # where the record is kept: the village or a region above it
    funder: str
    year: int
    start: str  # the first funded month; "" when the record does not say
    until: str  # the last funded month; "" when unknown
    left: int | None  # funded months left, the month asked included; None: unknown

    @property
    def funder_label(self) -> str:
        return funder_label(self.funder)


def funding_left(record: FundingRecord, period: str) -> FundingLeft | None:
    """What a funding record says of the month asked: the months left (0 once they have run out), unknown
    without a first month; None when it does not apply (another year, or its months start later)."""
    start = record.start_period or ""
    if not start:
        if record.year != int(period[:4]):
            return None
        return FundingLeft(record.region_id, record.funder, record.year, "", "", None)
    if _number(start) > _number(period):
        return None
    until = shift(start, record.months - 1)
    left = max(_number(until) - _number(period) + 1, 0)
    if left == 0 and int(until[:4]) != int(period[:4]):
        return None  # ran out in an earlier year
    return FundingLeft(record.region_id, record.funder, record.year, start, until, left)


@dataclass(frozen=True)
class VillageRow:
    code: str
    name: str
    regency_code: str
    counts: dict[str, int | None]  # COLUMNS → count, None where hidden
    reached: bool
    funding: list[FundingLeft] = field(default_factory=list)

    @property
    def values(self) -> list[int | None]:
        return [self.counts[key] for key in COLUMNS]

    @property
    def months_left(self) -> int | None:
        """The most funded months left among the records that say so (None: none says)."""
        known = [f.left for f in self.funding if f.left is not None]
        return max(known) if known else None

    @property
    def funding_state(self) -> str:
        """`known` (months_left), `unknown` (records without their first month) or `none` (no record)."""
        if self.months_left is not None:
            return "known"
        return "unknown" if self.funding else "none"

    @property
    def funded_until(self) -> str:
        ends = [f.until for f in self.funding if f.until]
        return max(ends) if ends else ""


@dataclass(frozen=True)
class RegencyRow:
    code: str
    name: str
    funded_villages: int  # villages with a budget-funded worker
    reached: int  # villages with at least TARGET of them active
    villages: int | None  # villages of the regency in the region list (None: the list has none)

    @property
    def share(self) -> float | None:
        """Percent of the regency's villages that reached the target."""
        return 100 * self.reached / self.villages if self.villages else None


@dataclass(frozen=True)
class VillageFundingReport:
    region: Region
    period: str
    months: list[str]  # the months with participant data
    target: int
    k: int
    villages: list[VillageRow] | None  # None: no participant data of `period`
    regencies: list[RegencyRow]

    @property
    def missing(self) -> bool:
        """The month asked has no participant data (while some month has)."""
        return bool(self.months) and self.villages is None

    @property
    def reached(self) -> int:
        return sum(r.reached for r in self.regencies)


def village_funding_report(
    user: Any, *, region_code: str, period: str | None = None
) -> VillageFundingReport | None:
    """Budget-funded workers by village in a region the user may read restricted figures of (None
    otherwise), in `period` (default: the latest month with participant data)."""
    # The engine (ibis, DuckDB, pyarrow) is imported here: the module registers report sections at start-up.
    from cakupan.analytics.village_funding import TARGET, village_funding_run
    from cakupan.participants.services import engine_config, participants_dir, person_store_parts

    region = left_out_region(user, code=region_code)
    if region is None:
        return None
    months = participant_months()
    month = period or (months[-1] if months else "")
    k = suppression_k()
    if not month or month not in months:
        return VillageFundingReport(region, month, months, TARGET, k, None, [])
    result = village_funding_run(
        parts=person_store_parts([month]),
        region=region.code,
        period=month,
        engine=engine_config("duckdb"),
        work_dir=Path(participants_dir()) / "work",
    )
    assert result.villages is not None and result.regencies is not None
    counts: dict[str, dict[str, int]] = {}
    for row in result.villages.to_pylist():
        found = counts.setdefault(row["village_code"], dict.fromkeys(COLUMNS, 0))
        found["apbdes" if row["funder"] == "APBDES" else "other"] += row["people"]
        found["funded"] += row["people"]
        found["active"] += row["active"]
    villages = {code: _suppressed(tuple(found[c] for c in COLUMNS), k) for code, found in counts.items()}
    reached = {code for code, found in counts.items() if found["active"] >= result.target}
    codes = set(counts) | {r["regency_code"] for r in result.regencies.to_pylist()}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    funding = _funding(region.code, set(counts), month)
    rows = [
        VillageRow(
            code=code,
            name=names.get(code, ""),
            regency_code=code[:5],
            counts=villages[code],
            reached=code in reached,
            funding=funding.get(code, []),
        )
        for code in sorted(counts)
    ]
    found_regencies = {r["regency_code"]: r for r in result.regencies.to_pylist()}
    village_counts = _village_counts(region)
    regencies = [
        RegencyRow(
            code=code,
            name=name,
            funded_villages=found_regencies.get(code, {}).get("villages", 0),
            reached=found_regencies.get(code, {}).get("reached", 0),
            villages=village_counts.get(code),
        )
        for code, name in _regencies(region, set(found_regencies))
    ]
    return VillageFundingReport(region, month, months, result.target, k, rows, regencies)


@lru_cache(maxsize=4096)
def _suppressed(values: tuple[int, ...], k: int) -> dict[str, int | None]:
    """One village's counts (in COLUMNS' order) with small counts hidden: APBDes and other budgets add up
    to the funded workers; the active among them are a count of their own."""
    cells = dict(zip(COLUMNS, values, strict=True))
    relation = Relation(("apbdes", "other"), total="funded")
    return apply(cells, hidden_cells(cells, [relation], k=k))


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _funding(region_code: str, villages: set[str], period: str) -> dict[str, list[FundingLeft]]:
    """The current funding records that apply to each village in `period`: its own and those of the
    regions above it."""
    above = {code for village in villages for code in _ancestors(village)}
    by_region: dict[str, list[FundingLeft]] = {}
    for record in funding_records(sorted(above)):
        applies = funding_left(record, period)
        if applies is not None:
            by_region.setdefault(record.region_id, []).append(applies)
    return {
        village: [f for code in _ancestors(village) for f in by_region.get(code, [])]
        for village in villages
        if any(code in by_region for code in _ancestors(village))
    }


def _regencies(region: Region, found: set[str]) -> list[tuple[str, str]]:
    """The regencies of the region (the region's own when it lies below a regency), by code; of the
    whole country, those with a budget-funded worker."""
    if region.level >= Region.Level.REGENCY:
        code = region.code[:5]
        name = Region.objects.filter(code=code).values_list("name", flat=True).first() or ""
        return [(code, name)]
    listed = Region.objects.filter(level=Region.Level.REGENCY)
    if region.level > Region.Level.NATIONAL:
        listed = listed.filter(code__startswith=region.code + ".")
    else:
        listed = listed.filter(code__in=sorted(found))
    regencies = dict(listed.values_list("code", "name"))
    for code in found - set(regencies):
        regencies[code] = ""
    return sorted(regencies.items())


def _village_counts(region: Region) -> dict[str, int]:
    """How many villages each regency of the region has in the region list."""
    listed = Region.objects.filter(level=Region.Level.VILLAGE)
    if region.level > Region.Level.NATIONAL:
        listed = listed.filter(code__startswith=region.code[:5] + ".")
    by_regency = listed.annotate(regency=Substr("code", 1, 5)).values("regency").annotate(n=Count("code"))
    return {row["regency"]: row["n"] for row in by_regency}
