"""The BPS → Kemendagri crosswalk in the one registry of datasets: which Kemendagri province or regency a
BPS code means from a month on, imported by national administrators and analysts. A file keyed by BPS
regency codes without names is read through it (`regions.identity`)."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.core import bps
from cakupan.core.codes import PROVINCE, REGENCY, level_of
from cakupan.imports.region_columns import parse_bps
from cakupan.imports.registry import Column, Dataset, register


class CrosswalkRow(NamedTuple):
    row: int
    kode_bps: str
    region: str
    valid_from: str
    source: str


def _make_row(number: int, parsed: dict[str, Any]) -> CrosswalkRow:
    return CrosswalkRow(
        number,
        parsed["kode_bps"],
        parsed["region_code"].code,
        parsed["valid_from"],
        parsed.get("source") or "",
    )


def _codes_agree(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    """Province with province, regency with regency, and within the BPS province of that month."""
    code, region, since = parsed.get("kode_bps"), parsed.get("region_code"), parsed.get("valid_from")
    if not code or region is None or not since:
        return []
    level = bps.bps_level(code)
    if level not in (PROVINCE, REGENCY):
        return [("kode_bps", _("the crosswalk reads province and regency codes only"))]
    if level != level_of(region.code):
        return [
            (
                "region_code",
                _("kode_bps %(bps)s and %(code)s are not of the same level")
                % {"bps": code, "code": region.code},
            )
        ]
    province = bps.bps_province(code[:2], since)
    if province is None:
        return [
            (
                "kode_bps",
                _("%(code)s is not a BPS province code in %(month)s") % {"code": code[:2], "month": since},
            )
        ]
    if region.code[:2] not in province.kemendagri:
        return [
            (
                "region_code",
                _("BPS province %(bps)s in %(month)s is Kemendagri %(codes)s, which does not hold %(code)s")
                % {
                    "bps": code[:2],
                    "month": since,
                    "codes": ", ".join(province.kemendagri),
                    "code": region.code,
                },
            )
        ]
    return []


REGION_CROSSWALK = register(
    Dataset(
        name="region_crosswalk",
        label=gettext_lazy("BPS to Kemendagri region crosswalk"),
        description=gettext_lazy(
            "Which Kemendagri province or regency each BPS code means from a month on; needed to read files "
            "keyed by BPS regency codes that carry no region names."
        ),
        columns=(
            Column("kode_bps", "text", parse=parse_bps, example="5301"),
            Column("region_code", "region", aliases=("kode_kemendagri", "kode_wilayah"), example="53.12"),
            Column("valid_from", "period", aliases=("berlaku_mulai",), example="2024-01"),
            Column(
                "source", "text", aliases=("sumber",), required=False, example="BPS, Master File Desa 2024"
            ),
        ),
        key=("kode_bps", "valid_from"),
        key_words=gettext_lazy("same BPS code and first month"),
        make_row=_make_row,
        capabilities=(Cap.IMPORT_CROSSWALK,),
        rules=(_codes_agree,),
        examples=(("5301", "53.12", "2024-01", "BPS, Master File Desa 2024"),),
    )
)
