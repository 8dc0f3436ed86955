"""Existing targets become commitments without an owner (deadline: the end of the target's year, the
regulation that set it kept as its legal source), and the commitment thresholds get their first values."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    Commitment = apps.get_model("monev", "Commitment")
    LegalSource = apps.get_model("monev", "TargetLegalSource")
    links = {(s.region_id, s.year, s.indicator): s.regulation_id for s in LegalSource.objects.all()}
    Commitment.objects.bulk_create(
        Commitment(
            region_id=t.region_id,
            indicator=t.indicator,
            value=t.value,
            year=t.year,
            deadline=dt.date(t.year, 12, 31),
            source=t.source,
            regulation_id=links.get((t.region_id, t.year, t.indicator)),
            batch_id=t.batch_id,
        )
        for t in Target.objects.order_by("pk")
    )
    Parameter = apps.get_model("monev", "MonevParameter")
    basis = "Cakupan default [M]: no official rule is known for judging a commitment's progress"
    Parameter.objects.get_or_create(
        key="commitment_pace_months",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "value": Decimal("6"),
            "legal_basis": basis,
            "note": "The pace is the change per month over this many recent months, projected to the deadline.",
        },
    )
    Parameter.objects.get_or_create(
        key="commitment_at_risk_pct",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "value": Decimal("0"),
            "legal_basis": basis,
            "note": "0: a commitment is on track only when the projection reaches the target.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("monev", "Commitment").objects.filter(meeting=None, owner=None).delete()
    apps.get_model("monev", "MonevParameter").objects.filter(key__startswith="commitment_").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0006_commitments"),
        ("indicators", "0006_partial_reporting"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
