"""Compliance settings and program requirements become dated values (issue 22): two rows of one key (a
setting's key; a requirement's size class and program) may no longer share a day. Rule for the rows that
did: the row that starts later wins; the earlier row's span is cut to end the day before. Rows that
overlapped nothing are left unchanged. The rows this cut are printed when it runs; the seeded rows
(migration 0002) overlap nothing, so on a new installation it cuts none. On PostgreSQL an exclusion
constraint (btree_gist) then refuses an overlap even outside Django."""

from django.db import migrations, models

from cakupan.common.dated_migrations import BtreeGistKept, NoOverlapOnPostgreSQL, cut_overlaps


def cut_compliance_overlaps(apps, schema_editor):
    cut_overlaps(apps.get_model("compliance", "Setting"), ["key"])
    cut_overlaps(apps.get_model("compliance", "ProgramRequirement"), ["size_class", "program"])


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0006_letter_date_and_number"),
    ]

    operations = [
        migrations.AlterField(
            model_name="setting",
            name="valid_from",
            field=models.DateField(help_text="The first day the value applies."),
        ),
        migrations.AlterField(
            model_name="setting",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="The last day the value applies; empty: until a later row.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="programrequirement",
            name="valid_from",
            field=models.DateField(help_text="The first day the value applies."),
        ),
        migrations.AlterField(
            model_name="programrequirement",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="The last day the value applies; empty: until a later row.", null=True
            ),
        ),
        migrations.RunPython(cut_compliance_overlaps, migrations.RunPython.noop),
        BtreeGistKept(),
        NoOverlapOnPostgreSQL("setting", "compliance_setting_no_overlap", ["key"]),
        NoOverlapOnPostgreSQL(
            "programrequirement", "program_requirement_no_overlap", ["size_class", "program"]
        ),
    ]
