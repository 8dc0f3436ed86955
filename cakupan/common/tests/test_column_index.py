"""The figures tables' region keys have no index of their own (issue 20 §1–§3): the column leads the
table's unique or lookup index, which serves it; on PostgreSQL its `_like` index, which serves a region
and everything under it, stays. The migration step drops the index in place and, reversed, makes it again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cakupan.common.column_index import _ColumnIndexDropped

pytestmark = pytest.mark.django_db

TABLES = (
    "indicators_participationfigure",
    "indicators_workforcefigure",
    "indicators_regionmonth",
    "indicators_participantscomplete",
    "participants_programfigure",
    "imports_figurechange",
)


def _indexes(table: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: c for name, c in found.items() if c["index"] or c["unique"]}


@pytest.mark.parametrize("table", TABLES)
def test_a_figures_table_finds_a_region_by_an_index_it_leads_and_has_none_of_the_region_alone(
    table: str,
) -> None:
    indexes = _indexes(table)
    alone = [n for n, c in indexes.items() if c["columns"] == ["region_id"] and not n.endswith("_like")]
    assert alone == []
    assert any(c["columns"][0] == "region_id" and len(c["columns"]) > 1 for c in indexes.values())
    if connection.vendor == "postgresql":  # a region and everything under it: LIKE '53.%'
        assert [n for n, c in indexes.items() if c["columns"] == ["region_id"] and n.endswith("_like")]


def test_the_step_reversed_makes_the_index_again_with_its_name_and_forwards_drops_it() -> None:
    loader = MigrationLoader(connection)
    before = loader.project_state(("indicators", "0009_dated_values_without_overlaps"))
    after = loader.project_state(("indicators", "0010_region_keys_without_own_index"))
    step = _ColumnIndexDropped("participationfigure", "region")

    def run(direction: str, from_state: Any, to_state: Any) -> None:
        # Not entered: SQLite's editor refuses to start inside the test's transaction. Its statements are
        # collected and run in that transaction instead.
        editor = connection.schema_editor(collect_sql=True)
        editor.deferred_sql = []
        getattr(step, direction)("indicators", editor, from_state, to_state)
        with connection.cursor() as cursor:
            for statement in editor.collected_sql:
                cursor.execute(statement.rstrip(";"))

    run("database_backwards", after, before)
    assert "indicators_participationfigure_region_id_7144343d" in _indexes("indicators_participationfigure")
    run("database_forwards", before, after)
    assert "indicators_participationfigure_region_id_7144343d" not in _indexes(
        "indicators_participationfigure"
    )
    test_a_figures_table_finds_a_region_by_an_index_it_leads_and_has_none_of_the_region_alone(
        "indicators_participationfigure"
    )
