"""The first funded month of a vulnerable-worker funding row (contract v2 `start_period`), and two
scorecard settings (issue 23): the head of region's attendance at Monev meetings as an aspect (its weight
is seeded with the code that scores it), and the share of the weight a region's data must cover before
it is ranked, a Cakupan default [M] to be replaced with a new valid_from when an official juknis sets it."""

import datetime as dt
from decimal import Decimal

from django.db import migrations, models

BASIS = "Cakupan default [M]: no official Paritrana weights or ranking rule were found (shared/domain.md §8)"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Parameter = apps.get_model("monev", "MonevParameter")
    Parameter.objects.get_or_create(
        key="scorecard_min_covered_weight_pct",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "value": Decimal("60"),
            "legal_basis": BASIS,
            "note": "A region whose aspects with data carry less than this share of the weight is shown but not ranked.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0008_one_register_of_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="vulnerablefunding",
            name="start_period",
            field=models.CharField(blank=True, db_default="", max_length=7),
        ),
        migrations.AlterField(
            model_name="monevparameter",
            name="key",
            field=models.CharField(
                choices=[
                    (
                        "funding_tolerance_pct",
                        "Funding check: allowed difference from workers × months × minimum contribution (%)",
                    ),
                    (
                        "scorecard_gain_full_points",
                        "Scorecard: coverage gain in a year (points) that earns the full score",
                    ),
                    ("commitment_pace_months", "Commitments: months over which the recent pace is measured"),
                    (
                        "commitment_at_risk_pct",
                        "Commitments: shortfall of the projection still on track (% of the target)",
                    ),
                    (
                        "scorecard_min_covered_weight_pct",
                        "Scorecard: share of the weight with data below which a region is not ranked (%)",
                    ),
                ],
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="scorecardweight",
            name="aspect",
            field=models.CharField(
                choices=[
                    ("coverage_level", "Coverage level"),
                    ("coverage_gain", "Coverage gain"),
                    ("regulations", "Regulations"),
                    ("budget", "Budget"),
                    ("non_asn", "Non-ASN coverage"),
                    ("vulnerable_funding", "Vulnerable-worker funding"),
                    ("compliance", "Compliance cases resolved"),
                    ("follow_ups", "Follow-ups done"),
                    ("head_attendance", "Head of region at Monev meetings"),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
