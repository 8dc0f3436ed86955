"""The region page does less work per request (issue 20 §4) and still shows the same: the trend table's
rows written in Python, the calculator's rates read once per figures version, the children sorted
without comparing rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from cakupan.core import periods
from cakupan.indicators import library
from cakupan.indicators.models import Parameter
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

MONTHS = periods.span("2024-06", 3)


@pytest.fixture
def figures() -> None:
    """Two regencies of NTT with a workforce, and one (53.02) with participants but no workforce."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2023-06", "total", "1000000", "Sakernas"),
                ("53.71", "2023-06", "total", "500000", ""),
            ],
        ),
    )
    rows = []
    for i, month in enumerate(MONTHS):
        rows += participation_rows("53.01", month, {"PU": 300_000 + i * 1000, "BPU": 8_115}, {"PU": 5_000})
        rows += participation_rows("53.71", month, {"PU": 250_000})
        rows += participation_rows("53.02", month, {"PU": 20_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _trend_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-period="[^"]+">.*?</tr>', html.split('id="trend"', 1)[1])


def test_the_trend_table_lists_each_month_newest_first_with_its_cells_in_the_readers_language(
    client: Client, figures: None
) -> None:
    rows = _trend_rows(client.get("/wilayah/53.01/?periode=2024-06").content.decode())
    assert [r.split('"', 2)[1] for r in rows] == ["2024-06", "2024-05", "2024-04"]
    assert rows[0].startswith(
        '<tr data-period="2024-06"><th scope="row">Juni 2024</th><td class="num">31,01 %'
    )
    assert '<td class="num">310.115</td>' in rows[0] and '<small class="denom">Sakernas' in rows[0]
    client.cookies["cakupan_lang"] = "en"
    rows = _trend_rows(client.get("/wilayah/53.01/?periode=2024-06").content.decode())
    assert rows[0].startswith(
        '<tr data-period="2024-06"><th scope="row">June 2024</th><td class="num">31.01%'
    )
    assert '<td class="num">310,115</td>' in rows[0]


def test_the_calculator_uses_a_changed_contribution_rate_at_once(client: Client, figures: None) -> None:
    asked = {"periode": "2024-06", "pekerja": "100", "bulan": "1", "bagian": "anggaran"}
    before = client.get("/wilayah/53.01/", asked, HTTP_HX_REQUEST="true").content.decode()
    rate = Parameter.objects.filter(key="bpu_jkm_idr").order_by("-valid_from").first()
    assert rate is not None
    Parameter.objects.filter(pk=rate.pk).update(value=rate.value + 1000)
    after = client.get("/wilayah/53.01/", asked, HTTP_HX_REQUEST="true").content.decode()
    total = re.compile(r'data-figure="budget_total"><strong class="big">Rp([0-9.]+)<')

    def rupiah(html: str) -> int:
        found = total.search(html)
        assert found is not None
        return int(found.group(1).replace(".", ""))

    assert rupiah(after) == rupiah(before) + 100 * 1000  # 100 workers × 1 month × Rp1.000 more


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_a_child_without_a_coverage_rate_is_listed_last_whichever_way_the_table_sorts(
    client: Client, figures: None, direction: str
) -> None:
    html = client.get(f"/wilayah/53/?periode=2024-06&urut=coverage&arah={direction}").content.decode()
    table = html.split('<div id="children">', 1)[1]
    order = re.findall(r'<tr data-region="([^"]+)"', table)
    assert order[-1] == "53.02" and set(order[:-1]) == {"53.01", "53.71"}


def test_the_charts_after_a_page_are_those_computed_afresh_without_computing_the_indicators_again(
    client: Client, figures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = "/wilayah/53.01/?periode=2024-06&bagian=grafik"
    fresh = client.get(address, HTTP_HX_REQUEST="true").content.decode()  # nothing kept: computed
    assert fresh.count('class="vega-chart"') == 2
    client.get("/wilayah/53.01/?periode=2024-06")  # the page keeps what its charts need
    cache.clear()  # the charts' request served by another server process, its own cache empty

    def computed(*args: object) -> None:
        raise AssertionError("the region's indicators computed again")

    monkeypatch.setattr(library, "region_indicators", computed)
    assert client.get(address, HTTP_HX_REQUEST="true").content.decode() == fresh


def test_the_charts_a_page_kept_are_not_given_to_a_reader_who_may_not_see_the_region(
    client: Client, personas: Any
) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71.01", "2024-06", "total", "40000", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71.01", "2024-06", {"PU": 9}))
    )
    client.force_login(personas.officer_a)
    assert client.get("/wilayah/53.71.01/?periode=2024-06").status_code == 200  # keeps the district's charts
    address = "/wilayah/53.71.01/?periode=2024-06&bagian=grafik"
    assert client.get(address, HTTP_HX_REQUEST="true").status_code == 200
    client.force_login(personas.officer_b)
    assert client.get(address, HTTP_HX_REQUEST="true").status_code == 403
    client.logout()
    assert client.get(address, HTTP_HX_REQUEST="true").status_code == 403
