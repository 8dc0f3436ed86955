"""The weight of the head-of-region attendance aspect, seeded with the code that scores it (issue 23): the
head of region's commitment is a Paritrana criterion (shared/domain.md §8), measured as presence in person
at the region's own Monev meetings. No official weight was found, so this is a Cakupan default, to be
replaced with a new valid_from when the current juknis is available."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

BASIS = "Cakupan default [M]: Paritrana Award criterion 'the head's commitment and attendance'; no official weights found"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Weight = apps.get_model("monev", "ScorecardWeight")
    Weight.objects.get_or_create(
        aspect="head_attendance",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "weight": Decimal("10"),
            "legal_basis": BASIS,
            "note": "Meetings of the region held in the year with attendance recorded at which the head of "
            "region was present in person ÷ all of them.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0009_funding_start_scorecard_coverage"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
