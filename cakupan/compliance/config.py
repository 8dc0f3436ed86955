"""Reading the dated configuration of compliance as of a day: detection rules, tolerances, deadlines and
limits (compliance.Setting), mandatory programs by size class (compliance.ProgramRequirement) and the
contribution rates (indicators.Parameter). Nothing here is a constant: every value has a valid_from,
a valid_to and a legal basis, and a value missing for the day fails loudly, naming it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.conf import settings

from cakupan.common.dated import ParameterMissing, values_on
from cakupan.compliance.models import ProgramRequirement, Setting, SizeClass
from cakupan.indicators.params import Params

# Contribution rates (percent of the monthly wage, employer and worker together) and the JP wage cap,
# kept as indicators.Parameter rows (seeded by this app's migration 0002).
RATE_KEYS = {
    "JKK": "pu_jkk_rate_pct",
    "JKM": "pu_jkm_rate_pct",
    "JHT": "pu_jht_rate_pct",
    "JP": "pu_jp_rate_pct",
}
JP_WAGE_CAP = "pu_jp_wage_cap_idr"

# Evidence files: the types accepted, each with the bytes its files start with. A deployment may narrow
# the list with the COMPLIANCE_EVIDENCE_TYPES setting; the size limit is dated configuration.
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def evidence_types() -> dict[str, tuple[str, tuple[bytes, ...]]]:
    allowed = getattr(settings, "COMPLIANCE_EVIDENCE_TYPES", None)
    if allowed is None:
        return EVIDENCE_TYPES
    return {ext: EVIDENCE_TYPES[ext] for ext in allowed if ext in EVIDENCE_TYPES}


@dataclass(frozen=True)
class Config:
    as_of: date
    values: dict[str, Fraction]
    required: dict[str, frozenset[str]]  # size class → mandatory programs
    rates: dict[str, Fraction]  # program → percent
    jp_wage_cap_idr: int | None

    def get(self, key: str) -> Fraction:
        try:
            return self.values[key]
        except KeyError:
            raise ParameterMissing(
                f"No value of compliance setting {key} is valid on {self.as_of.isoformat()}; add one in the "
                "administration (Compliance › Settings) with its legal basis"
            ) from None

    def on(self, rule: str) -> bool:
        return self.get(f"{rule.lower()}_on") != 0

    @property
    def wage_tolerance(self) -> Fraction:
        return self.get(Setting.Key.WAGE_TOLERANCE_PCT) / 100

    def days(self, key: str) -> int:
        return int(self.get(key))

    def size_class(self, workers: int) -> str:
        if workers >= self.get(Setting.Key.LARGE_FROM_WORKERS):
            return SizeClass.LARGE
        if workers >= self.get(Setting.Key.MEDIUM_FROM_WORKERS):
            return SizeClass.MEDIUM
        if workers >= self.get(Setting.Key.SMALL_FROM_WORKERS):
            return SizeClass.SMALL
        return SizeClass.MICRO

    def rate(self, program: str) -> Fraction:
        try:
            return self.rates[program]
        except KeyError:
            raise ParameterMissing(
                f"No contribution rate {RATE_KEYS.get(program, program)} is valid on "
                f"{self.as_of.isoformat()}; add one in the administration (Indicators › Parameters)"
            ) from None

    @property
    def evidence_max_bytes(self) -> int:
        return int(self.get(Setting.Key.EVIDENCE_MAX_MB) * 1024 * 1024)

    @classmethod
    def at(cls, day: date) -> Config:
        """The compliance settings, mandatory programs and contribution rates valid on `day`."""
        return _config(day, values_on(Setting, day), values_on(ProgramRequirement, day).values())


def _config(day: date, values: dict[str, Setting], requirements: Iterable[ProgramRequirement]) -> Config:
    required: dict[str, set[str]] = {size: set() for size in SizeClass.values}
    for req in requirements:
        required[req.size_class].add(req.program)
    params = Params.at(day)
    rates = {program: params.values[key] for program, key in RATE_KEYS.items() if key in params.values}
    cap = params.values.get(JP_WAGE_CAP)
    return Config(
        as_of=day,
        values={key: Fraction(row.value) for key, row in values.items()},
        required={size: frozenset(programs) for size, programs in required.items()},
        rates=rates,
        jp_wage_cap_idr=None if cap is None else int(cap),
    )
