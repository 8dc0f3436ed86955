"""The region key loses its own index: the column leads the table's unique key (region, month, program, status),
which finds a region's rows as well, and every row an import writes updated both (issue 20 §1–§3)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from cakupan.common.column_index import foreign_key_index_dropped


def _region(on_delete: Any) -> models.ForeignKey[Any]:
    return models.ForeignKey(db_index=False, on_delete=on_delete, related_name="+", to="regions.region")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_poverty_linkage"),
        ("regions", "0002_region_crosswalk"),
    ]

    operations = [
        foreign_key_index_dropped("programfigure", "region", _region(django.db.models.deletion.PROTECT)),
    ]
