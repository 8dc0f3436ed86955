"""Positions and their changes keep only their ImportBatch columns; EmployerImport is gone (its rows were
moved by 0004, each with its old id)."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models import deletion


def _batch(related_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        null=True,
        blank=True,
        on_delete=deletion.PROTECT,
        related_name=related_name,
        to="imports.importbatch",
    )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0004_batches_into_importbatch")]

    operations = [
        migrations.RemoveField(model_name="employerposition", name="batch"),
        migrations.RemoveField(model_name="positionchange", name="batch"),
        migrations.RemoveField(model_name="positionchange", name="old_batch"),
        migrations.RenameField(model_name="employerposition", old_name="new_batch", new_name="batch"),
        migrations.RenameField(model_name="positionchange", old_name="new_batch", new_name="batch"),
        migrations.RenameField(model_name="positionchange", old_name="new_old_batch", new_name="old_batch"),
        migrations.AlterField(model_name="employerposition", name="batch", field=_batch("positions")),
        migrations.AlterField(model_name="positionchange", name="batch", field=_batch("position_changes")),
        migrations.DeleteModel(name="EmployerImport"),
    ]
