"""Every EmployerImport becomes an imports.ImportBatch of the `employers` dataset (its who, when, hash and
counts, new employers in `details`, its old id as legacy_id), and positions and their changes point to it
through new columns. The old columns and model go in 0005: on PostgreSQL a table cannot be altered in the
transaction that updated its rows."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import deletion

from cakupan.imports.migrations._legacy_batches import checks_done, move_batches, repoint


def forward(apps: Any, schema_editor: Any) -> None:
    old = apps.get_model("compliance", "EmployerImport")

    def fields(row: Any) -> dict[str, Any]:
        return {
            "dataset": "employers",
            "new_figures": row.new_positions,
            "replaced_figures": row.replaced_positions,
            "unchanged_figures": row.unchanged_positions,
            "periods": list(row.periods or []),
            "details": {"new_employers": row.new_employers},
        }

    moved = move_batches(apps, old, kind="compliance.employerimport", fields=fields)
    repoint(apps.get_model("compliance", "EmployerPosition"), moved, (("batch", "new_batch"),))
    repoint(
        apps.get_model("compliance", "PositionChange"),
        moved,
        (("batch", "new_batch"), ("old_batch", "new_old_batch")),
    )
    checks_done(schema_editor)


def _batch(related_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        null=True,
        blank=True,
        on_delete=deletion.PROTECT,
        related_name=related_name,
        to="imports.importbatch",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0003_employer_npp_nib_unique"),
        ("imports", "0003_batch_of_every_dataset"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="employerposition", name="new_batch", field=_batch("+")),
        migrations.AddField(model_name="positionchange", name="new_batch", field=_batch("+")),
        migrations.AddField(model_name="positionchange", name="new_old_batch", field=_batch("+")),
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=False),
    ]
