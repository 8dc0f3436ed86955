"""Every coverage rate travels with its denominator's source and vintage: one month and one source for a
region measured on its own figure, the distinct sources and the range of months for a parent."""

from __future__ import annotations

import dataclasses

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.serialise import ranking_dict
from cakupan.indicators.words import denominator_text, shared_denominator_text
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


def figures_on_three_denominators() -> None:
    """Kupang on BPS Sakernas of February, Kota Kupang on its labour office's June figure, 53.02 on a
    figure with no source."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2024-02", "total", "1000", "BPS Sakernas Februari 2024"),
                ("53.71", "2024-06", "total", "2000", "Disnaker Kota Kupang"),
                ("53.02", "2024-06", "total", "500", ""),
            ],
        ),
    )
    rows: list[tuple[object, ...]] = []
    for code in ("53.01", "53.71", "53.02"):
        rows += participation_rows(code, "2024-06", {"PU": 100})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _get(code: str) -> RegionIndicators:
    found = library.region_indicators(code, "2024-06")
    assert found is not None
    return found


def test_a_regency_names_its_source_and_month_and_a_parent_its_sources_and_range() -> None:
    figures_on_three_denominators()
    with translation.override("id"):
        assert denominator_text(_get("53.01"), "id") == "BPS Sakernas Februari 2024 · Februari 2024"
        assert denominator_text(_get("53.02"), "id") == "penduduk bekerja Juni 2024, sumber tidak disebut"
        parent = denominator_text(_get("53"), "id")
    assert parent.startswith("2 sumber: BPS Sakernas Februari 2024; Disnaker Kota Kupang · ")
    assert parent.endswith("Februari 2024 s.d. Juni 2024")


def test_the_ranking_json_and_the_template_filter_carry_the_same_denominator() -> None:
    figures_on_three_denominators()
    rows = library.children_ranking("53", "2024-06")
    listed = {r["region_code"]: r for r in ranking_dict("53", "2024-06", rows)["regions"]}
    assert (listed["53.01"]["workforce_source"], listed["53.01"]["workers_period"]) == (
        "BPS Sakernas Februari 2024",
        "2024-02",
    )
    with translation.override("en"):
        shown = Template("{% load indicator_words %}{{ ind|denominator:'short' }}").render(
            Context({"ind": _get("53.71")})
        )
    assert shown == "Disnaker Kota Kupang · Jun 2024"


@pytest.mark.parametrize(
    "url",
    [
        "/wilayah/53/?periode=2024-06",  # the headline and the children's table
        "/peringkat/53/?periode=2024-06",
        "/bandingkan/?wilayah=53.01&wilayah=53.71&periode=2024-06",
        "/data-terbuka/53/?periode=2024-06",
    ],
)
def test_every_page_showing_a_rate_shows_its_denominator_beside_it(client: Client, url: str) -> None:
    figures_on_three_denominators()
    with translation.override("id"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    # 53.01's rate in a table cell, with its source and month in the short form.
    assert "BPS Sakernas Februari 2024 · Feb 2024" in html
    assert "Disnaker Kota Kupang · Jun 2024" in html


def test_a_map_tooltip_names_the_rate_s_denominator_beside_it() -> None:
    from cakupan.dashboards.visuals import _item

    figures_on_three_denominators()
    with translation.override("en"):
        item = _item(_get("53.71"), "2024-06", "en")
    coverage = next(i for i, line in enumerate(item.tooltip_lines) if line.startswith("Coverage"))
    assert item.tooltip_lines[coverage + 1] == "Disnaker Kota Kupang · Jun 2024"


def test_the_region_page_s_trend_table_names_each_month_s_denominator(client: Client) -> None:
    figures_on_three_denominators()
    with translation.override("en"):
        html = client.get("/wilayah/53.71/?periode=2024-06", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html[html.index('<tr data-period="2024-06">') :]
    row = row[: row.index("</tr>")]
    assert "Disnaker Kota Kupang · Jun 2024" in row


def test_a_table_shares_a_denominator_only_when_every_row_with_one_has_the_same() -> None:
    figures_on_three_denominators()
    kupang, kota, no_source = _get("53.01"), _get("53.71"), _get("53.02")
    with translation.override("id"):
        assert shared_denominator_text([kupang, kupang], "id") == denominator_text(kupang, "id")
        assert shared_denominator_text([kupang, kota], "id") == ""
        assert shared_denominator_text([kupang, no_source], "id") == ""
        assert shared_denominator_text([], "id") == ""
        # A row without a workforce figure has no rate, so nothing to share or to differ.
        unmeasured = dataclasses.replace(kota, workers_period=None)
        assert shared_denominator_text([kupang, unmeasured], "id") == denominator_text(kupang, "id")
