"""A database as it was with two registers, `indicators.Target` and `monev.Commitment` (the latter a copy
of every target, kept in step, beside the commitments of meetings), and the regulation of a target in
`monev.TargetLegalSource`. Run in a process of its own, on a database of its own (`cakupan manage shell`),
by the migration test: build, upgrade to the one register, describe."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migration of each app before the one register.
BEFORE = {"indicators": "0007_participation_origin", "monev": "0007_targets_into_commitments"}
WHEN = dt.datetime(2024, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


def _targets(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """BEFORE for its apps; for every other app its latest migration that needs none after BEFORE."""
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
        if node is not None:
            targets.append(node)
    return targets


def build_old_database() -> dict[str, Any]:
    """Two yearly targets (one revised by a second file, one set by a regulation), their copies among the
    commitments, and two commitments of a meeting: one owned by an office, one for the same region, year
    and indicator as a yearly target."""
    executor = MigrationExecutor(connection)
    targets = _targets(executor)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps
    region = apps.get_model("regions", "Region")
    region.objects.create(code="53", name="Nusa Tenggara Timur", level=1, kind="province")
    region.objects.create(code="53.71", name="Kota Kupang", level=2, kind="city", parent_id="53")
    user = apps.get_model("auth", "User").objects.create(username="petugas", password="!")
    office = apps.get_model("accounts", "Office").objects.create(name="Disnaker NTT", kind="LABOUR_OFFICE")
    batch = apps.get_model("imports", "ImportBatch")
    common = {"sha256": "a" * 64, "size_bytes": 10, "source": "web", "actor": "petugas", "regions": 1}
    first = batch.objects.create(
        dataset="targets",
        file_name="target-1.csv",
        rows=2,
        new_figures=2,
        replaced_figures=0,
        unchanged_figures=0,
        periods=["2024"],
        **common,
    )
    second = batch.objects.create(
        dataset="targets",
        file_name="target-2.csv",
        rows=1,
        new_figures=0,
        replaced_figures=1,
        unchanged_figures=0,
        periods=["2024"],
        **common,
    )
    batch.objects.filter(pk=first.pk).update(created_at=WHEN)
    apps.get_model("imports", "FigureChange").objects.create(
        batch=second,
        dataset="targets",
        region_id="53",
        when="2024",
        item="coverage_rate",
        old_value=Decimal("45"),
        new_value=Decimal("50"),
        old_batch=first,
    )
    target = apps.get_model("indicators", "Target")
    province = target.objects.create(
        region_id="53",
        year=2024,
        indicator="coverage_rate",
        value=Decimal("50"),
        source="Surat",
        batch=second,
    )
    city = target.objects.create(
        region_id="53.71", year=2025, indicator="active_participants", value=Decimal("60000"), batch=first
    )
    regulation = apps.get_model("monev", "Regulation").objects.create(
        region_id="53", kind="PERGUB", number="10/2024", issued_on=dt.date(2024, 1, 5), title="Target"
    )
    apps.get_model("monev", "TargetLegalSource").objects.create(
        region_id="53", year=2024, indicator="coverage_rate", regulation=regulation
    )
    meeting = apps.get_model("monev", "Meeting").objects.create(
        region_id="53", held_on=dt.date(2024, 3, 1), place="Kupang", institutions="Disnaker"
    )
    commitment = apps.get_model("monev", "Commitment")
    copies = [
        commitment.objects.create(
            region_id=t.region_id,
            indicator=t.indicator,
            value=t.value,
            year=t.year,
            deadline=dt.date(t.year, 12, 31),
            source=t.source,
            batch_id=t.batch_id,
            regulation=regulation if t.pk == province.pk else None,
        )
        for t in (province, city)
    ]
    owned = commitment.objects.create(
        region_id="53.71",
        indicator="coverage_rate",
        value=Decimal("55"),
        year=2024,
        deadline=dt.date(2024, 9, 30),
        source="Notulen",
        meeting=meeting,
        owner=office,
        created_by=user,
    )
    same_key = commitment.objects.create(
        region_id="53",
        indicator="coverage_rate",
        value=Decimal("52"),
        year=2024,
        deadline=dt.date(2024, 12, 31),
        source="Notulen",
        meeting=meeting,
    )
    commitment.objects.filter(pk=owned.pk).update(created_at=WHEN)
    return {
        "targets": [province.pk, city.pk],
        "copies": [c.pk for c in copies],
        "agreed": [owned.pk, same_key.pk],
        "meeting": meeting.pk,
        "regulation": regulation.pk,
        "office": office.pk,
        "user": user.pk,
    }


def upgrade() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def describe() -> dict[str, Any]:
    """What the upgraded database holds, read with the models of the code."""
    from cakupan.audit.models import AuditEvent
    from cakupan.imports.models import FigureChange
    from cakupan.indicators.models import Target
    from cakupan.monev.targets.models import CommitmentSource

    def row(t: Target) -> dict[str, Any]:
        source = CommitmentSource.objects.filter(target=t).first()
        return {
            "pk": t.pk,
            "key": [t.region_id, t.year, t.indicator, format(t.value.normalize(), "f")],
            "deadline": t.deadline.isoformat(),
            "yearly": t.batch_id is not None,
            "owner": t.owner_id,
            "created_by": t.created_by_id,
            "created_at": t.created_at.isoformat(),
            "meeting": source.meeting_id if source else None,
            "regulation": source.regulation_id if source else None,
        }

    moves = AuditEvent.objects.filter(entity_type="monev.commitment", action="update")
    return {
        "targets": [row(t) for t in Target.objects.order_by("pk")],
        "yearly": sorted(Target.objects.yearly().values_list("pk", flat=True)),
        "history": sorted(
            [c.when, c.item, format(c.old_value.normalize(), "f"), format(c.new_value.normalize(), "f")]
            for c in FigureChange.objects.filter(dataset="targets")
        ),
        "moved": {e.entity_id: (e.after or {})["indicators.target"] for e in moves},
        "tables": sorted(connection.introspection.table_names()),
    }


def downgrade() -> dict[str, Any]:
    """Back to the two registers (as a restore of an older backup does first): what they hold again."""
    executor = MigrationExecutor(connection)
    targets = _targets(executor)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps
    commitments = apps.get_model("monev", "Commitment").objects.order_by("pk")
    return {
        "targets": sorted(apps.get_model("indicators", "Target").objects.values_list("pk", flat=True)),
        "commitments": [
            [c.region_id, c.indicator, c.meeting_id, c.owner_id, c.regulation_id, c.batch_id is not None]
            for c in commitments
        ],
        "legal_sources": list(
            apps.get_model("monev", "TargetLegalSource").objects.values_list("region_id", "regulation_id")
        ),
    }


def main() -> None:
    """Build, upgrade, describe and downgrade, printing one line of JSON."""
    old = build_old_database()
    upgrade()
    new = describe()
    print(json.dumps({"old": old, "new": new, "back": downgrade()}))
