"""A village's month that only repeats its own participant figures is not stored by the recompute (ADR 0011):
the library reads it all the same, built from the village's figures by the rule, and a stored month (a
village with its own workforce) wins."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan.indicators import library, region_months
from cakupan.indicators.models import Parameter, RegionMonth
from cakupan.indicators.services import rollup_refresh
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db

DISTRICT = "53.71.01"
PLAIN, WITH_WORKFORCE = "53.71.01.1001", "53.71.01.1002"


@pytest.fixture
def figures() -> None:
    """Two villages of a district in June and July: the first with its participants alone, the second
    with a workforce figure of its own in June (so measured there); the district with its workforce."""
    rows = [
        (code, month, "PU", "active", str(n))
        for month in ("2024-06", "2024-07")
        for code, n in ((PLAIN, 40), (WITH_WORKFORCE, 60))
    ]
    rows.append((PLAIN, "2024-06", "BPU", "inactive", "7"))
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                (WITH_WORKFORCE, "2024-06", "total", "300", "Sakernas"),
                (DISTRICT, "2024-06", "total", "900", ""),
            ],
        ),
    )


def test_the_recompute_stores_no_month_of_a_village_with_its_participants_alone(figures: None) -> None:
    stored = set(RegionMonth.objects.values_list("region_id", "period"))
    assert (PLAIN, "2024-06") not in stored and (PLAIN, "2024-07") not in stored
    assert {(WITH_WORKFORCE, "2024-06"), (DISTRICT, "2024-06")} <= stored


def test_a_village_month_not_stored_is_read_from_its_figures_by_the_rule(figures: None) -> None:
    month = region_months.of_region(PLAIN, "2024-06")
    assert month is not None and month.pk is None  # built, not stored
    assert (month.active_pu, month.inactive_bpu, month.active_bpu) == (40, 7, None)
    assert month.participation_supplied and not month.measured and not month.simulated
    assert month.unmeasured == {"kind": "no_workforce"} and month.warnings == [] and month.footprint == {}
    assert region_months.of_region(PLAIN, "2024-08") is None


def test_a_stored_month_wins_over_one_built_from_the_figures(figures: None) -> None:
    months = region_months.of_regions([WITH_WORKFORCE], first="2024-06", last="2024-06")
    assert len(months) == 1 and months[0].pk is not None
    assert months[0].measured and months[0].covered_workers == 300


def test_the_village_months_stored_do_not_depend_on_the_months_recomputed_together(figures: None) -> None:
    """A workforce figure of the village in September is in use from September: its June and July stay
    built from its figures, whether the months are recomputed together or one by one."""
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(PLAIN, "2024-09", "total", "50", "Sakernas")]))
    months = ["2024-06", "2024-07", "2024-09"]
    rollup_refresh(months=months)
    together = set(RegionMonth.objects.values_list("region_id", "period"))
    RegionMonth.objects.all().delete()
    for month in months:
        rollup_refresh(months=[month])
    assert set(RegionMonth.objects.values_list("region_id", "period")) == together
    assert (PLAIN, "2024-09") in together and (PLAIN, "2024-06") not in together


def test_the_children_of_a_district_are_its_villages_stored_or_built(figures: None) -> None:
    children = {row.region_id: row for row in region_months.of_children([DISTRICT], "2024-06")}
    assert set(children) == {PLAIN, WITH_WORKFORCE}
    assert children[PLAIN].active_pu == 40 and children[WITH_WORKFORCE].covered_workers == 300


def test_the_months_of_a_village_are_those_of_its_active_figures(figures: None) -> None:
    assert region_months.periods_with_participants(PLAIN) == ["2024-06", "2024-07"]
    assert library.available_periods(PLAIN) == ["2024-07", "2024-06"]
    assert library.latest_period(PLAIN) == "2024-07"
    assert library.nearest_periods(PLAIN, "2024-05") == (None, "2024-06")


def test_the_library_gives_a_village_not_stored_its_indicators_and_its_rank(figures: None) -> None:
    plain = library.region_indicators(PLAIN, "2024-07")
    # Its participants, and no rate: no workforce of its own.
    assert (
        plain is not None and plain.registered == 40 and plain.active is None and plain.coverage_rate is None
    )
    # Ranked among its siblings in June: the village with its own workforce is the only one with a rate.
    ranking = library.children_ranking(DISTRICT, "2024-06")
    assert [r.region_code for r in ranking] == [WITH_WORKFORCE, PLAIN]
    assert ranking[0].rank == 1 and ranking[1].rank is None
    assert [p.period for p in library.trend(PLAIN, "2024-07", 3)] == ["2024-06", "2024-07"]


def test_a_recompute_of_more_months_than_sqlite_allows_terms_in_a_compound_select(figures: None) -> None:
    """Every month from 1976 to June 2024 (582; the seeded window is valid from 2000, an earlier one added):
    each month's window of workforce figures goes to the database as one VALUES list."""
    Parameter.objects.create(
        key="workforce_max_age_months",
        value=24,
        valid_from=date(1976, 1, 1),
        valid_to=date(1999, 12, 31),
        note="Test: figures kept since 1976",
    )
    months = [f"{year}-{month:02d}" for year in range(1976, 2025) for month in range(1, 13)][:582]
    assert len(months) > 500 and months[-1] == "2024-06"
    rollup_refresh(months=months)
    assert region_months.of_region(PLAIN, "2024-06") is not None
    assert RegionMonth.objects.filter(region_id=WITH_WORKFORCE, period="2024-06", measured=True).exists()
