"""`cakupan nik-sweep`: find and mask the NIKs stored before free text and file names refused them.

Every text and JSON column of every model is read (found generically, as `nik_guard` finds them; the
columns of hashes and system-made names are left alone): a NIK in a file name is replaced as a new upload
would be (`berkas-<dataset>-<date>.<ext>`), a NIK anywhere else is masked (`[16 digits hidden]`). The rows
are changed in place, without their save() (the audit trail is append-only through the application; this
sweep is the one sanctioned edit of it), in one transaction, and the sweep records its own audit event
with the counts per table and column, never a value. Run twice, the second run finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.dispatch import Signal

from cakupan.common.nik_guard import FILE_NAMES, NOT_FREE_TEXT, label, masked_value, upload_name
from cakupan.core.nik import ENGINE_PATTERN

# Tables whose text is not stored free text: signed session blobs (a session ends, and masking would
# break its signature).
SKIPPED_MODELS = frozenset({"sessions.Session"})
AUDIT_ENTITY = "nik-sweep"

# Sent inside the sweep's transaction once a sweep (not a dry run) is done, with `result` (a SweepResult):
# the audit app records it (audit sits above common in the layers of issue 22 and listens from its ready()).
nik_swept = Signal()


@dataclass
class SweepResult:
    dry_run: bool
    # "table.column" → rows changed (or that would be, on a dry run)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "rows": self.total, "columns": dict(sorted(self.counts.items()))}


def swept_columns() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every text and JSON column the sweep reads: all installed models, hashes and keys left out."""
    for model in apps.get_models():
        if model._meta.label in SKIPPED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        for column in model._meta.concrete_fields:
            if column.primary_key or column.model is not model or label(column) in NOT_FREE_TEXT:
                continue
            if isinstance(column, models.CharField | models.TextField | models.JSONField):
                yield model, column


def _fixed(model: type[models.Model], column: models.Field[Any, Any], value: Any, row: dict[str, Any]) -> Any:
    if label(column) in FILE_NAMES and isinstance(value, str):
        kind = row.get("dataset") or model._meta.model_name or "file"
        return upload_name(value, kind=str(kind))[: column.max_length]
    return masked_value(value)


def nik_sweep(*, dry_run: bool = False) -> SweepResult:
    """Mask every stored NIK (or count them, on a dry run) and record the sweep in the audit trail."""
    result = SweepResult(dry_run=dry_run)
    with transaction.atomic():
        for model, column in swept_columns():
            extra = ["dataset"] if any(f.name == "dataset" for f in model._meta.concrete_fields) else []
            rows = model._base_manager.exclude(**{f"{column.attname}__isnull": True})
            if not isinstance(column, models.JSONField) and label(column) not in FILE_NAMES:
                # The database picks the candidates (the detector's engine pattern); Python confirms.
                rows = rows.filter(**{f"{column.attname}__regex": ENGINE_PATTERN})
            changed = 0
            for row in rows.values("pk", column.attname, *extra).iterator(chunk_size=2000):
                value = row[column.attname]
                fixed = _fixed(model, column, value, row)
                if fixed == value:
                    continue
                changed += 1
                if not dry_run:
                    # The base manager's own update: no save(), no signals, past the audit trail's guard.
                    models.QuerySet.update(
                        model._base_manager.filter(pk=row["pk"]), **{column.attname: fixed}
                    )
            if changed:
                result.counts[f"{model._meta.db_table}.{column.column}"] = changed
        if not dry_run:
            nik_swept.send(sender=SweepResult, result=result)
    return result
