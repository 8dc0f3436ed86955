from __future__ import annotations

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cakupan.indicators.defaults import PARAMETER_DEFAULTS

    Parameter = apps.get_model("indicators", "Parameter")
    for item in PARAMETER_DEFAULTS:
        if item.key.startswith("band_"):
            Parameter.objects.get_or_create(
                key=item.key,
                valid_from=item.valid_from,
                defaults={"value": item.value, "legal_basis": item.legal_basis, "note": item.note},
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_seed_parameters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
