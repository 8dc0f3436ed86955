"""The API gives the figures the pages show: every child's coverage in the ranking against the region
page's children table, and every month of the trend against the page's trend table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

MONTHS = ("2024-04", "2024-05", "2024-06")
# Children of NTT with figures whose rates need rounding (1/3, 2/3…), and the province itself.
WORKERS = {"53": 1_654_526, "53.71": 210_001, "53.01": 90_007, "53.02": 30_000}
ACTIVE = {"53": 558_115, "53.71": 70_000, "53.01": 60_001, "53.02": 7_777}


@pytest.fixture
def months() -> None:
    workforce, participation = [], []
    for step, period in enumerate(MONTHS):
        for code, workers in WORKERS.items():
            workforce.append((code, period, "total", workers, ""))
            participation += participation_rows(code, period, {"PU": ACTIVE[code] + 101 * step}, {"PU": step})
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation))


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    return client


def test_each_childs_coverage_in_the_api_ranking_is_the_one_in_the_pages_children_table(
    client: Client, months: None
) -> None:
    ranking = client.get("/api/v1/ranking/53/2024-06").json()["regions"]
    api = {r["region_code"]: (r["rank"], Decimal(str(r["coverage_rate"]))) for r in ranking}
    part = client.get(
        "/wilayah/53/", {"periode": "2024-06", "bagian": "anak"}, headers={"HX-Request": "true"}
    )
    html = part.content.decode()
    assert html.lstrip().startswith('<div id="children">')  # the HTMX part, not the whole page
    rows = re.findall(
        r'<tr data-region="([\d.]+)">\s*<td class="num">(\d+)</td>.*?'
        r'data-figure="coverage_rate" data-value="([\d.]+)"',
        html,
        flags=re.S,
    )
    page = {code: (int(rank), Decimal(value)) for code, rank, value in rows}
    assert set(page) == {"53.71", "53.01", "53.02"}
    assert page == api


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("%", "").strip())


def test_every_point_of_the_api_trend_is_the_row_of_the_pages_trend_table(
    client: Client, months: None
) -> None:
    points = client.get("/api/v1/trends/53.71", {"end": "2024-06", "months": 36}).json()["points"]
    html = client.get("/wilayah/53.71/", {"periode": "2024-06"}).content.decode()
    table = html[html.index('id="trend">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<tr data-period="([\d-]+)"><th scope="row">[^<]*</th>'
        # The coverage cell carries its denominator in a <small> after the rate.
        r'<td class="num">([^<]*)(?:<small class="denom">[^<]*</small>)?</td><td class="num">[^<]*</td>'
        r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>',
        table,
    )
    page = {
        period: (_number(coverage), int(_number(active)), int(_number(inactive)), int(_number(workers)))
        for period, coverage, active, inactive, workers in rows
    }
    api = {
        p["period"]: (Decimal(str(p["coverage_rate"])), p["active"], p["inactive"], p["workers"])
        for p in points
    }
    assert sorted(api) == list(MONTHS)
    assert page == api


@pytest.fixture
def partial() -> None:
    """NTT with participants from two regencies while a third, the largest, has only its workforce:
    NTT is measured over 2,000 of 7,000 workers (28.57 %), below the 50 % minimum."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                (code, "2024-06", "total", n, "Sakernas")
                for code, n in (("53.71", 1000), ("53.01", 1000), ("53.02", 5000))
            ],
        ),
    )
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER,
            participation_rows("53.71", "2024-06", {"PU": 300})
            + participation_rows("53.01", "2024-06", {"PU": 200}),
        ),
    )


def test_completeness_and_incomplete_are_the_same_in_the_api_and_on_the_region_page(
    client: Client, partial: None
) -> None:
    api = client.get("/api/v1/indicators/53/2024-06").json()
    assert (api["coverage_rate"], api["active"], api["workers"], api["incomplete"]) == (25.0, 500, 2000, True)
    assert (api["children_reporting"], api["children_total"], api["measured_workforce_share"]) == (
        2,
        22,
        28.57,
    )
    assert (api["leaves_reporting"], api["leaves_total"]) == (2, 3)
    assert "incomplete" in [w["kind"] for w in api["warnings"]]
    html = client.get("/wilayah/53/", {"periode": "2024-06"}).content.decode()
    assert 'data-incomplete="true"' in html and "fig-main" not in html  # not a headline
    found = re.search(
        r'data-figure="completeness" data-children-reporting="(\d+)" data-children-total="(\d+)" '
        r'data-value="([\d.]+)">([^<]*)<',
        html,
    )
    assert found is not None
    reporting, total, share, words = found.groups()
    assert (int(reporting), int(total), Decimal(share)) == (2, 22, Decimal("28.57"))
    assert "28.57% of the workforce measured" in words
    assert "Incomplete: only 28.57% of the workforce is measured" in html  # the warning, where the figure is


def test_an_incomplete_province_is_left_out_of_the_ranking_and_listed_with_why_in_both(
    client: Client, partial: None
) -> None:
    ranking = client.get("/api/v1/ranking/00/2024-06").json()
    assert ranking["regions"] == []
    assert [(r["region_code"], r["reason"]) for r in ranking["not_ranked"]] == [("53", "incomplete")]
    html = client.get("/", {"periode": "2024-06"}).content.decode()
    listed = re.search(r'<ul class="hint not-ranked"><li data-region="53">([^<]*)</li>', html)
    assert listed is not None and "Not ranked: incomplete" in listed.group(1)
    assert 'data-incomplete="true"' in html  # the national figure is as incomplete as NTT's
    map_only = client.get("/", {"periode": "2024-06", "tampilan": "peta"}).content.decode()
    assert '<figure class="map">' in map_only and '<li data-region="53">' in map_only  # not coloured: why


def test_a_region_without_a_rate_answers_nulls_with_the_reason_and_the_page_says_why(client: Client) -> None:
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 300}))
    )
    api = client.get("/api/v1/indicators/53.01/2024-06").json()
    assert (api["coverage_rate"], api["active"], api["active_all"], api["registered"]) == (
        None,
        None,
        300,
        300,
    )
    assert api["coverage_missing"]["kind"] == "no_workforce"
    html = client.get("/wilayah/53.01/", {"periode": "2024-06"}).content.decode()
    found = re.search(r'data-figure="coverage_missing">([^<]*)<', html)
    assert found is not None and found.group(1).startswith("No workforce")
    assert api["coverage_missing"]["text"] == found.group(1).strip()  # the API says why in the page's words
    assert 'data-figure="active_all" data-value="300"' in html
