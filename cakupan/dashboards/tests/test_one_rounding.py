"""One rounding (issue 15 §2): figures are ranked on their exact values and rounded once when shown, so two
regencies that both show 33,49 % keep the order of their ranks on the page and in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from cakupan.common.testing import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def close_pair() -> None:
    """Kupang 33.486 % and Kota Kupang 33.494 %: both shown as 33,49 %."""
    workforce = [(code, "2024-06", "total", "1000000", "BPS") for code in ("53.01", "53.71")]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows = participation_rows("53.01", "2024-06", {"PU": 334_860})
    rows += participation_rows("53.71", "2024-06", {"PU": 334_940})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_equal_shown_rates_keep_the_order_of_their_exact_ranks(client: Client, close_pair: None) -> None:
    ranking = client.get("/api/v1/ranking/53/2024-06").json()["regions"]
    assert [(r["region_code"], r["rank"], r["coverage_rate"]) for r in ranking] == [
        ("53.71", 1, 33.49),
        ("53.01", 2, 33.49),
    ]
    page = client.get("/wilayah/53/?periode=2024-06&tampilan=tabel").content.decode()
    assert page.index('tr data-region="53.71"') < page.index('tr data-region="53.01"')
