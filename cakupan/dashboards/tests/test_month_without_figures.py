"""A month asked for without figures is said on the region page, with links to the nearest months that
have some; the page never shows another month in its place (issue 15 §2)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_and_june() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-03", "total", "1000000", "BPS")]))
    for month, active in (("2024-03", 300_000), ("2024-06", 333_333)):
        rows = participation_rows("53", month, {"PU": active})
        load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_the_page_says_the_month_has_no_figures_and_links_the_nearest_months(
    client: Client, march_and_june: None
) -> None:
    client.cookies["cakupan_lang"] = "en"
    html = client.get("/wilayah/53/?periode=2024-04").content.decode()
    assert "No figures for this region in April 2024." in html
    assert 'href="/wilayah/53/?periode=2024-03"' in html and 'href="/wilayah/53/?periode=2024-06"' in html
    assert 'data-figure="coverage_rate"' not in html  # no other month's figure in its place
    assert "33.33" not in html and "30.00" not in html


def test_a_month_with_figures_shows_them_without_the_notice(client: Client, march_and_june: None) -> None:
    client.cookies["cakupan_lang"] = "en"
    html = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert 'data-figure="coverage_rate" data-value="33.33"' in html
    assert 'data-figure="nearest_months"' not in html


def test_the_charts_of_a_month_without_figures_are_not_another_months(
    client: Client, march_and_june: None
) -> None:
    part = client.get("/wilayah/53/?periode=2024-04&bagian=grafik", HTTP_HX_REQUEST="true").content.decode()
    assert "<svg" not in part
