from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from cakupan import charts
from cakupan.dashboards.selectors import region_page
from cakupan.reports import content
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


def test_the_charts_are_drawn_in_a_thread_of_their_own_while_the_sections_are_read(
    figures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn_in, read_in = [], []
    real_trend, real_sections = content.trend_print, content.extra_sections

    def trend(*args: object, **kwargs: object) -> object:
        drawn_in.append(threading.current_thread().name)
        return real_trend(*args, **kwargs)

    def sections(*args: object) -> object:
        read_in.append(threading.current_thread().name)
        return real_sections(*args)

    monkeypatch.setattr(content, "trend_print", trend)
    monkeypatch.setattr(content, "extra_sections", sections)
    report = report_content(AnonymousUser(), code="53", period="2024-06", lang="en")
    assert drawn_in[0].startswith("report-charts") and read_in == [threading.current_thread().name]
    assert "Nusa Tenggara Timur" in report.page.charts["trend"]


def test_a_chart_that_fails_to_draw_fails_the_report_instead_of_leaving_the_chart_out(
    figures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("vl-convert failed")

    monkeypatch.setattr(content, "segments_print", broken)
    with pytest.raises(RuntimeError, match="vl-convert failed"):
        report_content(AnonymousUser(), code="53", period="2024-06", lang="id")
