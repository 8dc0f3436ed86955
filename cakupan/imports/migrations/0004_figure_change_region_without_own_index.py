"""The region key loses its own index: the column leads the table's lookup index (region, dataset, when),
which finds a region's rows as well, and every row an import writes updated both (issue 20 §1–§3)."""

from django.db import migrations, models

from cakupan.common.column_index import foreign_key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_batch_of_every_dataset"),
        ("regions", "0002_region_crosswalk"),
    ]

    operations = [
        foreign_key_index_dropped("figurechange", "region", to="regions.region", on_delete=models.PROTECT),
    ]
