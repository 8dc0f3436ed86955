"""One rounding (issue 15 §2): figures are ranked on their exact values and rounded once when shown, so two
regencies that both show 33,49 % keep the order of their ranks on the page and in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

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


def test_the_relative_gain_is_left_out_when_the_gain_compares_fewer_regions() -> None:
    from cakupan.dashboards.fair import fair_ranking
    from cakupan.regions.models import Region

    # Golden case 5 inside Kota Kupang: a year earlier districts A 300/1,000 and B 200/1,000; now A 330/1,000
    # and C 100/500 (28.67 %). The gain is +3.00 over A alone; 28.67 ÷ (28.67 − 3.00) − 1 would mix two
    # footprints, so no relative gain is published.
    a, b, c = (d.code for d in Region.objects.filter(parent_id="53.71").order_by("code")[:3])
    workforce = [(a, "2023-06", "total", "1000", "BPS"), (b, "2023-06", "total", "1000", "BPS")]
    workforce += [(a, "2024-06", "total", "1000", "BPS"), (c, "2024-06", "total", "500", "BPS")]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows = participation_rows(a, "2023-06", {"PU": 300}) + participation_rows(b, "2023-06", {"PU": 200})
    rows += participation_rows(a, "2024-06", {"PU": 330}) + participation_rows(c, "2024-06", {"PU": 100})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    row = fair_ranking(Region.objects.get(code="53"), period="2024-06", kind="gain")[0].rows[0]
    assert row.ind.region_code == "53.71" and row.ind.change_year_basis_regions == 1
    assert float(row.gain_points or 0) == 3.0 and row.gain_relative is None
