"""The dated configuration a new database starts with. Administrators change it in the admin, adding a
new dated row rather than editing history; the data migration that seeds it reads this list once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple


class ParameterDefault(NamedTuple):
    key: str
    value: Decimal
    valid_from: date
    legal_basis: str
    note: str


# Coverage bands (sangat rendah / rendah / sedang / tinggi) are used by Kemendagri Monev (Lampung Tengah at
# 26 % was "sangat rendah"), but the thresholds were not found: these are configurable defaults.
BAND_BASIS = "Cakupan default; Kemendagri UCJ bands (thresholds not published, domain.md §6.2)"

PARAMETER_DEFAULTS: list[ParameterDefault] = [
    ParameterDefault(
        "ucj_target_pct",
        Decimal("95"),
        date(2000, 1, 1),
        "Inpres 2/2021 (Universal Coverage Jamsostek)",
        "Long-run line; no legal 95 % threshold was found, so it is configuration (domain.md §6.2). "
        "Valid from 2000 so that months before the Instruction can be measured against the same line.",
    ),
    ParameterDefault(
        "bpu_jkk_min_idr",
        Decimal("10000"),
        date(2015, 7, 1),
        "PP 44/2015 as amended by PP 82/2019 (JKK for non-wage earners: 1 % of declared income, "
        "minimum Rp10.000)",
        "Minimum BPU JKK contribution per month.",
    ),
    ParameterDefault(
        "bpu_jkm_idr",
        Decimal("6800"),
        date(2015, 7, 1),
        "PP 44/2015 as amended by PP 82/2019 (JKM for non-wage earners: Rp6.800 flat)",
        "BPU JKM contribution per month.",
    ),
    ParameterDefault(
        "projection_window_months",
        Decimal("12"),
        date(2000, 1, 1),
        "Cakupan method",
        "The recent pace is the average monthly change in coverage over this many months.",
    ),
    ParameterDefault(
        "workforce_max_age_months",
        Decimal("24"),
        date(2000, 1, 1),
        "Cakupan method",
        "A workforce figure (e.g. Sakernas August) stays the denominator of later months for this long.",
    ),
    ParameterDefault(
        "band_rendah_from_pct", Decimal("30"), date(2000, 1, 1), BAND_BASIS, "Below this: sangat rendah."
    ),
    ParameterDefault("band_sedang_from_pct", Decimal("50"), date(2000, 1, 1), BAND_BASIS, "Sedang from."),
    ParameterDefault("band_tinggi_from_pct", Decimal("70"), date(2000, 1, 1), BAND_BASIS, "Tinggi from."),
]

PARTIAL_REPORTING_DEFAULTS: list[ParameterDefault] = [
    ParameterDefault(
        "incomplete_below_share_pct",
        Decimal("50"),
        date(2000, 1, 1),
        "Cakupan method; data contract v2 (Partial reporting)",
        "Below this share of a parent's workforce measured, its rate is 'incomplete': not a headline, "
        "not mapped, not ranked.",
    ),
    ParameterDefault(
        "workforce_warn_age_months",
        Decimal("18"),
        date(2000, 1, 1),
        "Cakupan method",
        "A denominator older than this many months (Sakernas is published twice a year) is flagged.",
    ),
]
PARAMETER_DEFAULTS += PARTIAL_REPORTING_DEFAULTS
