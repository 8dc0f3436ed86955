from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cakupan.core.rounding import round2
from cakupan.indicators import formulas

NINETY_FIVE = Fraction(95)


def test_the_worked_example_of_the_data_contract_holds() -> None:
    # Nusa Tenggara Timur, June 2024: 558,115 protected of 1,654,526 workers.
    rate = formulas.rate_pct(558_115, 1_654_526)
    assert round2(rate) == Decimal("33.73")
    assert round2(formulas.gap_points(NINETY_FIVE, rate)) == Decimal("61.27")
    assert formulas.workers_to_reach(NINETY_FIVE, 1_654_526, 558_115) == 1_013_685


def test_rate_is_none_without_a_denominator() -> None:
    assert formulas.rate_pct(10, 0) is None
    assert formulas.rate_pct(None, 10) is None
    assert formulas.rate_pct(10, None) is None


def test_gap_is_never_negative() -> None:
    assert formulas.gap_points(NINETY_FIVE, Fraction(97)) == 0


def test_the_minimum_bpu_budget_is_workers_times_months_times_16800() -> None:
    # Gianyar doubled its vulnerable workers paid from the regional budget: 12,800 for 12 months.
    assert formulas.contribution_budget(workers=12_800, months=12, monthly_idr=16_800) == 2_580_480_000


def test_months_to_reach_is_zero_when_there_and_none_when_not_moving() -> None:
    assert formulas.months_to_reach(Fraction(0), Fraction(1)) == 0
    assert formulas.months_to_reach(Fraction(5), Fraction(0)) is None
    assert formulas.months_to_reach(Fraction(5), Fraction(-1, 10)) is None
    assert formulas.months_to_reach(Fraction(5), Fraction(2)) == 3


def test_pace_uses_the_earliest_point_within_the_window() -> None:
    rates = [(i, Fraction(30 + i)) for i in range(0, 20)]
    # Last index 19, window 12 → earliest usable index 7: (49 − 37) / 12 = 1.
    assert formulas.pace_per_month(rates, window=12) == 1


def test_pace_needs_two_months_apart() -> None:
    assert formulas.pace_per_month([(1, Fraction(3)), (2, Fraction(4))], window=12) is None
    assert formulas.pace_per_month([(1, None), (5, Fraction(4))], window=12) is None


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    values = [Fraction(50), Fraction(60), None, Fraction(60), Fraction(10)]
    assert formulas.competition_rank(values) == [3, 1, None, 1, 4]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_rate_stays_exact(active: int, workers: int) -> None:
    rate = formulas.rate_pct(active, workers)
    assert rate is not None
    assert rate * workers == active * 100


@given(
    st.integers(min_value=1, max_value=10**8),
    st.integers(min_value=0, max_value=10**8),
    st.fractions(min_value=0, max_value=100, max_denominator=10_000),
)
def test_enrolling_the_workers_to_reach_a_threshold_reaches_it_and_one_fewer_does_not(
    workers: int, active: int, threshold: Fraction
) -> None:
    needed = formulas.workers_to_reach(threshold, workers, active)
    assert needed is not None and needed >= 0
    after = formulas.rate_pct(active + needed, workers)
    assert after is not None and after >= threshold
    if needed > 0:
        before = formulas.rate_pct(active + needed - 1, workers)
        assert before is not None and before < threshold


@given(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**6))
def test_round2_rounds_half_away_from_zero_like_decimal(value: Fraction) -> None:
    expected = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    exact = round2(value)
    assert exact is not None
    # Decimal division is itself rounded to 28 digits; the exact version must agree except at that edge.
    assert abs(exact - expected) <= Decimal("0.01")
    assert abs(Fraction(exact) - value) <= Fraction(1, 200)


@given(
    st.lists(st.one_of(st.none(), st.fractions(min_value=0, max_value=100, max_denominator=100)), max_size=30)
)
def test_ranks_order_the_values_highest_first(values: list[Fraction | None]) -> None:
    ranks = formulas.competition_rank(values)
    for value, rank in zip(values, ranks, strict=True):
        if value is None:
            assert rank is None
        else:
            assert rank == 1 + sum(1 for other in values if other is not None and other > value)


@given(
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=120),
)
def test_budget_for_two_groups_is_the_sum_of_their_budgets(first: int, second: int, months: int) -> None:
    together = formulas.contribution_budget(workers=first + second, months=months, monthly_idr=16_800)
    apart = formulas.contribution_budget(workers=first, months=months, monthly_idr=16_800) + (
        formulas.contribution_budget(workers=second, months=months, monthly_idr=16_800)
    )
    assert together == apart


def test_a_negative_budget_input_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        formulas.contribution_budget(workers=-1, months=1, monthly_idr=16_800)


def test_coverage_bands_follow_the_thresholds() -> None:
    thresholds = (Fraction(30), Fraction(50), Fraction(70))
    # Lampung Tengah at 26 % was called "sangat rendah" in its Monev.
    assert formulas.coverage_band(Fraction(26), thresholds) == "sangat_rendah"
    assert formulas.coverage_band(Fraction(30), thresholds) == "rendah"
    assert formulas.coverage_band(Fraction(6999, 100), thresholds) == "sedang"
    assert formulas.coverage_band(Fraction(70), thresholds) == "tinggi"
    assert formulas.coverage_band(None, thresholds) is None
