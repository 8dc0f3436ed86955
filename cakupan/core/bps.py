"""BPS codes and the 2021 Kemendagri codes, read as today's Kemendagri codes (Django-free).

BPS and Kemendagri number provinces alike except in Papua, and regencies differently almost everywhere
(BPS 5301 is Sumba Barat, Kemendagri 53.01 is Kupang). So only a BPS province code is read by its digits,
through the dated table below; a BPS regency is read by its name within the province
(`cakupan.core.region_names`) or through a crosswalk the user imported (`cakupan.regions.identity`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KEMENDAGRI, BPS, NAME = "kemendagri", "bps", "name"

# The laws creating Papua Selatan, Papua Tengah and Papua Pegunungan (out of Papua) took effect in July
# 2022, Papua Barat Daya (out of Papua Barat) in December 2022: a figure of Papua or Papua Barat for an
# earlier month covers several of today's provinces and cannot be divided.
PAPUA_SPLIT = "2022-07"
PAPUA_BARAT_DAYA_SPLIT = "2022-12"
KEMENDAGRI_SPLITS = {"91": PAPUA_SPLIT, "92": PAPUA_BARAT_DAYA_SPLIT}
# Statistics producers switched to the new BPS codes after the laws: a row of BPS 94 or 91 in these months
# may still mean the old, larger province.
DOUBT_FROM, DOUBT_TO = "2022-08", "2023-12"


@dataclass(frozen=True)
class BpsProvince:
    """One dated row of the BPS → Kemendagri province table. Months are YYYY-MM, both ends included;
    empty means open."""

    bps: str
    kemendagri: tuple[str, ...]  # several when the BPS province spans several of today's provinces
    valid_from: str = ""
    valid_to: str = ""
    doubtful: bool = False  # in DOUBT_FROM..DOUBT_TO the code may still mean the old province

    def applies(self, month: str | None) -> bool:
        if month is None:
            return not self.valid_to
        return (not self.valid_from or self.valid_from <= month) and (
            not self.valid_to or month <= self.valid_to
        )


_EQUAL = [
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "81",
    "82",
]

BPS_PROVINCES: tuple[BpsProvince, ...] = (
    *(BpsProvince(code, (code,)) for code in _EQUAL),
    # Papua: every BPS code differs from Kemendagri's.
    BpsProvince("94", ("91", "93", "94", "95"), valid_to="2022-06"),
    BpsProvince("94", ("91",), valid_from=PAPUA_SPLIT, doubtful=True),
    BpsProvince("95", ("93",), valid_from=PAPUA_SPLIT),
    BpsProvince("96", ("94",), valid_from=PAPUA_SPLIT),
    BpsProvince("97", ("95",), valid_from=PAPUA_SPLIT),
    BpsProvince("91", ("92", "96"), valid_to="2022-11"),
    BpsProvince("91", ("92",), valid_from=PAPUA_BARAT_DAYA_SPLIT, doubtful=True),
    BpsProvince("92", ("96",), valid_from=PAPUA_BARAT_DAYA_SPLIT),
)

BPS_LEVELS = {2: 1, 4: 2, 7: 3, 10: 4}  # digits → level (province, regency, district, village)


def month_of(when: str) -> str | None:
    """The month a row's period or year is read at: a year counts as its December, so a yearly row is
    before a split only when its whole year is."""
    if len(when) == 4:
        return f"{when}-12"
    return when or None


def bps_level(code: str) -> int | None:
    """The level of a BPS code (digits only: 53, 5301, 5301010, 5301010001), None when it is not one."""
    if not code.isascii() or not code.isdigit():
        return None
    return BPS_LEVELS.get(len(code))


def bps_province(code: str, month: str | None) -> BpsProvince | None:
    """The table's row for a BPS province code at a month (None: today's), or None when BPS had no such
    province then."""
    return next((p for p in BPS_PROVINCES if p.bps == code and p.applies(month)), None)


def in_doubt(province: BpsProvince, month: str | None) -> bool:
    return province.doubtful and month is not None and DOUBT_FROM <= month <= DOUBT_TO


def undividable_split(code: str, month: str | None) -> str | None:
    """For Kemendagri province 91 or 92 before its split: the split month (the row cannot be divided)."""
    split = KEMENDAGRI_SPLITS.get(code)
    if split is None or month is None or month >= split:
        return None
    return split


@dataclass(frozen=True)
class RegencyChange:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    change: str  # same, renamed, moved


CROSSWALK_FILE = Path(__file__).parent / "fixtures" / "regency_crosswalk_2021_2025.csv"


@cache
def regency_changes() -> tuple[RegencyChange, ...]:
    """The shipped 2021 → 2025 regency crosswalk (cahyadsn/wilayah, MIT; notice beside the file)."""
    with CROSSWALK_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            RegencyChange(r["old_code"], r["old_name"], r["new_code"], r["new_name"], r["change"])
            for r in csv.DictReader(handle)
        )


@cache
def moved_regencies() -> dict[str, str]:
    """2021 regency code → today's, for the regencies the Papua split moved to a new province."""
    return {c.old_code: c.new_code for c in regency_changes() if c.change == "moved"}
