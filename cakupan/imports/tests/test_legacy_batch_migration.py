"""The migration to one batch model, run by Django's migration executor on a database of its own (SQLite,
or a new database on the PostgreSQL server the suite runs against): every MonevImport and EmployerImport
becomes an ImportBatch with its who, when, hash and counts, and every row points to the batch it became."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import own_database, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder: Path = tmp_path_factory.mktemp("legacy")
    with own_database(folder) as env:
        code = "from cakupan.imports.tests.legacy_batches import main; main()"
        done = run(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_every_old_batch_becomes_an_import_batch_with_its_sender_time_file_and_counts(
    migrated: dict[str, Any],
) -> None:
    first, second = migrated["new"]["monev"]
    user = migrated["old"]["user"]
    assert (first["dataset"], first["file_name"], first["uploaded_by"], first["source"]) == (
        "benefits",
        "klaim-1.csv",
        user,
        "web",
    )
    assert first["created_at"].startswith("2025-03-04T05:06:07")  # its own moment, not the migration's
    assert (first["counts"], second["counts"]) == ([1, 1, 0, 0], [1, 0, 1, 0])
    assert first["periods"] == ["2024-06"] and first["regions"] == ["53.71"]
    one, two = migrated["new"]["employers"]
    assert (one["dataset"], one["file_name"], one["details"]) == (
        "employers",
        "pk-1.csv",
        {"new_employers": 1},
    )
    assert (two["counts"], two["periods"], two["regions"]) == ([1, 0, 1, 0], ["2026-01"], ["53.71"])


def test_every_row_points_to_the_batch_its_old_batch_became(migrated: dict[str, Any]) -> None:
    new = migrated["new"]
    first, second = (b["pk"] for b in new["monev"])
    one, two = (b["pk"] for b in new["employers"])
    assert new["benefits"] == [[1, first, second], [2, second, None]]
    assert new["position_batch"] == two and new["change"] == [two, one]


def test_the_figures_batch_keeps_its_id_and_the_old_tables_are_gone(migrated: dict[str, Any]) -> None:
    assert migrated["new"]["figures_untouched"]
    tables = set(migrated["new"]["tables"])
    assert "monev_monevimport" not in tables and "compliance_employerimport" not in tables
