"""Drawing the charts of the region pages ahead of their readers (optional, off by default).

After an import the figures change, and with them every region's trend and segment charts. The pages no
longer need them drawn ahead: the browser draws them from a specification the server compiles in a few
milliseconds (docs/adr/0007-charts-in-the-page.md). What is still drawn on the server — the SVG of the PDF
reports and of pages read without JavaScript, 50–150 ms of CPU a chart — can be drawn ahead by the job
worker after each import for the nation, every province and every regency for the latest month, in the
languages of CAKUPAN_CHART_PREDRAW_LANGUAGES (empty by default), into the chart store
(`cakupan.charts.stored`). Charts of other months, of districts and of other languages are drawn when
first asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cakupan.core.codes import NATIONAL
from cakupan.dashboards.fair import fair_rankings_warm
from cakupan.dashboards.visuals import region_charts
from cakupan.imports.signals import figures_changed
from cakupan.indicators import library
from cakupan.jobs.registry import job_kind
from cakupan.jobs.runner import JobContext
from cakupan.jobs.services import job_enqueue
from cakupan.regions.models import Region

KIND = "charts.predraw"


def regions_to_draw(period: str) -> Iterator[str]:
    """The nation, then the provinces and regencies with figures for the month."""
    yield NATIONAL
    for province in library.children_ranking(NATIONAL, period):
        yield province.region_code
        for regency in library.children_ranking(province.region_code, period):
            yield regency.region_code


def charts_draw(*, code: str, period: str, lang: str) -> int:
    """Draw (or find already drawn) the charts of one region page; returns how many it has."""
    indicators = library.region_indicators(code, period)
    if indicators is None:
        return 0
    region = Region.objects.get(code=code)
    trend = library.trend(code, period, 36)
    with translation.override(lang):
        region_charts(region, trend, indicators.ucj_target, browser=True)
        return len(region_charts(region, trend, indicators.ucj_target))


@job_kind(KIND, label=_("Draw the charts of the region pages"), reusable=True)
def charts_predraw(context: JobContext) -> None:
    period = library.latest_period(NATIONAL)
    if period is None:
        context.start(0)
        return
    languages: list[str] = context.params.get("languages") or ["id"]
    codes = list(regions_to_draw(period))
    # One step per language for the fair rankings of the nation and the provinces (seconds cold).
    context.start((len(codes) + 1) * len(languages), message=period)
    for lang in languages:
        fair_rankings_warm(period=period, lang=lang)
        context.advance()
        for code in codes:
            charts_draw(code=code, period=period, lang=lang)
            context.advance()


@receiver(figures_changed)
def _draw_after_import(sender: Any, **kwargs: Any) -> None:
    if settings.CAKUPAN_CHART_PREDRAW_LANGUAGES:
        job_enqueue(kind=KIND, params=predraw_params())


def predraw_params() -> dict[str, Any]:
    # The figures version in the parameters: new figures are new work, the same figures are the same.
    return {"version": library.figures_version(), "languages": settings.CAKUPAN_CHART_PREDRAW_LANGUAGES}
