"""A month asked for without figures is said on the fair-ranking and compare pages too, with the nearest
months that have figures — never another month's figures shown as if they were the month asked."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    for month in ("2024-04", "2024-06"):
        load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", month, "total", "100000", "BPS")]))
        load(
            "participation",
            csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", month, {"PU": 30_000})),
        )


def _english() -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    return client


def test_the_fair_ranking_of_a_month_without_figures_says_so_and_links_the_nearest(figures: None) -> None:
    page = _english().get("/peringkat/53/?periode=2024-05&jenis=gain").content.decode()
    assert 'data-figure="no_data"' in page and "No figures in" in page
    assert (
        'href="?jenis=gain&amp;periode=2024-04"' in page and 'href="?jenis=gain&amp;periode=2024-06"' in page
    )
    assert 'data-region="53.71"' not in page  # no ranking of another month


def test_the_compare_page_of_a_month_without_figures_says_so_and_links_the_nearest(figures: None) -> None:
    page = _english().get("/bandingkan/?wilayah=53,53.71&periode=2024-05").content.decode()
    assert 'data-figure="no_data"' in page
    assert 'href="?wilayah=53%2C%2053.71&amp;periode=2024-04"' in page  # the codes as the form shows them
    assert 'data-figure="warnings"' not in page  # the table of another month is not shown


def test_a_month_with_figures_is_shown_as_before(figures: None) -> None:
    page = _english().get("/bandingkan/?wilayah=53.71&periode=2024-06").content.decode()
    assert 'data-figure="no_data"' not in page and "30,000" in page
