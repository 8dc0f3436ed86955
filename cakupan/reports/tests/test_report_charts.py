from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from cakupan import charts
from cakupan.dashboards.selectors import region_page
from cakupan.reports.content import report_content

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_reports_charts_are_the_charts_the_page_draws_for_readers_without_javascript(
    figures: None, lang: str
) -> None:
    charts.cache_clear()
    report = report_content(AnonymousUser(), code="53", period="2024-06", lang=lang)
    charts.cache_clear()
    with translation.override(lang):
        page = region_page(
            AnonymousUser(), code="53", period="2024-06", sort="rank", direction="asc", with_charts=True
        )
    assert set(report.page.charts) == {"trend", "segments"}
    for name in ("trend", "segments"):
        assert report.page.charts[name] == page.charts[name]
    assert "Nusa Tenggara Timur" in report.page.charts["trend"]


def test_a_workbook_asks_for_no_drawn_chart(figures: None) -> None:
    report = report_content(AnonymousUser(), code="53", period="2024-06", lang="id", with_charts=False)
    assert report.page.charts == {}
