"""Reference data and dated configuration of the Monev register: the instructions of Inpres 2/2021
that regional heads act on, the tolerance of the funding check, and the scorecard's weights and
full-score coverage gain. Sources as tagged in shared/domain.md §2 and §8 ([V] verified, [M] from memory):
no official Paritrana weights were found, so these are Cakupan defaults, to be replaced (with a new
valid_from) when the current juknis is available."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import migrations

INSTRUCTIONS = [
    (
        "REGULATION",
        "Governors, regents, mayors",
        "Issue a regional regulation supporting employment social security",
        "Menerbitkan regulasi daerah yang mendukung jaminan sosial ketenagakerjaan",
        "Inpres 2/2021 [V: S2, S3, S9, S43]",
    ),
    (
        "BUDGET",
        "Governors, regents, mayors",
        "Allocate APBD budget for contributions, including for vulnerable workers",
        "Mengalokasikan anggaran APBD untuk iuran, termasuk bagi pekerja rentan",
        "Inpres 2/2021; Permendagri 27/2021 and 84/2022 [V: S9, S43, S66]",
    ),
    (
        "RKPD_APBD",
        "Governors, regents, mayors",
        "Put Jamsostek in the regional annual plan (RKPD) and budget (APBD)",
        "Memasukkan Jamsostek ke dalam RKPD dan APBD",
        "SE Mendagri 842.2/5193/SJ [V: S43]",
    ),
    (
        "WORKERS",
        "Regents and mayors",
        "All wage and non-wage workers (PU and BPU) in the region are active participants",
        "Seluruh pekerja penerima upah dan bukan penerima upah (PU dan BPU) di wilayahnya menjadi peserta aktif",
        "Inpres 2/2021 [V: S5]",
    ),
    (
        "NON_ASN",
        "Governors, regents, mayors",
        "Register the region's non-ASN government workers",
        "Mendaftarkan pegawai pemerintah non-ASN di daerahnya",
        "Inpres 2/2021 [V: S3, S5, S8]",
    ),
    (
        "ELECTION",
        "Regents and mayors",
        "Register election organisers",
        "Mendaftarkan penyelenggara pemilu",
        "Inpres 2/2021 [V: S3, S5, S8]",
    ),
    (
        "VILLAGE",
        "Regents and mayors",
        "Village officials and facilitators are active participants (village budget)",
        "Perangkat dan pendamping desa menjadi peserta aktif (anggaran desa)",
        "Inpres 2/2021; juknis Kemendagri–BPJS TK 2023 [V: S6, S65]",
    ),
    (
        "MIGRANT",
        "Governors, regents, mayors",
        "Register migrant workers (PMI) from the region",
        "Mendaftarkan pekerja migran Indonesia (PMI) dari daerahnya",
        "Inpres 2/2021 [V: S3, S8]",
    ),
    (
        "LICENSING",
        "Governors, regents, mayors",
        "Make participation a requirement for licences and public services",
        "Menjadikan kepesertaan syarat perizinan dan pelayanan publik",
        "Inpres 2/2021 [M]",
    ),
]

ADDRESSEES_ID = {
    "Governors, regents, mayors": "Gubernur, bupati, wali kota",
    "Regents and mayors": "Bupati dan wali kota",
}

BASIS = "Cakupan default [M]: Paritrana Award criteria (coverage, local regulation, commitment); no official weights found"
WEIGHTS = {
    "coverage_level": "25",
    "coverage_gain": "10",
    "regulations": "15",
    "budget": "10",
    "non_asn": "10",
    "vulnerable_funding": "10",
    "compliance": "10",
    "follow_ups": "10",
}


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Instruction = apps.get_model("monev", "InpresInstruction")
    for order, (code, addressee, text_en, text_id, basis) in enumerate(INSTRUCTIONS, start=1):
        Instruction.objects.get_or_create(
            code=code,
            defaults={
                "order": order,
                "addressee": addressee,
                "addressee_id": ADDRESSEES_ID.get(addressee, addressee),
                "text_en": text_en,
                "text_id": text_id,
                "legal_basis": basis,
            },
        )
    Parameter = apps.get_model("monev", "MonevParameter")
    Parameter.objects.get_or_create(
        key="funding_tolerance_pct",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "value": Decimal("1"),
            "legal_basis": "Cakupan default [M]: no official tolerance is known; budgets should equal "
            "workers × months × the minimum BPU contribution",
            "note": "Rounding in budget documents; raise it if administrative costs are budgeted with it.",
        },
    )
    Parameter.objects.get_or_create(
        key="scorecard_gain_full_points",
        valid_from=dt.date(2021, 1, 1),
        defaults={
            "value": Decimal("5"),
            "legal_basis": BASIS,
            "note": "A region that raises its coverage by this many points in a year scores 100 on coverage gain.",
        },
    )
    Weight = apps.get_model("monev", "ScorecardWeight")
    for aspect, weight in WEIGHTS.items():
        Weight.objects.get_or_create(
            aspect=aspect,
            valid_from=dt.date(2021, 1, 1),
            defaults={"weight": Decimal(weight), "legal_basis": BASIS},
        )


class Migration(migrations.Migration):
    dependencies = [("monev", "0001_register")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
