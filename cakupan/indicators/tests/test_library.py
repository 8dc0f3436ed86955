from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from cakupan.common.dated import dated_value_add
from cakupan.core import periods
from cakupan.indicators import library
from cakupan.indicators.models import Parameter
from cakupan.indicators.params import ParameterMissing
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


def _workforce(*rows: tuple[str, str, str, int]) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(c, p, s, n, "") for c, p, s, n in rows]))


def _active(code: str, month: str, pu: int, bpu: int = 0) -> list[tuple[object, ...]]:
    return participation_rows(code, month, {"PU": pu, "BPU": bpu})


def test_change_on_the_month_and_the_year_and_the_pace() -> None:
    _workforce(("53.01", "2023-01", "total", 1000))
    rows = []
    for i, month in enumerate(periods.span("2024-06", 18)):
        rows += _active("53.01", month, 100 + 5 * i)  # +0.5 points a month
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    ind = library.region_indicators("53.01", "2024-06")
    assert ind is not None
    assert ind.coverage_rate == Fraction(185, 10)
    assert ind.change_month_points == Fraction(1, 2) and ind.change_month_active == 5
    assert ind.change_year_points == 6 and ind.change_year_active == 60
    assert ind.pace_points_per_month == Fraction(1, 2)
    # 95 − 18.5 = 76.5 points at 0.5 a month: 153 months.
    assert ind.months_to_ucj == 153 and ind.ucj_reached_month == periods.shift("2024-06", 153)


def test_a_region_with_a_target_gets_the_gap_to_it_and_the_month_it_is_reached() -> None:
    _workforce(("53.01", "2023-01", "total", 1000))
    rows = []
    for i, month in enumerate(periods.span("2024-06", 13)):
        rows += _active("53.01", month, 200 + 10 * i)  # 20 % → 32 %, +1 point a month
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    load("targets", csv_bytes(TARGETS_HEADER, [("53.01", "2024", "coverage_rate", "35.5", "Perbup 12/2024")]))
    ind = library.region_indicators("53.01", "2024-06")
    assert ind is not None
    assert ind.target_rate == Fraction(355, 10) and ind.target_source == "Perbup 12/2024"
    assert ind.target_gap_points == Fraction(35, 10)
    assert ind.workers_to_target == 35
    assert ind.months_to_target == 4 and ind.target_reached_month == "2024-10"


def test_a_falling_region_is_not_projected_to_reach_its_target() -> None:
    _workforce(("53.01", "2023-01", "total", 1000))
    rows = []
    for i, month in enumerate(periods.span("2024-06", 13)):
        rows += _active("53.01", month, 300 - i)
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    ind = library.region_indicators("53.01", "2024-06")
    assert ind is not None and ind.pace_points_per_month is not None and ind.pace_points_per_month < 0
    assert ind.months_to_ucj is None and ind.ucj_reached_month is None


def test_rank_among_siblings_and_the_difference_to_the_national_rate() -> None:
    _workforce(
        ("53.01", "2024-06", "total", 100),
        ("53.02", "2024-06", "total", 100),
        ("52.01", "2024-06", "total", 200),
    )
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER,
            _active("53.01", "2024-06", 30)
            + _active("53.02", "2024-06", 40)
            + _active("52.01", "2024-06", 50),
        ),
    )
    first = library.region_indicators("53.02", "2024-06")
    second = library.region_indicators("53.01", "2024-06")
    assert first is not None and second is not None
    assert (first.rank, first.rank_of, second.rank) == (1, 2, 2)
    # National: 120 of 400 = 30 %.
    assert first.national_coverage_rate == 30 and first.diff_to_national_points == 10
    national = library.region_indicators("00", "2024-06")
    assert national is not None and national.rank is None


def test_sector_coverage_and_the_unprotected_informal_workers() -> None:
    # The NTT meeting: 879,094 non-wage workers not yet protected.
    _workforce(("53", "2024-06", "formal", 400_000), ("53", "2024-06", "informal", 1_000_000))
    load("participation", csv_bytes(PARTICIPATION_HEADER, _active("53", "2024-06", 300_000, 120_906)))
    ind = library.region_indicators("53", "2024-06")
    assert ind is not None
    assert ind.workers == 1_400_000  # total derived from formal + informal
    assert ind.pu_coverage_rate == 75
    assert ind.bpu_unprotected == 879_094
    assert ind.bpu_coverage_rate == Fraction(120_906 * 100, 1_000_000)


def test_a_supplied_province_is_not_compared_with_regencies_that_do_not_all_report() -> None:
    _workforce(("53", "2024-06", "total", 1000))
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, _active("53", "2024-06", 100) + _active("53.01", "2024-06", 60)),
    )
    ind = library.region_indicators("53", "2024-06")
    assert ind is not None and ind.active == 100
    assert [w["kind"] for w in ind.warnings] == ["children_incomplete"]


def test_the_budget_uses_the_rates_valid_on_the_day() -> None:
    budget = library.contribution_budget(workers=6_400, months=12, as_of=date(2024, 6, 30))
    assert (budget.monthly_idr, budget.total_idr) == (16_800, 1_290_240_000)
    dated_value_add(
        model=Parameter,
        key="bpu_jkm_idr",
        value=7000,
        valid_from=date(2026, 1, 1),
        legal_basis="test: a later regulation",
    )
    assert library.contribution_budget(workers=1, months=1, as_of=date(2025, 12, 31)).monthly_idr == 16_800
    assert library.contribution_budget(workers=1, months=1, as_of=date(2026, 1, 1)).monthly_idr == 17_000


def test_a_budget_for_a_day_without_a_rate_names_the_missing_parameter() -> None:
    with pytest.raises(ParameterMissing, match="bpu_jkk_min_idr"):
        library.contribution_budget(workers=1, months=1, as_of=date(2010, 1, 1))


def test_the_ucj_threshold_is_configuration() -> None:
    _workforce(("53.01", "2024-06", "total", 100))
    load("participation", csv_bytes(PARTICIPATION_HEADER, _active("53.01", "2024-06", 50)))
    Parameter.objects.filter(key="ucj_target_pct").update(value=90)
    ind = library.region_indicators("53.01", "2024-06")
    assert ind is not None and ind.gap_points == 40 and ind.workers_to_protect == 40


def test_trend_lists_the_months_oldest_first_with_the_target_of_each_year() -> None:
    _workforce(("53.01", "2023-01", "total", 100))
    rows = []
    for month in ("2023-11", "2023-12", "2024-01"):
        rows += _active("53.01", month, 10)
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    load("targets", csv_bytes(TARGETS_HEADER, [("53.01", "2024", "coverage_rate", "12", "")]))
    points = library.trend("53.01", "2024-01", 36)
    assert [(p.period, p.target_rate) for p in points] == [
        ("2023-11", None),
        ("2023-12", None),
        ("2024-01", 12),
    ]


def test_a_month_without_figures_gives_none() -> None:
    assert library.region_indicators("53.01", "2020-01") is None
