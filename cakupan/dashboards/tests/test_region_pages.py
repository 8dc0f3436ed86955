from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cakupan.core import periods
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

MONTHS = periods.span("2024-06", 13)


@pytest.fixture
def figures() -> None:
    """Two regencies of NTT and one of NTB, rising by 1,000 active a month; NTT at the worked example."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2023-06", "total", "1000000", "Sakernas"),
                ("53.71", "2023-06", "total", "654526", "Sakernas"),
                ("52.01", "2023-06", "total", "500000", "Sakernas"),
            ],
        ),
    )
    rows = []
    for i, month in enumerate(MONTHS):
        step = (i - 12) * 1000
        rows += participation_rows("53.01", month, {"PU": 300_000 + step, "BPU": 8_115}, {"PU": 5_000})
        rows += participation_rows("53.71", month, {"PU": 250_000}, {"PU": 1_000})
        rows += participation_rows("52.01", month, {"PU": 100_000 + step})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows), simulated=True)
    load("targets", csv_bytes(TARGETS_HEADER, [("53", "2024", "coverage_rate", "36.00", "Surat Kemendagri")]))


def test_the_national_page_lists_provinces_ranked(client: Client, figures: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nusa Tenggara Timur" in html and "Nusa Tenggara Barat" in html
    assert html.index('data-region="53"') < html.index('data-region="52"')
    assert "Data simulasi" in html


def test_the_province_page_shows_the_worked_example_in_indonesian(client: Client, figures: None) -> None:
    html = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert "33,73 %" in html
    assert "61,27 poin" in html
    assert "1.013.685" in html
    assert "36,00 %" in html  # the target
    assert 'data-region="53.01"' in html and 'data-region="53.71"' in html


def test_the_regency_page_shows_segments_and_a_trend_of_every_month(client: Client, figures: None) -> None:
    html = client.get("/wilayah/53.01/?periode=2024-06").content.decode()
    assert html.count("data-period=") == 13
    assert 'data-segment="BPU"' in html
    assert "Kabupaten Sumba Barat" in html or "53.01" in html


def test_english_writes_numbers_the_english_way(client: Client, figures: None) -> None:
    client.cookies["cakupan_lang"] = "en"
    html = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert "33.73%" in html and "1,013,685" in html and "Coverage" in html


def test_the_language_switch_sets_the_cookie(client: Client, figures: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/53/"})
    assert response.status_code == 302 and response.cookies["cakupan_lang"].value == "en"


def test_the_table_sorts_by_a_column_and_direction(client: Client, figures: None) -> None:
    html = client.get("/wilayah/53/?periode=2024-06&urut=coverage&arah=asc").content.decode()
    assert html.index('data-region="53.01"') < html.index('data-region="53.71"')
    html = client.get("/wilayah/53/?periode=2024-06&urut=coverage&arah=desc").content.decode()
    assert html.index('data-region="53.71"') < html.index('data-region="53.01"')


def test_an_htmx_request_for_the_table_gets_only_the_table(client: Client, figures: None) -> None:
    response = client.get("/wilayah/53/?periode=2024-06&urut=name&bagian=anak", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="children">') and "<html" not in html


def test_the_latest_month_is_shown_when_none_is_asked(client: Client, figures: None) -> None:
    html = client.get("/wilayah/53/").content.decode()
    assert 'value="2024-06" selected' in html


def test_an_undotted_code_redirects_to_the_dotted_address(client: Client, figures: None) -> None:
    response = client.get("/wilayah/5301/?periode=2024-06")
    assert response.status_code == 302 and response["Location"] == "/wilayah/53.01/?periode=2024-06"


def test_an_unknown_region_is_not_found(client: Client) -> None:
    assert client.get("/wilayah/99/").status_code == 404
    assert client.get("/wilayah/abc/").status_code == 404


def test_a_region_without_figures_says_so(client: Client) -> None:
    response = client.get("/wilayah/11/")
    assert response.status_code == 200
    assert "Belum ada angka" in response.content.decode()


def test_a_malformed_month_falls_back_to_the_latest(client: Client, figures: None) -> None:
    assert client.get("/wilayah/53/?periode=2024-13").status_code == 200


def test_district_rows_of_a_regency_show_only_to_readers_with_a_role_there(
    client: Client, personas: Any
) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71.01", "2024-06", "total", "40000", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71.01", "2024-06", {"PU": 9}))
    )
    assert 'data-region="53.71.01"' not in client.get("/wilayah/53.71/?periode=2024-06").content.decode()
    assert client.get("/wilayah/53.71.01/?periode=2024-06").status_code == 403
    client.force_login(personas.officer_b)
    assert 'data-region="53.71.01"' not in client.get("/wilayah/53.71/?periode=2024-06").content.decode()
    client.force_login(personas.officer_a)
    assert 'data-region="53.71.01"' in client.get("/wilayah/53.71/?periode=2024-06").content.decode()
    assert client.get("/wilayah/53.71.01/?periode=2024-06").status_code == 200


def test_the_charts_come_after_the_page_or_inline_without_javascript(client: Client, figures: None) -> None:
    page = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert 'hx-trigger="load"' in page and "<svg" not in page.split('id="h-charts"')[1].split("</section>")[0]
    part = client.get("/wilayah/53/?periode=2024-06&bagian=grafik", HTTP_HX_REQUEST="true").content.decode()
    # With JavaScript the browser draws them (docs/adr/0007-charts-in-the-page.md): two compiled charts.
    assert part.lstrip().startswith('<div id="charts"') and part.count('class="vega-chart"') == 2
    assert "<svg" not in part
    # Without, the page with its charts drawn on the server.
    inline = client.get("/wilayah/53/?periode=2024-06&grafik=1").content.decode()
    assert inline.count('class="chart"') == 2 and "vega-chart" not in inline


def test_a_site_may_draw_the_charts_of_its_pages_on_the_server(
    client: Client, figures: None, settings: Any
) -> None:
    settings.CAKUPAN_CHARTS_IN_BROWSER = False
    part = client.get("/wilayah/53/?periode=2024-06&bagian=grafik", HTTP_HX_REQUEST="true").content.decode()
    assert part.count('class="chart"') == 2 and "vega-chart" not in part
    assert "vega-" not in client.get("/wilayah/53/?periode=2024-06").content.decode()  # no runtime to load
