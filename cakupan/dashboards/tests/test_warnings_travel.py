"""Warnings travel with the figure (issue 15 §2): a coverage of 1,016 % is warned about on the national
page, in the children table and the map's tooltips and lists, on the compare page and in the ranking."""

from __future__ import annotations

import html as html_lib

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

ABOVE = "Coverage above 100 % (1,016.00%)"


@pytest.fixture
def above_100(client: Client) -> None:
    """NTT supplies 1,000 workers and 10,160 active participants: 1,016 %; NTB is ordinary."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53", "2024-06", "total", "1000", "BPS"), ("52", "2024-06", "total", "100000", "BPS")],
        ),
    )
    rows = participation_rows("53", "2024-06", {"PU": 10_160}) + participation_rows(
        "52", "2024-06", {"PU": 30_000}
    )
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    client.cookies["cakupan_lang"] = "en"


def _page(client: Client, url: str) -> str:
    return html_lib.unescape(client.get(url).content.decode())


def test_the_province_page_warns_about_its_own_figure(client: Client, above_100: None) -> None:
    assert ABOVE in _page(client, "/wilayah/53/?periode=2024-06")


def test_the_national_page_warns_in_the_children_table(client: Client, above_100: None) -> None:
    page = _page(client, "/wilayah/00/?periode=2024-06&tampilan=tabel")
    assert 'data-region="53" data-warning="coverage_above_100"' in page
    assert f"Nusa Tenggara Timur: {ABOVE}" in page
    assert 'data-region="52" data-warning' not in page


def test_the_map_tooltip_and_the_map_only_list_carry_the_warning(client: Client, above_100: None) -> None:
    page = _page(client, "/wilayah/00/?periode=2024-06&tampilan=peta")
    tooltip = page[page.index("Coverage 1,016.00%") :][:300]  # the tile's tooltip, line after line
    assert ABOVE in tooltip
    assert 'data-region="53" data-warning="coverage_above_100"' in page


def test_the_compare_page_shows_each_regions_warnings(client: Client, above_100: None) -> None:
    page = _page(client, "/bandingkan/?wilayah=53,52&periode=2024-06")
    assert '<li data-warning="coverage_above_100">' + ABOVE in page
    assert page.count('data-warning="coverage_above_100"') == 1


def test_the_ranking_api_carries_the_warning(client: Client, above_100: None) -> None:
    rows = {r["region_code"]: r for r in client.get("/api/v1/ranking/00/2024-06").json()["regions"]}
    assert [w["kind"] for w in rows["53"]["warnings"]] == ["coverage_above_100"]
    assert rows["52"]["warnings"] == []


def test_the_fair_ranking_marks_a_figure_with_warnings(client: Client) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.01", "2024-07", "total", "1000", "BPS")]))
    rows = participation_rows("53.01", "2024-07", {"PU": 10_160})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    client.cookies["cakupan_lang"] = "en"
    page = _page(client, "/peringkat/53/?periode=2024-07")
    assert 'data-region="53.01"' in page and f'data-warnings="1" title="{ABOVE}' in page
