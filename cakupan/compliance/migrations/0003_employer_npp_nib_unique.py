"""One employer per NPP and per NIB (where given): partial unique constraints, which SQLite and
PostgreSQL both enforce. Employers that already share one stop the migration with their list, so the
administrator corrects them first (the licensing check cannot say which of them is meant); nothing is
changed on their behalf."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Count


def refuse_shared_identifiers(apps: Any, schema_editor: Any) -> None:
    Employer = apps.get_model("compliance", "Employer")
    shared = []
    for column in ("npp", "nib"):
        values = (
            Employer.objects.exclude(**{column: ""})
            .values(column)
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list(column, flat=True)
        )
        for value in values:
            keys = sorted(Employer.objects.filter(**{column: value}).values_list("key", flat=True))
            shared.append(f"{column.upper()} {value}: employers {', '.join(keys)}")
    if shared:
        raise RuntimeError(
            "Several employers share an NPP or NIB; correct them (Compliance › Employers) and migrate "
            "again:\n" + "\n".join(shared)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_seed_configuration"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_identifiers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="employer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("npp", ""), _negated=True), fields=("npp",), name="employer_npp_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="employer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nib", ""), _negated=True), fields=("nib",), name="employer_nib_unique"
            ),
        ),
    ]
