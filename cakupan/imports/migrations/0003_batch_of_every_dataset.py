"""ImportBatch becomes the batch of every dataset: form entries as a source, a small JSON of a dataset's
own counts, and the old model and id of a batch moved here from monev.MonevImport or
compliance.EmployerImport (monev 0003, compliance 0004 move them)."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_touched_regions")]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="source",
            field=models.CharField(
                choices=[
                    ("cli", "command line"),
                    ("web", "web upload"),
                    ("api", "API"),
                    ("demo", "demo data"),
                    ("entry", "entry form"),
                ],
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="details",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="legacy_kind",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="legacy_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="importbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(legacy_id__isnull=False),
                fields=("legacy_kind", "legacy_id"),
                name="importbatch_legacy_unique",
            ),
        ),
    ]
