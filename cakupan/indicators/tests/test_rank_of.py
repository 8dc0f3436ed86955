"""A rank says of how many: none (null), never 0, where no sibling has a rate that may be ranked."""

from __future__ import annotations

import pytest

from cakupan.indicators import library
from cakupan.indicators.serialise import indicators_dict
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


def test_without_any_rankable_sibling_the_rank_is_of_none() -> None:
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 10})))
    alone = library.region_indicators("53.01", "2024-06")
    assert alone is not None and alone.coverage_rate is None
    assert (alone.rank, alone.rank_of) == (None, None)
    assert indicators_dict(alone)["rank_of"] is None


def test_with_a_measured_sibling_the_count_is_of_those_ranked() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-06", "total", "100", "Sakernas")]))
    rows = participation_rows("53.01", "2024-06", {"PU": 10}) + participation_rows(
        "53.71", "2024-06", {"PU": 40}
    )
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    city = library.region_indicators("53.71", "2024-06")
    kupang = library.region_indicators("53.01", "2024-06")
    assert city is not None and (city.rank, city.rank_of) == (1, 1)
    assert kupang is not None and (kupang.rank, kupang.rank_of) == (None, 1)
