"""What a region page reads once instead of again and again (issue 20 §4): the figures version once per
request, a region's figures version once per figures version, and the monthly figures progress against a
target is measured by in one reading for every region, equal to the indicators month by month."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cakupan.core import periods
from cakupan.indicators import library
from cakupan.indicators.versions import region_version
from cakupan.regions.master import iter_master
from cakupan.regions.models import Region
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

PARENT = "11.72"
R1, R2, R3 = "11.72.01", "11.72.02", "11.72.03"


@pytest.fixture
def sabang() -> None:
    """Kota Sabang's three districts: in May every one reports; in June only the first, a fifth of the
    workforce (incomplete); in April only a workforce (no participant figures, so no indicators)."""
    Region.objects.bulk_create(
        [
            Region(code=m.code, name=m.name, level=m.level, kind=m.kind, parent_id=m.parent)
            for m in iter_master()
            if m.parent == PARENT
        ],
        ignore_conflicts=True,
    )
    workforce = [
        (c, p, "total", n, "Sakernas")
        for p in ("2024-04", "2024-05", "2024-06")
        for c, n in ((R1, 1000), (R2, 1000), (R3, 3000))
    ]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows: list[tuple[object, ...]] = []
    for code, active in ((R1, 300), (R2, 200), (R3, 900)):
        rows += participation_rows(code, "2024-05", {"PU": active})
    rows += participation_rows(R1, "2024-06", {"PU": 330})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


@pytest.mark.usefixtures("sabang")
def test_the_months_figures_of_every_region_are_those_of_its_indicators_month_by_month() -> None:
    codes = [PARENT, R1, R2, R3, "11", "00"]
    found = library.months_figures(codes)
    compared = 0
    for code in codes:
        for month in periods.span("2024-07", 5):
            indicators = library.region_indicators(code, month)
            figures = found[code].get(month)
            assert (figures is None) == (indicators is None), (code, month)
            if indicators is None or figures is None:
                continue
            assert figures.ranked_rate == (indicators.coverage_rate if indicators.ranked else None)
            assert figures.active_all == indicators.active_all
            compared += 1
    assert library.region_indicators(PARENT, "2024-06").incomplete  # type: ignore[union-attr]
    assert found[PARENT]["2024-06"].ranked_rate is None and found[PARENT]["2024-05"].ranked_rate is not None
    assert "2024-04" not in found[R3] and compared >= 8


@pytest.mark.usefixtures("sabang")
def test_the_figures_version_is_read_once_a_request_and_again_after_an_import_within_it() -> None:
    library.request_memo_start()
    try:
        first = library.figures_version()
        with CaptureQueriesContext(connection) as queries:
            assert library.figures_version() == first
        assert len(queries) == 0
        load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(R2, "2024-06", {"PU": 1})))
        assert library.figures_version() != first  # a new batch empties the request's memo
    finally:
        library.request_memo_end()
    with CaptureQueriesContext(connection) as queries:
        library.figures_version()
    assert len(queries) == 2  # outside a request: read every time


@pytest.mark.usefixtures("sabang")
def test_outside_a_request_the_figures_version_is_held_within_a_block_and_read_again_after_an_import() -> (
    None
):
    with library.figures_version_held():
        first = library.figures_version()
        with CaptureQueriesContext(connection) as queries:
            assert library.figures_version() == first
        assert len(queries) == 0
        load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(R2, "2024-06", {"PU": 1})))
        second = library.figures_version()
        assert second != first  # a new batch empties the memo
    with CaptureQueriesContext(connection) as queries:
        assert library.figures_version() == second
    assert len(queries) == 2  # after the block: read every time again


@pytest.mark.usefixtures("sabang")
def test_within_a_request_a_held_block_keeps_the_requests_memo() -> None:
    library.request_memo_start()
    try:
        first = library.figures_version()
        with library.figures_version_held(), CaptureQueriesContext(connection) as queries:
            assert library.figures_version() == first
        assert len(queries) == 0
        with CaptureQueriesContext(connection) as queries:
            assert library.figures_version() == first  # the request's memo, still there
        assert len(queries) == 0
    finally:
        library.request_memo_end()


@pytest.mark.usefixtures("sabang")
def test_a_region_page_reads_the_figures_version_once(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/wilayah/{PARENT}/?periode=2024-05").status_code == 200
    batches = [q for q in queries if 'FROM "imports_importbatch" ORDER BY' in q["sql"]]
    assert len(batches) == 1


@pytest.mark.usefixtures("sabang")
def test_a_regions_figures_version_is_read_from_the_figures_once_per_figures_version() -> None:
    version = region_version(PARENT, "2024-06")
    with CaptureQueriesContext(connection) as queries:
        assert region_version(PARENT, "2024-06") == version
    assert not [q for q in queries if "indicators_participationfigure" in q["sql"]]
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(R2, "2024-06", {"PU": 1})))
    assert region_version(PARENT, "2024-06") != version  # the correction of a district changes it


@pytest.mark.usefixtures("sabang")
def test_on_sqlite_a_regions_figures_version_finds_its_rows_by_the_region_index() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner; PostgreSQL plans with its statistics")
    library.request_memo_start()
    try:
        library.figures_version()
        with CaptureQueriesContext(connection) as queries:
            region_version(R1, "2024-06")
    finally:
        library.request_memo_end()
    sql = next(q["sql"] for q in queries if "indicators_participationfigure" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "participation_period" not in plan and "region_id" in plan
