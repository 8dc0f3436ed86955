"""A scorecard weight's aspect is a plain key (the weight key of an aspect in the scorecard's registry,
checked by the admin form) instead of a choice among Monev's keys, so that an aspect another app registers
can carry a dated weight. Only the field's choices change: every existing row is kept as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0012_dated_values_without_overlaps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scorecardweight",
            name="aspect",
            field=models.CharField(max_length=30),
        ),
    ]
