"""The funding and benefit rows keep only their ImportBatch columns; MonevImport is gone (its rows were
moved by 0003, each with its old id)."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models import deletion


class Migration(migrations.Migration):
    dependencies = [("monev", "0003_batches_into_importbatch")]

    operations = [
        migrations.RemoveField(model_name="vulnerablefunding", name="batch"),
        migrations.RemoveField(model_name="vulnerablefunding", name="replaced_by"),
        migrations.RemoveField(model_name="benefitfigure", name="batch"),
        migrations.RemoveField(model_name="benefitfigure", name="replaced_by"),
        migrations.RenameField(model_name="vulnerablefunding", old_name="new_batch", new_name="batch"),
        migrations.RenameField(
            model_name="vulnerablefunding", old_name="new_replaced_by", new_name="replaced_by"
        ),
        migrations.RenameField(model_name="benefitfigure", old_name="new_batch", new_name="batch"),
        migrations.RenameField(
            model_name="benefitfigure", old_name="new_replaced_by", new_name="replaced_by"
        ),
        migrations.AlterField(
            model_name="vulnerablefunding",
            name="batch",
            field=models.ForeignKey(on_delete=deletion.PROTECT, related_name="+", to="imports.importbatch"),
        ),
        migrations.AlterField(
            model_name="benefitfigure",
            name="batch",
            field=models.ForeignKey(on_delete=deletion.PROTECT, related_name="+", to="imports.importbatch"),
        ),
        migrations.DeleteModel(name="MonevImport"),
    ]
