"""The set-based recompute (`rollup_sets`, what `rollup_refresh` runs) stores what the rule of `rollup.py`,
applied region by region as the recompute used to apply it, gives: on generated uneven data (figures at
every level, missing children, partial reporting, parts of the segments and sectors, parents that disagree
with their children, regions declared complete, several workforce sources and vintages, simulated batches),
value for value, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count

from cakupan.core import periods
from cakupan.core.codes import level_of
from cakupan.imports.models import ImportBatch
from cakupan.indicators import region_months
from cakupan.indicators.models import (
    SECTORS,
    SEGMENTS,
    STATUSES,
    ParticipantsComplete,
    ParticipationFigure,
    RegionMonth,
    WorkforceFigure,
)
from cakupan.indicators.params import Params
from cakupan.indicators.rollup import PARTICIPATION_KEYS, Rolled, rollup
from cakupan.indicators.rollup_sets import ROW_FIELDS, rollup_rows
from cakupan.indicators.services import rollup_refresh
from cakupan.regions.models import Region

MONTHS = ["2023-11", "2023-12", "2024-01", "2024-02"]
SOURCES = ["Sakernas", "BPS Kota", "Susenas \u00e9t\u00e9", "", "Sakernas, 'Agustus' \"2023\""]
JSON_FIELDS = ("warnings", "covered_sources", "footprint", "unmeasured")


# --- The rule region by region, read from the database as `rollup_refresh` read it before -------------


def _reference_period(period: str, children_total: dict[str, int]) -> dict[str, Rolled]:
    participation: dict[str, dict[str, int]] = {}
    simulated: set[str] = set()
    rows = ParticipationFigure.objects.filter(period=period).values_list(
        "region_id", "segment", "status", "participants", "batch__simulated"
    )
    for code, segment, status, count, is_simulated in rows:
        participation.setdefault(code, {})[f"{status}_{segment.lower()}"] = count
        if is_simulated:
            simulated.add(code)
    max_age = Params.at(periods.last_day(period)).workforce_max_age_months
    oldest = periods.shift(period, -(max_age - 1))
    latest: dict[str, str] = {}
    workforce: dict[str, tuple[dict[str, int], str]] = {}
    sources: dict[str, str] = {}
    wf_rows = (
        WorkforceFigure.objects.filter(period__gte=oldest, period__lte=period)
        .order_by("region_id", "period", "sector")
        .values_list("region_id", "period", "sector", "workers", "source", "batch__simulated")
    )
    for code, wf_period, sector, workers, source, is_simulated in wf_rows:
        if latest.get(code) != wf_period:
            latest[code] = wf_period
            workforce[code] = ({}, wf_period)
            sources.pop(code, None)
        figures, _ = workforce[code]
        figures[sector] = workers
        if source and (sector == "total" or code not in sources):
            sources[code] = source
        if is_simulated:
            simulated.add(code)
    complete = set(ParticipantsComplete.objects.filter(period=period).values_list("region_id", flat=True))
    return rollup(
        participation=participation,
        workforce=workforce,
        simulated=simulated,
        children_total=children_total,
        complete=complete,
        workforce_sources=sources,
    )


def _json(value: Any) -> str:
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


def _reference_row(period: str, node: Rolled) -> tuple[object, ...]:
    return (
        node.code,
        period,
        node.workforce.get("total"),
        node.workforce.get("formal"),
        node.workforce.get("informal"),
        node.workers_period,
        *(node.participation.get(key) for key in PARTICIPATION_KEYS),
        node.participation_supplied,
        node.children_reporting,
        node.children_total,
        node.simulated,
        _json(node.warnings),
        node.measured,
        node.covered_active,
        node.covered_participation.get("active_pu") if node.measured else None,
        node.covered_participation.get("active_bpu") if node.measured else None,
        node.covered_workers,
        node.covered_workforce.get("formal") if node.measured else None,
        node.covered_workforce.get("informal") if node.measured else None,
        node.covered_periods[0],
        node.covered_periods[1],
        _json(node.covered_sources),
        node.leaves_reporting,
        node.leaves_total,
        _json({leaf: list(figures) for leaf, figures in node.footprint.items()}),
        json.dumps(node.unmeasured) if node.unmeasured is not None else None,
    )


def _reference(months: list[str]) -> dict[tuple[str, str], tuple[object, ...]]:
    children_total = dict(
        Region.objects.exclude(parent=None)
        .values_list("parent")
        .annotate(n=Count("code"))
        .values_list("parent", "n")
    )
    return {
        (node.code, period): _reference_row(period, node)
        for period in months
        for node in _reference_period(period, children_total).values()
    }


# --- Uneven figures --------------------------------------------------------------------------------------


def _batch(simulated: bool) -> ImportBatch:
    return ImportBatch.objects.create(
        dataset="participation",
        file_name="generated.csv",
        sha256="0" * 64,
        size_bytes=0,
        source="cli",
        actor="test",
        rows=0,
        new_figures=0,
        replaced_figures=0,
        unchanged_figures=0,
        regions=0,
        simulated=simulated,
    )


def _generate(seed: int) -> None:
    """Figures of four months over Kota Kupang to its villages, the rest of NTT, a regency of another
    province and the nation, every one of them chosen by chance."""
    rng = random.Random(seed)
    batches = [_batch(False), _batch(False), _batch(True)]
    kupang = list(Region.objects.filter(code__startswith="53.71").values_list("code", flat=True))
    others = list(Region.objects.filter(parent_id="53").values_list("code", flat=True))
    pool = sorted({*kupang, *others, "53", "00", "52.71", "52"})
    villages = [c for c in kupang if len(c) == 13]
    keys = [(segment, status) for status in STATUSES for segment in SEGMENTS]
    participation, workforce, complete = [], [], []
    for period in MONTHS:
        if rng.random() < 0.15:
            continue  # a month with figures of the workforce only, or none
        chosen = rng.sample(pool, rng.randint(0, len(pool) // 2)) + rng.sample(villages, len(villages) // 2)
        for code in set(chosen):
            batch = rng.choice(batches)
            shape = rng.random()
            picked = keys if shape < 0.6 else rng.sample(keys, rng.randint(1, len(keys)))
            if shape > 0.9:
                picked = [(segment, "inactive") for segment in SEGMENTS]  # no active figure at all
            for segment, status in picked:
                participation.append((code, period, segment, status, rng.randint(0, 500), batch.pk))
        for code in rng.sample(pool, rng.randint(0, 4)):
            complete.append((code, period, batches[0].pk))
    for code in rng.sample(pool, len(pool) * 2 // 3) + rng.sample(villages, 5):
        # Vintages: up to three months of workforce, some older than the months in use.
        for back in rng.sample([0, 1, 3, 13, 23, 24, 30], rng.randint(1, 3)):
            period = periods.shift(rng.choice(MONTHS), -back)
            batch = rng.choice(batches)
            sectors = rng.choice(
                [SECTORS, ("total",), ("formal", "informal"), ("formal",), ("total", "formal")]
            )
            total = rng.randint(1, 5000)
            for sector in sectors:
                share = {"total": 1.0, "formal": 0.4, "informal": 0.6}[sector]
                workforce.append((code, period, sector, int(total * share), rng.choice(SOURCES), batch.pk))
    ParticipationFigure.objects.bulk_create(
        [
            ParticipationFigure(
                region_id=code, period=period, segment=segment, status=status, participants=n, batch_id=batch
            )
            for code, period, segment, status, n, batch in participation
        ]
    )
    WorkforceFigure.objects.bulk_create(
        [
            WorkforceFigure(
                region_id=code, period=period, sector=sector, workers=n, source=source, batch_id=b
            )
            for code, period, sector, n, source, b in {(w[0], w[1], w[2]): w for w in workforce}.values()
        ]
    )
    ParticipantsComplete.objects.bulk_create(
        [ParticipantsComplete(region_id=c, period=p, batch_id=b) for c, p, b in set(complete)]
    )


def _stored(months: list[str]) -> dict[tuple[str, str], tuple[object, ...]]:
    names = ["region_id" if f == "region" else f for f in ROW_FIELDS]
    found = {}
    for row in RegionMonth.objects.filter(period__in=months).values_list(*names):
        found[(row[0], row[1])] = row
    return found


def _stored_villages(months: list[str]) -> set[tuple[str, str]]:
    """The village months the recompute stores (ADR 0011): a workforce figure within the month's window
    (the months a figure stays in use), or declared complete that month."""
    kept = set()
    for month in months:
        oldest = periods.shift(month, -(Params.at(periods.last_day(month)).workforce_max_age_months - 1))
        with_workforce = WorkforceFigure.objects.filter(period__gte=oldest, period__lte=month)
        complete = ParticipantsComplete.objects.filter(period=month)
        codes = [
            *with_workforce.values_list("region_id", flat=True),
            *complete.values_list("region_id", flat=True),
        ]
        kept |= {(code, month) for code in codes if level_of(code) == 4}
    return kept


def _as_stored(expected: dict[tuple[str, str], tuple[object, ...]], months: list[str]) -> dict[Any, Any]:
    """The rows the recompute stores: every region's but the months of villages built when read."""
    kept = _stored_villages(months)
    return {key: row for key, row in expected.items() if level_of(key[0]) < 4 or key in kept}


def _read(months: list[str]) -> dict[tuple[str, str], tuple[object, ...]]:
    """Every region's month as the library reads it (`region_months`): stored or built."""
    codes = list(Region.objects.values_list("code", flat=True))
    rows = region_months.of_regions(codes, first=min(months), last=max(months))
    names = ["region_id" if f == "region" else f for f in ROW_FIELDS]
    return {
        (row.region_id, row.period): tuple(getattr(row, name) for name in names)
        for row in rows
        if row.period in months
    }


def _assert_the_rule(months: list[str]) -> None:
    """The rows stored and the months the library reads are what the rule gives region by region."""
    expected = {key: _parsed(row) for key, row in _reference(months).items()}
    assert _stored(months) == _as_stored(expected, months)
    assert _read(months) == expected


def _parsed(row: tuple[object, ...]) -> tuple[object, ...]:
    """A row with its JSON read, as the database gives it back."""
    return tuple(
        json.loads(value) if name in JSON_FIELDS and isinstance(value, str) else value
        for name, value in zip(ROW_FIELDS, row, strict=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_the_set_based_recompute_stores_what_the_rule_gives_region_by_region(seed: int) -> None:
    _generate(seed)
    months = sorted({*MONTHS, *WorkforceFigure.objects.values_list("period", flat=True)})[-8:]
    expected = _reference(months)
    with connection.cursor() as cursor:
        computed = {(row[0], row[1]): tuple(row) for row in rollup_rows(cursor, months)}
    # The same regions and months (but the villages' months built when read), and the same values, their
    # JSON text as json.dumps writes it.
    expected_stored = _as_stored(expected, months)
    assert computed.keys() == expected_stored.keys()
    assert len(expected_stored) < len(expected)
    for key, row in expected_stored.items():
        assert computed[key] == row, key
    # Stored and read back through the ORM; and every month, stored or not, as the library reads it.
    rollup_refresh(months=months)
    stored = _stored(months)
    assert stored.keys() == expected_stored.keys()
    for key, row in expected_stored.items():
        assert stored[key] == _parsed(row), key
    read = _read(months)
    assert read.keys() == expected.keys()
    for key, row in expected.items():
        assert read[key] == _parsed(row), key


@pytest.mark.django_db
def test_months_apart_are_recomputed_alone_and_the_others_are_left_as_they_were() -> None:
    _generate(11)
    rollup_refresh(months=MONTHS)
    before = _stored(["2023-12", "2024-01"])
    RegionMonth.objects.filter(period__in=["2023-11", "2024-02"]).delete()
    rollup_refresh(months=["2024-02", "2023-11"])
    _assert_the_rule(["2023-11", "2024-02"])
    assert _stored(["2023-12", "2024-01"]) == before


@pytest.mark.django_db
def test_a_region_that_lost_its_figures_loses_its_row() -> None:
    _generate(3)
    rollup_refresh(months=MONTHS)
    kupang = Region.objects.filter(code__startswith="53.71")
    ParticipationFigure.objects.filter(period="2024-01", region__in=kupang).delete()
    WorkforceFigure.objects.filter(region__in=kupang).delete()
    ParticipantsComplete.objects.filter(region__in=kupang).delete()
    assert RegionMonth.objects.filter(period="2024-01", region__in=kupang).exists()
    rollup_refresh(months=["2024-01"])
    assert not RegionMonth.objects.filter(period="2024-01", region__in=kupang).exists()
    _assert_the_rule(["2024-01"])


@pytest.mark.django_db
def test_a_regency_with_its_workforce_alone_and_participants_in_every_child_is_not_warned_incomplete() -> (
    None
):
    """The demo's Ende and Rote Ndao (Kota Kupang here): the workforce at the regency, the participants in
    every village with the regency declared complete (2023-11), or at the regency and in every district
    (2023-12); both code paths compare the participants alone and find nothing to warn about."""
    batch = _batch(False)
    codes = sorted(Region.objects.filter(code__startswith="53.71.").values_list("code", flat=True))
    districts = [c for c in codes if len(c) == 8]
    villages = [c for c in codes if len(c) == 13]
    per_district = {d: sum(1 for v in villages if v.startswith(d + ".")) for d in districts}
    rows = [(v, "2023-11", 3) for v in villages]
    rows += [(d, "2023-12", 3 * n) for d, n in per_district.items()] + [
        ("53.71", "2023-12", 3 * len(villages))
    ]
    ParticipationFigure.objects.bulk_create(
        [
            ParticipationFigure(
                region_id=code, period=period, segment="PU", status="active", participants=n, batch=batch
            )
            for code, period, n in rows
        ]
    )
    WorkforceFigure.objects.create(
        region_id="53.71", period="2023-11", sector="total", workers=10_000, source="Sakernas", batch=batch
    )
    ParticipantsComplete.objects.create(region_id="53.71", period="2023-11", batch=batch)
    months = ["2023-11", "2023-12"]
    rollup_refresh(months=months)
    _assert_the_rule(months)
    for month in months:
        kupang = RegionMonth.objects.get(region_id="53.71", period=month)
        assert kupang.warnings == [] and kupang.measured, month


@pytest.mark.django_db
def test_recomputes_after_a_rolled_back_one_and_twice_in_one_transaction_store_the_rule() -> None:
    """On SQLite the figures are read through a temporary table of the connection: a recompute in a
    savepoint rolled back, then two in the same transaction (the figures changed between them), each read
    the transaction's own figures and store what the rule gives."""
    _generate(5)
    with transaction.atomic():
        rollup_refresh(months=MONTHS)
        transaction.set_rollback(True)
    assert not RegionMonth.objects.exists()
    rollup_refresh(months=MONTHS)
    ParticipationFigure.objects.filter(period="2024-01", region__code__startswith="53.71").delete()
    rollup_refresh(months=MONTHS)
    _assert_the_rule(MONTHS)


def test_sums_go_to_sqlite_as_whole_numbers_not_as_decimals() -> None:
    """DuckDB widens a sum of BIGINTs to a 38-digit decimal; sqlite3 binds a Decimal through Django's
    adapter as text, which cost the recompute of 60 months 0.9 s of its writing."""
    import pyarrow as pa

    from cakupan.indicators.rollup_sets import _python

    sums = pa.chunked_array([[1, None], [3]], type=pa.decimal128(38, 0))
    assert _python(sums) == [1, None, 3] and {type(v) for v in _python(sums)} == {int, type(None)}
    assert _python(pa.chunked_array([["53.01", None]])) == ["53.01", None]
