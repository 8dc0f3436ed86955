"""A month with no data is said (issue 15 §2): indicators and ranking both answer 404 `no_data` with the
nearest months that have figures; a region with figures but no rate answers 200 with nulls."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_months() -> None:
    """NTT has figures in March and June 2024, none in between."""
    load(
        "workforce",
        csv_bytes(WORKFORCE_HEADER, [("53", "2024-03", "total", "1000000", "BPS")]),
    )
    for month in ("2024-03", "2024-06"):
        rows = participation_rows("53", month, {"PU": 300_000})
        load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_indicators_of_a_month_without_figures_answer_no_data_with_the_nearest_months(
    client: Client, two_months: None
) -> None:
    response = client.get("/api/v1/indicators/53/2024-04")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "no_data"
    assert error["nearest"] == {"before": "2024-03", "after": "2024-06"}
    assert "2024" in error["message"]


def test_the_ranking_of_a_month_without_figures_answers_no_data_too(client: Client, two_months: None) -> None:
    response = client.get("/api/v1/ranking/00/2024-05")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "no_data"
    assert error["nearest"] == {"before": "2024-03", "after": "2024-06"}
    assert client.get("/api/v1/ranking/00/2024-06").status_code == 200


def test_a_month_after_the_last_one_with_figures_names_only_the_month_before(
    client: Client, two_months: None
) -> None:
    error = client.get("/api/v1/indicators/53/2025-01").json()["error"]
    assert error["nearest"] == {"before": "2024-06", "after": None}


def test_a_region_without_any_figures_has_no_nearest_month(client: Client, two_months: None) -> None:
    error = client.get("/api/v1/indicators/51/2024-06").json()["error"]
    assert error["code"] == "no_data"
    assert error["nearest"] == {"before": None, "after": None}
