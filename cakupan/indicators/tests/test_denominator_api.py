"""The API gives each coverage rate's denominator beside it (issue 14): in every month of a trend, in every
row of a ranking, ranked or not; one month and one source for a regency measured on its own figure, the
range of months and the distinct sources for a regency made of its districts' figures."""

from __future__ import annotations

import pytest
from django.test import Client

from cakupan.indicators import library
from cakupan.indicators.serialise import indicators_dict, trend_dict
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

FEBRUARY = ("BPS Sakernas Februari 2024", "2024-02")
AUGUST = ("BPS Sakernas Agustus 2024", "2024-08")
DISTRICTS = ("BPS Sakernas Agustus 2023; Disnaker Kota Kupang", "2023-08/2024-02")


@pytest.fixture
def figures() -> None:
    """Kupang on its own figures, February's then August's; Kota Kupang on its districts' figures of two
    months and two sources, measured over 600 of its 2,000 workers: incomplete, so not ranked."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2024-02", "total", "1000", FEBRUARY[0]),
                ("53.01", "2024-08", "total", "1000", AUGUST[0]),
                ("53.71.01", "2023-08", "total", "300", "BPS Sakernas Agustus 2023"),
                ("53.71.02", "2024-02", "total", "300", "Disnaker Kota Kupang"),
                ("53.71.03", "2024-02", "total", "1400", "Disnaker Kota Kupang"),
            ],
        ),
    )
    rows: list[tuple[object, ...]] = []
    for month in ("2024-06", "2024-08"):
        rows += participation_rows("53.01", month, {"PU": 100})
    for code in ("53.71.01", "53.71.02"):
        rows += participation_rows(code, "2024-06", {"PU": 100})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _denominator(row: dict[str, object]) -> tuple[object, object]:
    return row["workforce_source"], row["workers_period"]


def test_each_month_of_a_trend_names_the_denominator_of_that_month(client: Client, figures: None) -> None:
    points = client.get("/api/v1/trends/53.01", {"end": "2024-08"}).json()["points"]
    assert {p["period"]: _denominator(p) for p in points} == {"2024-06": FEBRUARY, "2024-08": AUGUST}
    (june,) = client.get("/api/v1/trends/53.71", {"end": "2024-06"}).json()["points"]
    assert _denominator(june) == DISTRICTS


def test_a_trend_month_names_the_same_denominator_as_the_indicators_of_that_month(figures: None) -> None:
    for code in ("53.01", "53.71", "53"):
        for point in trend_dict(library.trend(code, "2024-08", 3)):
            ind = library.region_indicators(code, point["period"])
            assert ind is not None
            assert _denominator(point) == _denominator(indicators_dict(ind)), (code, point["period"])


def test_a_ranking_names_the_denominator_of_ranked_and_not_ranked_rows(client: Client, figures: None) -> None:
    ranking = client.get("/api/v1/ranking/53/2024-06").json()
    assert {r["region_code"]: _denominator(r) for r in ranking["regions"]} == {"53.01": FEBRUARY}
    not_ranked = {r["region_code"]: r for r in ranking["not_ranked"]}
    assert not_ranked["53.71"]["reason"] == "incomplete"
    assert _denominator(not_ranked["53.71"]) == DISTRICTS
    assert not_ranked["53.71"]["coverage_rate"] == 33.33  # 200 of the 600 workers measured
