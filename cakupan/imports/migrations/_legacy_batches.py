"""Moving the batches of an older model into imports.ImportBatch, for the monev and compliance
migrations: one ImportBatch per old row, with its who, when, hash and counts, its regions as
touched_regions, and the old model and id (legacy_kind, legacy_id). Only historical models are used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def move_batches(
    apps: Any, old: Any, *, kind: str, fields: Callable[[Any], dict[str, Any]]
) -> dict[int, int]:
    """Old id → new ImportBatch id, for every row of `old`; `fields(row)` gives the dataset's counts."""
    batch_model = apps.get_model("imports", "ImportBatch")
    through = batch_model.touched_regions.through
    known = set(apps.get_model("regions", "Region").objects.values_list("code", flat=True))
    moved: dict[int, int] = {}
    for row in old.objects.order_by("pk").iterator():
        regions = [code for code in (row.regions or []) if code in known]
        batch = batch_model.objects.create(
            file_name=row.file_name,
            sha256=row.sha256,
            size_bytes=row.size_bytes,
            uploaded_by_id=row.uploaded_by_id,
            source=row.source,
            actor=row.actor,
            rows=row.rows,
            regions=len(regions),
            simulated=False,
            legacy_kind=kind,
            legacy_id=row.pk,
            **fields(row),
        )
        # auto_now_add stamped the moment of the migration: the batch keeps the moment of its import.
        batch_model.objects.filter(pk=batch.pk).update(created_at=row.created_at)
        through.objects.bulk_create([through(importbatch_id=batch.pk, region_id=code) for code in regions])
        moved[row.pk] = batch.pk
    return moved


def checks_done(schema_editor: Any) -> None:
    """PostgreSQL checks foreign keys at commit, but the migration's deferred CREATE INDEX of the new
    columns runs after this RunPython, and no table can be altered while checks are pending: run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def repoint(model: Any, moved: dict[int, int], pairs: tuple[tuple[str, str], ...]) -> None:
    """Set each new foreign key (`new`) from the old one (`old`) through the old → new map."""
    for old_id, new_id in moved.items():
        for old_field, new_field in pairs:
            model.objects.filter(**{f"{old_field}_id": old_id}).update(**{f"{new_field}_id": new_id})
