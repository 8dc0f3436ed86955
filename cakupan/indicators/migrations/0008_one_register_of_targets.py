"""One register of targets and commitments (docs/adr/0006): a target gets a deadline (the end of its year
for the targets already stored), an owning office, who entered it and when (a stored target: when its
batch was stored); the `targets` batch becomes optional (a commitment agreed at a meeting has none) and
the key region, year and indicator holds among the targets of the dataset only. The commitments of
`monev.Commitment` move in with monev's migration 0008."""

import datetime as dt

import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models


def deadlines(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    for target in Target.objects.select_related("batch").order_by("pk"):
        target.deadline = dt.date(target.year, 12, 31)
        target.created_at = target.batch.created_at
        target.save(update_fields=["deadline", "created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles_offices_tokens"),
        ("imports", "0003_batch_of_every_dataset"),
        ("indicators", "0007_participation_origin"),
        ("regions", "0002_region_crosswalk"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="target", name="target_key"),
        migrations.AddField(
            model_name="target",
            name="created_at",
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now()),
        ),
        migrations.AddField(
            model_name="target",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(model_name="target", name="deadline", field=models.DateField(null=True)),
        migrations.AddField(
            model_name="target",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.office",
            ),
        ),
        migrations.RunPython(deadlines, migrations.RunPython.noop),
        migrations.AlterField(model_name="target", name="deadline", field=models.DateField()),
        migrations.AlterField(
            model_name="target",
            name="batch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="imports.importbatch",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="indicator",
            field=models.CharField(
                choices=[
                    ("coverage_rate", "Coverage rate (%)"),
                    ("active_participants", "Active participants"),
                    ("vulnerable_workers_funded", "Vulnerable workers funded"),
                    ("non_asn_coverage", "Non-ASN staff covered (%)"),
                    ("regulation_enacted", "Regulation enacted"),
                ],
                max_length=60,
            ),
        ),
        migrations.AddIndex(
            model_name="target",
            index=models.Index(fields=["region", "deadline"], name="target_region_deadline"),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.UniqueConstraint(
                condition=models.Q(("batch__isnull", False)),
                fields=("region", "year", "indicator"),
                name="target_key",
            ),
        ),
    ]
