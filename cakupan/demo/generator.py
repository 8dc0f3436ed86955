"""Deterministic demo data for Cakupan.

Writes three CSV files (workforce, participation, coverage targets) for all 514 regencies/cities of
Indonesia, shaped like the real figures: national active coverage in the high thirties, regency
coverage spread from about 10 % to about 80 %, most regencies rising slowly and about one in ten
falling slowly.

Pure Python (stdlib + ``lokal``); no Django. Same arguments give byte-identical files: every random
draw comes from a local ``random.Random`` seeded with ``zlib.crc32`` of the seed and region code.
"""

from __future__ import annotations

import csv
import math
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lokal import wilayah

from cakupan.common.formatting import MONTHS

__all__ = ["DemoFiles", "generate_demo_files", "regency_codes"]

WORKFORCE_FILE = "workforce.csv"
PARTICIPATION_FILE = "participation.csv"
TARGETS_FILE = "targets.csv"

NATIONAL_CODE = "00"
SEGMENTS: tuple[str, ...] = ("PU", "BPU", "JAKON", "PMI")
STATUSES: tuple[str, ...] = ("active", "inactive")
SECTORS: tuple[str, ...] = ("total", "formal", "informal")

MONTH_NAMES_ID: tuple[str, ...] = tuple(MONTHS["id"])  # the one list of Indonesian month names
SAKERNAS_MONTHS: frozenset[int] = frozenset({2, 8})

# Provinces that send many migrant workers (PMI): NTB, NTT, East/West/Central Java.
PMI_PROVINCES: frozenset[str] = frozenset({"52", "53", "35", "32", "33"})
DKI_JAKARTA = "31"

NATIONAL_COVERAGE_TARGET = 0.38  # active participants / workers, last month of the range
COVERAGE_FLOOR = 0.07  # regency coverage (trend) in the last month is kept within these bounds
COVERAGE_CEILING = 0.85
COVERAGE_HARD_CAP = 0.95  # never exceeded in any month
MIN_START_COVERAGE = 0.04
TARGET_CAP = 95.0

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class DemoFiles:
    workforce: Path
    participation: Path
    targets: Path


@dataclass(frozen=True)
class _Regency:
    code: str
    kind: str  # 'kabupaten' | 'kota'
    province: str


@dataclass
class _Params:
    """Per-regency parameters, drawn once in a fixed order from the regency's own RNG."""

    regency: _Regency
    base_workers: float  # workforce at the first month of the range
    growth: float  # yearly workforce growth
    formal_share: float
    formal_drift: float  # yearly change of the formal share
    coverage_z: float  # standard-normal draw for the regency's coverage level
    falling: bool
    slope_u: float  # uniform draw for the monthly coverage change
    shares: tuple[float, float, float, float]  # share of active participants per segment
    inactive_ratios: tuple[float, float, float, float]  # inactive / active per segment
    end_coverage: float = 0.0  # set by calibration
    slope: float = 0.0  # coverage change per month (fraction), set by calibration


# --------------------------------------------------------------------------------------------- regions


@lru_cache(maxsize=1)
def _regencies() -> tuple[_Regency, ...]:
    out: list[_Regency] = []
    for province in wilayah.list_wilayah(None):
        for item in wilayah.list_wilayah(province.code):
            out.append(_Regency(code=str(item.code), kind=str(item.type), province=str(province.code)))
    out.sort(key=lambda r: r.code)
    return tuple(out)


@lru_cache(maxsize=1)
def _province_codes() -> tuple[str, ...]:
    return tuple(sorted(str(p.code) for p in wilayah.list_wilayah(None)))


def regency_codes() -> list[str]:
    """Sorted dotted codes of the 514 regencies/cities (level 2)."""
    return [r.code for r in _regencies()]


# --------------------------------------------------------------------------------------------- helpers


def _rng(seed: int, *parts: str) -> random.Random:
    key = ":".join((str(seed), *parts)).encode("utf-8")
    return random.Random(zlib.crc32(key))  # noqa: S311 - demo data, not security relevant


def _parse_period(value: str) -> tuple[int, int]:
    match = _PERIOD_RE.match(value)
    if match is None:
        raise ValueError(f"end_period must look like 'YYYY-MM', got {value!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"end_period month out of range: {value!r}")
    return year, month


def _periods(end_period: str, months: int) -> list[tuple[int, int]]:
    if months < 1:
        raise ValueError("months must be at least 1")
    end_year, end_month = _parse_period(end_period)
    end_index = end_year * 12 + (end_month - 1)
    return [divmod(i, 12) for i in range(end_index - months + 1, end_index + 1)]


def _period_str(year_month0: tuple[int, int]) -> str:
    year, month0 = year_month0
    return f"{year:04d}-{month0 + 1:02d}"


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def _read_population(path: Path | None) -> dict[str, int]:
    if path is None or not path.is_file():
        return {}
    population: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("code") or "").strip()
            raw = (row.get("population_total") or "").strip()
            try:
                value = int(float(raw))
            except ValueError:
                continue
            if code and value > 0:
                population[code] = value
    return population


# --------------------------------------------------------------------------------------------- model


def _draw_params(regency: _Regency, seed: int, population: dict[str, int]) -> _Params:
    rng = _rng(seed, "params", regency.code)
    is_kota = regency.kind == "kota"
    # Always draw every value, in the same order, whether it is used or not.
    size_u = rng.random()
    working_share = rng.uniform(0.45, 0.55)
    growth = rng.uniform(0.0, 0.02)
    formal_share = rng.uniform(0.55, 0.75) if is_kota else rng.uniform(0.20, 0.50)
    formal_drift = rng.uniform(-0.002, 0.006)
    coverage_z = rng.gauss(0.0, 1.0)
    falling = rng.random() < 0.10
    slope_u = rng.random()
    pmi_high = regency.province in PMI_PROVINCES
    pmi = rng.uniform(0.02, 0.05) if pmi_high else rng.uniform(0.0, 0.012)
    jakon = rng.uniform(0.05, 0.12)
    rest = 1.0 - pmi - jakon
    bpu = rng.uniform(max(0.15, rest - 0.75), min(0.30, rest - 0.60))
    pu = rest - bpu
    inactive = (
        rng.uniform(0.15, 0.45),
        rng.uniform(0.15, 0.45),
        rng.uniform(0.15, 0.45),
        rng.uniform(0.15, 0.45),
    )

    if regency.code in population:
        base = population[regency.code] * working_share
    else:
        # Ranges chosen so the 514 add up to about 140 M workers, near Sakernas 2024 (144.6 M).
        if is_kota and regency.province == DKI_JAKARTA:
            low, high = 800_000.0, 2_000_000.0
        elif is_kota:
            low, high = 30_000.0, 1_400_000.0
        else:
            low, high = 20_000.0, 1_200_000.0
        base = math.exp(math.log(low) + size_u * (math.log(high) - math.log(low)))

    return _Params(
        regency=regency,
        base_workers=max(base, 1000.0),
        growth=growth,
        formal_share=formal_share,
        formal_drift=formal_drift,
        coverage_z=coverage_z,
        falling=falling,
        slope_u=slope_u,
        shares=(pu, bpu, jakon, pmi),
        inactive_ratios=inactive,
    )


def _smooth_workers(params: _Params, t: int) -> float:
    return params.base_workers * math.pow(1.0 + params.growth, t / 12.0)


def _raw_end_coverage(params: _Params, shift: float) -> float:
    # Logit-normal; cities sit higher than regencies on average.
    mu = 0.05 if params.regency.kind == "kota" else -0.80
    return _clamp(_sigmoid(mu + 0.62 * params.coverage_z + shift), COVERAGE_FLOOR, COVERAGE_CEILING)


def _calibrate(all_params: list[_Params], months: int) -> None:
    """Shift every regency's coverage level so the national coverage of the last month hits the target."""
    last = months - 1
    weights = [_smooth_workers(p, last) for p in all_params]
    total = sum(weights)

    def national(shift: float) -> float:
        return sum(w * _raw_end_coverage(p, shift) for p, w in zip(all_params, weights, strict=True)) / total

    low, high = -4.0, 4.0
    for _ in range(60):
        mid = (low + high) / 2.0
        if national(mid) < NATIONAL_COVERAGE_TARGET:
            low = mid
        else:
            high = mid
    shift = (low + high) / 2.0

    span = max(months - 1, 1)
    for p in all_params:
        end = _raw_end_coverage(p, shift)
        p.end_coverage = end
        if p.falling:
            slope = -(0.0005 + 0.0025 * p.slope_u)  # 0.05 to 0.3 points a month
            slope = max(slope, -(0.92 - end) / span)
        else:
            slope = 0.0005 + 0.0055 * p.slope_u  # 0.05 to 0.6 points a month
            slope = min(slope, (end - max(MIN_START_COVERAGE, 0.45 * end)) / span)
        p.slope = slope


def _sakernas_indexes(periods: list[tuple[int, int]]) -> list[int]:
    indexes = [i for i, (_, month0) in enumerate(periods) if month0 + 1 in SAKERNAS_MONTHS]
    if not indexes or indexes[0] != 0:
        indexes.insert(0, 0)
    return indexes


def _workforce_source(periods: list[tuple[int, int]], index: int) -> str:
    year, month0 = periods[index]
    if month0 + 1 not in SAKERNAS_MONTHS:
        return "Simulasi (awal rentang)"
    return f"Simulasi Sakernas {MONTH_NAMES_ID[month0]} {year}"


def _workforce_rows(
    params: _Params, seed: int, periods: list[tuple[int, int]], sakernas: list[int], step: list[int]
) -> Iterator[tuple[str, str, str, int, str]]:
    """Yield workforce rows; fills ``step`` (workers of the latest Sakernas month ≤ t, for every t)."""
    rng = _rng(seed, "workforce", params.regency.code)
    is_kota = params.regency.kind == "kota"
    share_low, share_high = (0.55, 0.75) if is_kota else (0.20, 0.50)
    code = params.regency.code
    totals: dict[int, int] = {}
    for index in sakernas:
        total = round(_smooth_workers(params, index) * (1.0 + rng.gauss(0.0, 0.003)))
        share = params.formal_share + params.formal_drift * index / 12.0 + rng.gauss(0.0, 0.004)
        formal = round(total * _clamp(share, share_low, share_high))
        totals[index] = total
        period = _period_str(periods[index])
        source = _workforce_source(periods, index)
        yield (code, period, "total", total, source)
        yield (code, period, "formal", formal, source)
        yield (code, period, "informal", total - formal, source)
    current = 0
    for t in range(len(periods)):
        current = totals.get(t, current)
        step.append(current)


def _participation_rows(
    params: _Params, seed: int, periods: list[tuple[int, int]], step: list[int], actives: list[int]
) -> Iterator[tuple[str, str, str, str, int]]:
    """Yield participation rows; fills ``actives`` (total active participants per month)."""
    rng = _rng(seed, "participation", params.regency.code)
    gauss = rng.gauss
    code = params.regency.code
    last = len(periods) - 1
    _, bpu_share, jakon_share, pmi_share = params.shares
    r_pu, r_bpu, r_jakon, r_pmi = params.inactive_ratios
    for t, ym in enumerate(periods):
        trend = params.end_coverage - params.slope * (last - t)
        coverage = max(trend, 0.01) * (1.0 + gauss(0.0, 0.005))
        active = round(coverage * _smooth_workers(params, t))
        active = max(0, min(active, math.floor(COVERAGE_HARD_CAP * step[t])))
        bpu = round(active * bpu_share * (1.0 + gauss(0.0, 0.01)))
        jakon = round(active * jakon_share * (1.0 + gauss(0.0, 0.015)))
        pmi = round(active * pmi_share * (1.0 + gauss(0.0, 0.02)))
        pu = active - bpu - jakon - pmi
        if pu < 0:  # cannot happen with the drawn shares, kept as a guard
            pu, bpu, jakon, pmi = active, 0, 0, 0
        actives.append(active)
        period = _period_str(ym)
        yield (code, period, "PU", "active", pu)
        yield (code, period, "PU", "inactive", max(0, round(pu * r_pu * (1.0 + gauss(0.0, 0.02)))))
        yield (code, period, "BPU", "active", bpu)
        yield (code, period, "BPU", "inactive", max(0, round(bpu * r_bpu * (1.0 + gauss(0.0, 0.02)))))
        yield (code, period, "JAKON", "active", jakon)
        yield (code, period, "JAKON", "inactive", max(0, round(jakon * r_jakon * (1.0 + gauss(0.0, 0.02)))))
        yield (code, period, "PMI", "active", pmi)
        yield (code, period, "PMI", "inactive", max(0, round(pmi * r_pmi * (1.0 + gauss(0.0, 0.02)))))


def _target_value(seed: int, code: str, year: int, coverage: float) -> str:
    rng = _rng(seed, "target", code, str(year))
    value = min(TARGET_CAP, coverage * 100.0 + rng.uniform(3.0, 12.0))
    return f"{value:.2f}"


# --------------------------------------------------------------------------------------------- public


def generate_demo_files(
    out_dir: Path,
    *,
    end_period: str,
    months: int = 36,
    seed: int = 20240601,
    population_csv: Path | None = None,
) -> DemoFiles:
    """Write ``workforce.csv``, ``participation.csv`` and ``targets.csv`` into ``out_dir``.

    The files cover the ``months`` months ending at ``end_period`` ("YYYY-MM") inclusive, for all
    514 regencies/cities. Same arguments give byte-identical files.
    """
    periods = _periods(end_period, months)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    population = _read_population(Path(population_csv) if population_csv is not None else None)

    all_params = [_draw_params(r, seed, population) for r in _regencies()]
    _calibrate(all_params, months)

    sakernas = _sakernas_indexes(periods)
    years = sorted({year for year, _ in periods})
    year_start = {year: next(i for i, (y, _) in enumerate(periods) if y == year) for year in years}
    # (region code, year) -> [active participants, workers] at the start of that year
    sums: dict[tuple[str, int], list[int]] = {}

    files = DemoFiles(
        workforce=out_dir / WORKFORCE_FILE,
        participation=out_dir / PARTICIPATION_FILE,
        targets=out_dir / TARGETS_FILE,
    )
    with (
        files.workforce.open("w", encoding="utf-8", newline="") as wf_handle,
        files.participation.open("w", encoding="utf-8", newline="") as part_handle,
    ):
        wf_writer = csv.writer(wf_handle, lineterminator="\n")
        part_writer = csv.writer(part_handle, lineterminator="\n")
        wf_writer.writerow(("region_code", "period", "sector", "workers", "source"))
        part_writer.writerow(("region_code", "period", "segment", "status", "participants"))
        for params in all_params:
            step: list[int] = []
            actives: list[int] = []
            wf_writer.writerows(_workforce_rows(params, seed, periods, sakernas, step))
            part_writer.writerows(_participation_rows(params, seed, periods, step, actives))
            regency = params.regency
            for year, index in year_start.items():
                for code in (regency.code, regency.province, NATIONAL_CODE):
                    acc = sums.setdefault((code, year), [0, 0])
                    acc[0] += actives[index]
                    acc[1] += step[index]

    target_codes = [NATIONAL_CODE, *_province_codes(), *regency_codes()]
    target_codes.sort()
    with files.targets.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("region_code", "year", "indicator", "value", "source"))
        for code in target_codes:
            for year in years:
                active, workers = sums.get((code, year), [0, 0])
                coverage = active / workers if workers else 0.0
                value = _target_value(seed, code, year, coverage)
                writer.writerow((code, year, "coverage_rate", value, f"Simulasi target Kemendagri {year}"))
    return files
