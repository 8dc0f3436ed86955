"""Every MonevImport becomes an imports.ImportBatch (its who, when, hash and counts, its old id as
legacy_id), and the funding and benefit rows point to it through new columns. The old columns and model
go in 0004: on PostgreSQL a table cannot be altered in the transaction that updated its rows."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import deletion

from cakupan.imports.migrations._legacy_batches import checks_done, move_batches, repoint

WHEN = {"vulnerable_funding": ("vulnerablefunding", "year"), "benefits": ("benefitfigure", "period")}


def forward(apps: Any, schema_editor: Any) -> None:
    old = apps.get_model("monev", "MonevImport")

    def fields(row: Any) -> dict[str, Any]:
        model_name, when = WHEN.get(row.dataset, ("benefitfigure", "period"))
        model = apps.get_model("monev", model_name)
        written = model.objects.filter(models.Q(batch_id=row.pk) | models.Q(replaced_by_id=row.pk))
        periods = sorted({str(v) for v in written.values_list(when, flat=True)})
        return {
            "dataset": row.dataset,
            "new_figures": row.new_rows,
            "replaced_figures": row.replaced_rows,
            "unchanged_figures": row.unchanged_rows,
            "periods": periods,
        }

    moved = move_batches(apps, old, kind="monev.monevimport", fields=fields)
    for name in ("VulnerableFunding", "BenefitFigure"):
        model = apps.get_model("monev", name)
        repoint(model, moved, (("batch", "new_batch"), ("replaced_by", "new_replaced_by")))
    checks_done(schema_editor)


def _batch(null: bool) -> Any:
    return models.ForeignKey(
        null=null,
        blank=null,
        on_delete=deletion.PROTECT,
        related_name="+",
        to="imports.importbatch",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0002_seed_reference"),
        ("imports", "0003_batch_of_every_dataset"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="vulnerablefunding", name="new_batch", field=_batch(True)),
        migrations.AddField(model_name="vulnerablefunding", name="new_replaced_by", field=_batch(True)),
        migrations.AddField(model_name="benefitfigure", name="new_batch", field=_batch(True)),
        migrations.AddField(model_name="benefitfigure", name="new_replaced_by", field=_batch(True)),
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=False),
    ]
