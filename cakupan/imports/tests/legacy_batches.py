"""A database as it was before every dataset shared imports.ImportBatch: monev.MonevImport and
compliance.EmployerImport rows with the rows that point to them. Run in a process of its own, on a
database of its own (`cakupan manage shell`), by the migration test and the backup upgrade test."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migration of each app before the one batch model.
BEFORE = {
    "imports": "0002_touched_regions",
    "monev": "0002_seed_reference",
    "compliance": "0003_employer_npp_nib_unique",
}
WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def _targets(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """BEFORE for its apps; for every other app its latest migration that needs none after BEFORE (a
    migration that refers to the one batch model stays unapplied)."""
    graph = executor.loader.graph
    allowed = {node for app, name in BEFORE.items() for node in graph.forwards_plan((app, name))}

    def fits(node: tuple[str, str]) -> bool:
        return all(n in allowed for n in graph.forwards_plan(node) if n[0] in BEFORE)

    targets: list[tuple[str, str]] = []
    for app, name in graph.leaf_nodes():
        if app in BEFORE:
            targets.append((app, BEFORE[app]))
            continue
        node: tuple[str, str] | None = (app, name)
        while node is not None and not fits(node):
            parents = [p for p in graph.node_map[node].parents if p.key[0] == app]
            node = parents[0].key if parents else None
        if node is not None:  # an app all of whose migrations come after stays out of the old database
            targets.append(node)
    return targets


def build_old_database() -> dict[str, Any]:
    """Migrate an empty database to the state before the change and store old batches in it: a figures
    batch first (so that old and new ids overlap), two Monev imports (the second replacing a row of the
    first) and two employers imports (the second replacing a position of the first)."""
    executor = MigrationExecutor(connection)
    targets = _targets(executor)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps
    region = apps.get_model("regions", "Region")
    region.objects.create(code="53", name="Nusa Tenggara Timur", level=1, kind="province")
    region.objects.create(code="53.71", name="Kota Kupang", level=2, kind="city", parent_id="53")
    user = apps.get_model("auth", "User").objects.create(username="petugas", password="!")
    figures = apps.get_model("imports", "ImportBatch").objects.create(
        dataset="workforce",
        file_name="tk.csv",
        sha256="a" * 64,
        size_bytes=10,
        source="cli",
        actor="cli",
        rows=1,
        new_figures=1,
        replaced_figures=0,
        unchanged_figures=0,
        periods=["2024-06"],
        regions=1,
    )
    monev = apps.get_model("monev", "MonevImport")
    common = {"sha256": "b" * 64, "size_bytes": 20, "source": "web", "uploaded_by_id": user.pk}
    counts = {"rows": 1, "unchanged_rows": 0, "regions": ["53.71"]}
    first = monev.objects.create(
        dataset="benefits",
        file_name="klaim-1.csv",
        actor="petugas",
        new_rows=1,
        replaced_rows=0,
        **common,
        **counts,
    )
    second = monev.objects.create(
        dataset="benefits",
        file_name="klaim-2.csv",
        actor="petugas",
        new_rows=0,
        replaced_rows=1,
        **common,
        **counts,
    )
    monev.objects.filter(pk=first.pk).update(created_at=WHEN)
    benefit = apps.get_model("monev", "BenefitFigure")
    values = {"region_id": "53.71", "period": "2024-06", "program": "JKM", "amount_idr": 42_000_000}
    benefit.objects.create(claims=1, batch_id=first.pk, replaced_by_id=second.pk, **values)
    benefit.objects.create(claims=2, batch_id=second.pk, **values)
    employers = apps.get_model("compliance", "EmployerImport")
    batch_fields = {
        "sha256": "c" * 64,
        "size_bytes": 30,
        "source": "cli",
        "actor": "cli",
        "rows": 1,
        "unchanged_positions": 0,
        "periods": ["2026-01"],
        "regions": ["53.71"],
    }
    one = employers.objects.create(
        file_name="pk-1.csv", new_employers=1, new_positions=1, replaced_positions=0, **batch_fields
    )
    two = employers.objects.create(
        file_name="pk-2.csv", new_employers=0, new_positions=0, replaced_positions=1, **batch_fields
    )
    employer = apps.get_model("compliance", "Employer").objects.create(
        key="NPP0001",
        kind="NPP",
        npp="NPP0001",
        name="PT Sasando",
        region_id="53.71",
        latest_period="2026-01",
    )
    apps.get_model("compliance", "EmployerPosition").objects.create(
        employer=employer,
        period="2026-01",
        reported_workers=50,
        registered_workers=40,
        reported_wages_idr=1,
        registered_wages_idr=1,
        programs="JKK;JKM",
        batch_id=two.pk,
    )
    apps.get_model("compliance", "PositionChange").objects.create(
        employer=employer,
        period="2026-01",
        before={"a": 1},
        after={"a": 2},
        batch_id=two.pk,
        old_batch_id=one.pk,
    )
    return {
        "figures": figures.pk,
        "monev": [first.pk, second.pk],
        "employers": [one.pk, two.pk],
        "user": user.pk,
    }


def upgrade() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def describe(old: dict[str, Any]) -> dict[str, Any]:
    """What the upgraded database holds for the old batches, with the models of the code."""
    from cakupan.compliance.models import EmployerPosition, PositionChange
    from cakupan.imports.models import ImportBatch
    from cakupan.monev.models import BenefitFigure

    def batch(kind: str, legacy_id: int) -> dict[str, Any]:
        found = ImportBatch.objects.get(legacy_kind=kind, legacy_id=legacy_id)
        return {
            "pk": found.pk,
            "dataset": found.dataset,
            "file_name": found.file_name,
            "uploaded_by": found.uploaded_by_id,
            "source": found.source,
            "created_at": found.created_at.isoformat(),
            "counts": [found.rows, found.new_figures, found.replaced_figures, found.unchanged_figures],
            "periods": found.periods,
            "regions": sorted(found.touched_regions.values_list("code", flat=True)),
            "details": found.details,
        }

    monev = [batch("monev.monevimport", pk) for pk in old["monev"]]
    employers = [batch("compliance.employerimport", pk) for pk in old["employers"]]
    change = PositionChange.objects.get()
    return {
        "monev": monev,
        "employers": employers,
        "figures_untouched": ImportBatch.objects.filter(pk=old["figures"], legacy_id=None).exists(),
        "benefits": sorted(BenefitFigure.objects.values_list("claims", "batch_id", "replaced_by_id")),
        "position_batch": EmployerPosition.objects.get().batch_id,
        "change": [change.batch_id, change.old_batch_id],
        "tables": sorted(connection.introspection.table_names()),
    }


def main() -> None:
    """Build, upgrade and describe, printing one line of JSON."""
    old = build_old_database()
    upgrade()
    print(json.dumps({"old": old, "new": describe(old)}))


def write_old_archive(path: str) -> None:
    """Build the old database and write the backup the version before the change would have made of it:
    every table as it was then (monev_monevimport and compliance_employerimport among them), the
    migration state it was at; printing the old ids as one line of JSON."""
    import zipfile

    from cakupan.backup.archive import FORMAT, MANIFEST, VERSION
    from cakupan.backup.dump import _write_table
    from cakupan.backup.schema import applied_state
    from cakupan.backup.tables import backup_tables

    old = build_old_database()
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(_targets(executor)).apps
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        tables = [_write_table(archive, connection, table) for table in backup_tables(state)]
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": WHEN.isoformat(),
            "cakupan_version": "0.9",
            "database": {"vendor": connection.vendor},
            "migrations": applied_state(connection),
            "tables": tables,
            "files": [],
            "missing_files": [],
        }
        archive.writestr(MANIFEST, json.dumps(manifest))
    print(json.dumps(old))


def describe_restored(old_json: str) -> None:
    """After restoring the old archive: what it became, as one line of JSON."""
    print(json.dumps(describe(json.loads(old_json))))
