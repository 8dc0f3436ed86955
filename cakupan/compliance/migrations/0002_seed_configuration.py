"""The dated configuration of compliance as shipped: detection rules and tolerance, size classes, the
programs mandatory per size class, deadlines and evidence limits (compliance.Setting and
ProgramRequirement), and the contribution rates and JP wage cap the shortfall estimate needs
(indicators.Parameter). Every value can be replaced in the administration by a row valid from a later
day; nothing here is a constant of the code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import migrations

PP86 = "PP 86/2013 (sanctions; written warnings of 10 working days each) [V: S34]"
SETTINGS = [
    ("pds_tk_on", "1", date(2014, 1, 1), "UU 24/2011 art. 15; domain.md §7 PDS TK [V: S37]", ""),
    ("pds_upah_on", "1", date(2014, 1, 1), "UU 24/2011 art. 15; domain.md §7 PDS Upah [V: S37]", ""),
    ("pds_program_on", "1", date(2014, 1, 1), "UU 24/2011 art. 15; domain.md §7 PDS Program [V: S37]", ""),
    ("pwbd_on", "1", date(2014, 1, 1), "UU 24/2011 art. 15; domain.md §7 PWBD [M]", ""),
    (
        "wage_tolerance_pct",
        "5",
        date(2014, 1, 1),
        "Project default (no legal tolerance found): rounding and timing differences between the wage "
        "report and the BPJS declaration",
        "Registered wages below the reported wage bill by more than this share are PDS-Upah.",
    ),
    ("small_from_workers", "5", date(2014, 1, 1), "BPS size classes by workers (micro 1–4) [M]", ""),
    ("medium_from_workers", "20", date(2014, 1, 1), "BPS size classes by workers (small 5–19) [M]", ""),
    ("large_from_workers", "100", date(2014, 1, 1), "BPS size classes by workers (medium 20–99) [M]", ""),
    ("open_days", "5", date(2014, 1, 1), "Project default: first warning within a week of detection", ""),
    ("warning_days", "10", date(2014, 1, 1), PP86, ""),
    ("act_days", "5", date(2014, 1, 1), "Project default: time to take the next step once possible", ""),
    (
        "inspection_days",
        "10",
        date(2014, 1, 1),
        "Project default: referral after the inspection note [M]",
        "",
    ),
    (
        "recheck_months",
        "3",
        date(2014, 1, 1),
        "Issue 5 (seeds): re-check three months after the referral; not verified in law [M] (domain.md §7)",
        "",
    ),
    ("evidence_max_mb", "10", date(2014, 1, 1), "Project default: largest evidence file", ""),
]

PROGRAM_BASIS = (
    "Perpres 109/2013 (staged registration); JHT voluntary for micro and JP for small enterprises "
    "(domain.md §4.1 [V: S47])"
)
REQUIREMENTS = {
    "MICRO": ("JKK", "JKM"),
    "SMALL": ("JKK", "JKM", "JHT"),
    "MEDIUM": ("JKK", "JKM", "JHT", "JP"),
    "LARGE": ("JKK", "JKM", "JHT", "JP"),
}

# Contribution rates, percent of the monthly wage, employer and worker together (domain.md §4.1).
RATES = [
    (
        "pu_jkk_rate_pct",
        "0.24",
        date(2015, 7, 1),
        None,
        "PP 44/2015 (JKK 0.24–1.74 % by risk class) [V: S14]",
        "The employers file carries no risk class: the lowest class is used, so the shortfall is a floor.",
    ),
    ("pu_jkm_rate_pct", "0.30", date(2015, 7, 1), None, "PP 44/2015 (JKM 0.30 %) [V: S14]", ""),
    ("pu_jht_rate_pct", "5.7", date(2015, 7, 1), None, "PP 46/2015 (JHT 3.7 % + 2 %) [V: S14b]", ""),
    ("pu_jp_rate_pct", "3.0", date(2015, 7, 1), None, "PP 45/2015 (JP 2 % + 1 %) [V: S27]", ""),
]
JP_CAPS = [
    (date(2015, 7, 1), "7000000", "PP 45/2015 [M]"),
    (date(2016, 3, 1), "7335000", "BPJS TK yearly JP wage cap [M]"),
    (date(2017, 3, 1), "7703500", "BPJS TK yearly JP wage cap [M]"),
    (date(2018, 3, 1), "8094000", "BPJS TK yearly JP wage cap [M]"),
    (date(2019, 3, 1), "8512400", "BPJS TK yearly JP wage cap [M]"),
    (date(2020, 3, 1), "8754600", "BPJS TK yearly JP wage cap [M]"),
    (date(2021, 3, 1), "8939700", "BPJS TK yearly JP wage cap [M]"),
    (date(2022, 3, 1), "9077600", "BPJS TK yearly JP wage cap [M]"),
    (date(2023, 3, 1), "9559600", "JP wage cap 2023 [V: S27]"),
    (date(2024, 3, 1), "10042300", "JP wage cap from March 2024 [V: S27]"),
    (date(2025, 3, 1), "10547400", "JP wage cap 2025 [M: third-party code]"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Setting = apps.get_model("compliance", "Setting")
    ProgramRequirement = apps.get_model("compliance", "ProgramRequirement")
    Parameter = apps.get_model("indicators", "Parameter")
    for key, value, valid_from, basis, note in SETTINGS:
        Setting.objects.get_or_create(
            key=key,
            valid_from=valid_from,
            defaults={"value": Decimal(value), "legal_basis": basis, "note": note},
        )
    for size, programs in REQUIREMENTS.items():
        for program in programs:
            ProgramRequirement.objects.get_or_create(
                size_class=size,
                program=program,
                valid_from=date(2015, 7, 1),
                defaults={"legal_basis": PROGRAM_BASIS},
            )
    for key, value, valid_from, valid_to, basis, note in RATES:
        Parameter.objects.get_or_create(
            key=key,
            valid_from=valid_from,
            defaults={"value": Decimal(value), "valid_to": valid_to, "legal_basis": basis, "note": note},
        )
    for index, (valid_from, value, basis) in enumerate(JP_CAPS):
        following = JP_CAPS[index + 1][0] if index + 1 < len(JP_CAPS) else None
        valid_to = None if following is None else date.fromordinal(following.toordinal() - 1)
        Parameter.objects.get_or_create(
            key="pu_jp_wage_cap_idr",
            valid_from=valid_from,
            defaults={"value": Decimal(value), "valid_to": valid_to, "legal_basis": basis, "note": ""},
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial"), ("indicators", "0004_parameter_band_keys")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
