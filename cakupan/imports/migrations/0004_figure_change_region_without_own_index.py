"""The region key loses its own index: the column leads the table's lookup index (region, dataset, when),
which finds a region's rows as well, and every row an import writes updated both (issue 20 §1–§3)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from cakupan.common.column_index import foreign_key_index_dropped


def _region(on_delete: Any) -> models.ForeignKey[Any]:
    return models.ForeignKey(db_index=False, on_delete=on_delete, related_name="+", to="regions.region")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_batch_of_every_dataset"),
        ("regions", "0002_region_crosswalk"),
    ]

    operations = [
        foreign_key_index_dropped("figurechange", "region", _region(django.db.models.deletion.PROTECT)),
    ]
