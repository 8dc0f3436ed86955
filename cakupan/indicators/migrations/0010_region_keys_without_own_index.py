"""The region key loses its own index: the column leads the table's unique key (region, month, …),
which finds a region's rows as well, and every row an import writes updated both (issue 20 §1–§3)."""

from django.db import migrations, models

from cakupan.common.column_index import foreign_key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_dated_values_without_overlaps"),
        ("regions", "0002_region_crosswalk"),
    ]

    operations = [
        foreign_key_index_dropped(
            "participantscomplete", "region", to="regions.region", on_delete=models.PROTECT
        ),
        foreign_key_index_dropped(
            "participationfigure", "region", to="regions.region", on_delete=models.PROTECT
        ),
        foreign_key_index_dropped("regionmonth", "region", to="regions.region", on_delete=models.CASCADE),
        foreign_key_index_dropped("workforcefigure", "region", to="regions.region", on_delete=models.PROTECT),
    ]
