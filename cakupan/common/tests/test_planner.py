"""The planner statistics a large import refreshes on PostgreSQL (`common.planner`), after it commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cakupan.common import planner
from cakupan.indicators.models import ParticipationFigure, RegionMonth
from cakupan.regions.models import Region
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


def _analyzed(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's planner statistics")
def test_on_postgresql_many_rows_written_refresh_the_statistics_of_the_columns_named() -> None:
    with CaptureQueriesContext(connection) as queries:
        done = planner.planner_statistics_refresh(
            columns={Region: ("code", "parent_id")}, rows=planner.ANALYZE_FROM_ROWS
        )
    assert done and _analyzed(queries) == ['ANALYZE "regions_region" ("code", "parent_id")']
    # PostgreSQL took it; the table's other columns may have been analysed before (autovacuum, other tests).
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'regions_region'")
        assert {"code", "parent_id"} <= {name for (name,) in cursor.fetchall()}


def test_few_rows_written_leave_the_statistics_to_autovacuum_and_sqlite_keeps_none() -> None:
    with CaptureQueriesContext(connection) as queries:
        few = planner.planner_statistics_refresh(
            columns={Region: ("code",)}, rows=planner.ANALYZE_FROM_ROWS - 1
        )
        many = planner.planner_statistics_refresh(columns={Region: ("code",)}, rows=planner.ANALYZE_FROM_ROWS)
    assert not few and many is POSTGRES
    assert len(queries) == (1 if POSTGRES else 0)


def test_a_large_figure_import_refreshes_its_table_and_the_rollup_once_committed(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(planner, "ANALYZE_FROM_ROWS", 2)  # the file below writes 2 figures
    rows = participation_rows("11.72", "2024-05", {"PU": 300, "BPU": 100})
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            batch, plan = load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
        assert batch is not None and len(plan.new) == 2
        assert not _analyzed(queries)  # nothing before the commit
        for callback in callbacks:
            callback()
    figures, months = ParticipationFigure._meta.db_table, RegionMonth._meta.db_table
    expected = [f'ANALYZE "{figures}" ("region_id", "period"), "{months}" ("region_id", "period")']
    assert _analyzed(queries) == (expected if POSTGRES else [])
