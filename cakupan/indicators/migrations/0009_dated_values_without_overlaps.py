"""Indicator parameters become dated values (issue 22): two rows of one key may no longer share a day.
Rule for the rows that did: the row that starts later wins; the earlier row's span is cut to end the day
before. Rows that overlapped nothing are left unchanged. The rows this cut are printed when it runs; the
seeded rows (migrations 0002 to 0006 here, compliance 0002) overlap nothing, so on a new installation it
cuts none. On PostgreSQL an exclusion constraint (btree_gist) then refuses an overlap even outside Django."""

from django.db import migrations, models

from cakupan.common.dated_migrations import BtreeGistKept, NoOverlapOnPostgreSQL, cut_overlaps


def cut_parameter_overlaps(apps, schema_editor):
    cut_overlaps(apps.get_model("indicators", "Parameter"), ["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_one_register_of_targets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="parameter",
            name="valid_from",
            field=models.DateField(help_text="The first day the value applies."),
        ),
        migrations.AlterField(
            model_name="parameter",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="The last day the value applies; empty: until a later row.", null=True
            ),
        ),
        migrations.RunPython(cut_parameter_overlaps, migrations.RunPython.noop),
        BtreeGistKept(),
        NoOverlapOnPostgreSQL("parameter", "parameter_no_overlap", ["key"]),
    ]
