"""The detection rules, as pure functions of one position and the rules valid for its month.

- PWBD: workers reported, none registered (the other codes are then implied and not repeated);
- PDS-TK: fewer workers registered than reported;
- PDS-Upah: the registered wage bill below the reported one by more than the tolerance;
- PDS-Program: a program mandatory for the employer's size class is not registered.

Integer arithmetic in millionths, so 100,000 employers are checked in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cakupan.compliance.config import Config
from cakupan.compliance.models import PROGRAMS, Rule, Setting, SizeClass

MILLION = 1_000_000


def _ppm(value: Fraction) -> int:
    """A percentage as parts per million of the whole (0.24 % → 2,400)."""
    return round(value * 10_000)


@dataclass(frozen=True)
class RuleSet:
    """The rules valid for one month, prepared for fast checks."""

    pwbd: bool
    pds_tk: bool
    pds_upah: bool
    pds_program: bool
    wage_floor_ppm: int  # registered wages below reported × this / 1e6 are PDS-Upah
    small_from: int
    medium_from: int
    large_from: int
    required: dict[str, tuple[str, ...]]
    rate_ppm: dict[str, int]
    jp_wage_cap_idr: int | None

    @classmethod
    def of(cls, config: Config) -> RuleSet:
        required = {
            size: tuple(p for p in PROGRAMS if p in config.required[size]) for size in SizeClass.values
        }
        mandatory = {p for programs in required.values() for p in programs}
        return cls(
            pwbd=config.on(Rule.PWBD),
            pds_tk=config.on(Rule.PDS_TK),
            pds_upah=config.on(Rule.PDS_UPAH),
            pds_program=config.on(Rule.PDS_PROGRAM),
            wage_floor_ppm=MILLION - _ppm(config.get(Setting.Key.WAGE_TOLERANCE_PCT)),
            small_from=int(config.get(Setting.Key.SMALL_FROM_WORKERS)),
            medium_from=int(config.get(Setting.Key.MEDIUM_FROM_WORKERS)),
            large_from=int(config.get(Setting.Key.LARGE_FROM_WORKERS)),
            required=required,
            rate_ppm={p: _ppm(config.rate(p)) for p in sorted(mandatory)},
            jp_wage_cap_idr=config.jp_wage_cap_idr,
        )

    def size_class(self, workers: int) -> str:
        if workers >= self.large_from:
            return SizeClass.LARGE
        if workers >= self.medium_from:
            return SizeClass.MEDIUM
        if workers >= self.small_from:
            return SizeClass.SMALL
        return SizeClass.MICRO


@dataclass(frozen=True)
class Detected:
    rules: tuple[str, ...]
    size_class: str
    worker_shortfall: int
    wage_shortfall_idr: int
    missing_programs: tuple[str, ...]
    contribution_shortfall_idr: int

    @property
    def found(self) -> bool:
        return bool(self.rules)


def detect(
    rules: RuleSet,
    *,
    reported_workers: int,
    registered_workers: int,
    reported_wages_idr: int,
    registered_wages_idr: int,
    programs: str,
) -> Detected:
    worker_shortfall = max(0, reported_workers - registered_workers)
    wage_shortfall = max(0, reported_wages_idr - registered_wages_idr)
    size = rules.size_class(max(reported_workers, registered_workers))
    required = rules.required[size]
    registered = set(programs.split(";")) if registered_workers > 0 and programs else set()
    missing = tuple(p for p in required if p not in registered)
    found: list[str] = []
    if registered_workers == 0 and reported_workers > 0:
        if rules.pwbd:
            found.append(Rule.PWBD)
    else:
        if rules.pds_tk and worker_shortfall > 0:
            found.append(Rule.PDS_TK)
        if (
            rules.pds_upah
            and reported_wages_idr > 0
            and registered_wages_idr * MILLION < reported_wages_idr * rules.wage_floor_ppm
        ):
            found.append(Rule.PDS_UPAH)
        if rules.pds_program and registered_workers > 0 and missing:
            found.append(Rule.PDS_PROGRAM)
    if not found:
        return Detected((), size, worker_shortfall, wage_shortfall, missing, 0)
    # The wage bill the registered programs miss: the unregistered part of the wage bill, or the
    # unregistered workers at the reported average wage, whichever is larger.
    average = reported_wages_idr // reported_workers if reported_workers else 0
    gap = max(wage_shortfall, worker_shortfall * average) if {Rule.PDS_TK, Rule.PDS_UPAH} & set(found) else 0
    # With PWBD nothing is registered: every mandatory program is missing on the whole wage bill.
    total_ppm_idr = 0
    for program in required:
        base = reported_wages_idr if program in missing else gap
        if program == "JP" and rules.jp_wage_cap_idr is not None:
            base = min(base, rules.jp_wage_cap_idr * max(reported_workers, registered_workers))
        total_ppm_idr += base * rules.rate_ppm[program]
    shortfall = (total_ppm_idr + MILLION // 2) // MILLION
    return Detected(tuple(found), size, worker_shortfall, wage_shortfall, missing, shortfall)
