"""Every step of a case records its letter's number and date, and its deadlines count from that date.
Steps recorded before this change get the day they were entered as their letter's date (their number
stays empty: it was never asked for); an event that was no step (a region corrected) gets none. The
oldest letter date a step may carry is dated configuration (letter_max_age_days), seeded here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import migrations, models
from django.utils import timezone

MAX_AGE_BASIS = (
    "Project default: a step is recorded within 90 days of its letter (an older letter is a data-entry "
    "error or needs the administrator) [M]"
)


def letter_dates_from_entry(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The letter date of each step recorded without one: the day it was entered (local time)."""
    CaseEvent = apps.get_model("compliance", "CaseEvent")
    steps = CaseEvent.objects.filter(letter_date__isnull=True).exclude(to_status=models.F("from_status"))
    for event in steps.only("pk", "at").iterator(chunk_size=2000):
        CaseEvent.objects.filter(pk=event.pk).update(letter_date=timezone.localdate(event.at))


def seed_max_age(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("compliance", "Setting").objects.get_or_create(
        key="letter_max_age_days",
        valid_from=date(2014, 1, 1),
        defaults={"value": Decimal("90"), "legal_basis": MAX_AGE_BASIS, "note": ""},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0005_remove_employerimport"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="letter_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="letter_number",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="evidence",
            name="is_letter",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="setting",
            name="key",
            field=models.CharField(
                choices=[
                    ("pds_tk_on", "PDS-TK detection on (1) or off (0)"),
                    ("pds_upah_on", "PDS-Upah detection on (1) or off (0)"),
                    ("pds_program_on", "PDS-Program detection on (1) or off (0)"),
                    ("pwbd_on", "PWBD detection on (1) or off (0)"),
                    ("wage_tolerance_pct", "PDS-Upah tolerance: registered wages may fall short by (%)"),
                    ("small_from_workers", "Small employer from (workers)"),
                    ("medium_from_workers", "Medium employer from (workers)"),
                    ("large_from_workers", "Large employer from (workers)"),
                    ("open_days", "Working days to issue the first warning after detection"),
                    ("warning_days", "Working days a written warning lasts"),
                    ("inspection_days", "Working days from the inspection note to the referral"),
                    ("recheck_months", "Months from the referral to the re-check"),
                    ("act_days", "Working days to take the next step once it is possible"),
                    ("evidence_max_mb", "Largest evidence file (MB)"),
                    (
                        "letter_max_age_days",
                        "Days a step's letter may be dated before the day the step is recorded",
                    ),
                ],
                max_length=40,
            ),
        ),
        migrations.RunPython(letter_dates_from_entry, migrations.RunPython.noop),
        migrations.RunPython(seed_max_age, migrations.RunPython.noop),
    ]
