"""Generated person stores for the tests of the analyses of who is left out, and the figures computed
from them again in plain Python (no engine), to check the engines' figures against."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.analytics.persons import STORE_COLUMNS
from cakupan.analytics.store import shifted
from cakupan.analytics.tests.conftest import keyed, person

VILLAGES = ("53.71.01.1001", "53.71.01.1002", "53.71.02.1001", "53.01.01.2001", "51.03.01.2001")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
FUNDERS = ("SELF", "EMPLOYER", "APBDES", "APBD_KABKOTA", "CSR", None)


@dataclass(frozen=True)
class Row:
    nik_hash: str
    region_code: str
    period: str
    segment: str
    status: str
    last_paid_period: str | None = None
    funded_by: str | None = None


def write_store(path: Path, rows: list[Row]) -> Path:
    values = {name: [getattr(r, name, None) for r in rows] for name in STORE_COLUMNS}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in values.items()}), path)
    return path


def generated(months: list[str], people: int = 400, seed: int = 21) -> list[Row]:
    """People over the months: some leave, some join, statuses and funders change, last payments lag,
    some last payments are missing or not a month; one village is in no file of the last month."""
    rng = random.Random(seed)
    rows: list[Row] = []
    for n in range(people):
        digest = keyed(person(n))
        village = rng.choice(VILLAGES)
        segment = rng.choice(SEGMENTS)
        funder = rng.choice(FUNDERS)
        for i, month in enumerate(months):
            if rng.random() < 0.12:
                continue  # not in this month's file
            if i == len(months) - 1 and village == VILLAGES[-1]:
                continue  # this village has no file in the last month
            status = "active" if rng.random() < 0.55 else "inactive"
            if rng.random() < 0.25:
                funder = rng.choice(FUNDERS)
            lag = rng.choice([None, "bad", 0, 1, 2, 3, 4, 6, 7, 12, 13, 30])
            if lag is None:
                last = None
            elif lag == "bad":
                last = "06/2024"
            else:
                last = shifted(month, -int(lag))
            rows.append(Row(digest, village, month, segment, status, last, funder))
    return rows


def expected_durations(rows: list[Row], period: str, region: str, length: int) -> Counter[tuple[str, ...]]:
    def band(row: Row) -> str:
        last = row.last_paid_period
        if last is None or len(last) != 7 or last[4] != "-":
            return "unknown"
        months = (int(period[:4]) - int(last[:4])) * 12 + int(period[5:]) - int(last[5:])
        if months < 1:
            return "unknown"
        return "1-3" if months <= 3 else "4-6" if months <= 6 else "7-12" if months <= 12 else "13+"

    return Counter(
        (r.region_code[:length], r.segment, band(r))
        for r in rows
        if r.period == period and r.status == "inactive" and _in(r.region_code, region)
    )


def expected_changes(
    rows: list[Row], before: str, after: str, region: str, length: int
) -> Counter[tuple[str, ...]]:
    later = {r.nik_hash: r for r in rows if r.period == after}
    covered = {r.region_code for r in later.values()}
    found: Counter[tuple[str, ...]] = Counter()
    for r in rows:
        if r.period != before or not _in(r.region_code, region):
            continue
        now = later.get(r.nik_hash)
        if now is None:
            change = "absence" if r.region_code in covered else None
        elif r.status == "active" and now.status == "inactive":
            change = "lapse"
        elif r.status == "inactive" and now.status == "active":
            change = "reactivation"
        else:
            change = None
        if change:
            found[(r.region_code[:length], r.segment, change)] += 1
    return found


def _in(code: str, region: str) -> bool:
    return region == "00" or code == region or code.startswith(region + ".")


def counted(table: pa.Table | None, keys: tuple[str, ...]) -> Counter[tuple[str, ...]]:
    if table is None:
        return Counter()
    rows = table.to_pylist()
    return Counter({tuple(r[k] for k in keys): r["people"] for r in rows})


BUDGET = {"APBD_PROVINSI", "APBD_KABKOTA", "APBDES", "CSR", "OTHER"}


def expected_cohort(
    rows: list[Row], month: str, region: str, length: int, after: tuple[int, ...]
) -> tuple[Counter[tuple[str, ...]], Counter[tuple[object, ...]]]:
    """The cohort's size by funder and area, and how many are active `after` months later."""
    by_month: dict[str, dict[str, Row]] = {}
    for r in rows:
        by_month.setdefault(r.period, {})[r.nik_hash] = r
    following = by_month.get(shifted(month, 1), {})
    sizes: Counter[tuple[str, ...]] = Counter()
    kept: Counter[tuple[object, ...]] = Counter()
    for r in by_month.get(month, {}).values():
        funder = (r.funded_by or "").upper()
        if funder not in BUDGET or not _in(r.region_code, region):
            continue
        then = following.get(r.nik_hash)
        if then is not None and (then.funded_by or "").upper() == funder:
            continue  # still funded the month after
        area = r.region_code[:length]
        sizes[(funder, area)] += 1
        for k in after:
            later = by_month.get(shifted(month, k), {}).get(r.nik_hash)
            if later is not None and later.status == "active":
                kept[(funder, area, k)] += 1
    return sizes, kept
