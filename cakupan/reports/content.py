"""What a Monev report says about a region and month: the figures of the region page, read through the
same selector, plus the data sources and the sections other domains contribute. The PDF and the XLSX
are two layouts of this one content, so they cannot disagree with each other or with the page."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cakupan.charts.printed import segments_print, trend_print
from cakupan.common.dated import dated_values_held
from cakupan.dashboards.selectors import RegionPage, region_page
from cakupan.imports.models import ImportBatch
from cakupan.indicators.library import figures_version_held
from cakupan.indicators.provenance import (
    DatasetSummary,
    SourceBatch,
    figure_sources,
    summarise,
)
from cakupan.reports.sections import Section, extra_sections


class NoFigures(LookupError):
    """The region has no figures for the month: there is nothing to report."""


@dataclass
class ReportContent:
    page: RegionPage
    lang: str
    generated_at: datetime
    sources: list[SourceBatch]
    sections: list[Section] = field(default_factory=list)
    figures_version: str = ""  # of the region's and its sub-regions' figures (indicators.versions)

    @property
    def source_summary(self) -> list[DatasetSummary]:
        """One line per dataset (files, sources, range of months): the PDF's data sources."""
        return summarise(self.sources)

    @property
    def region(self) -> Any:
        return self.page.region

    @property
    def period(self) -> str:
        assert self.page.period is not None
        return self.page.period

    @property
    def indicators(self) -> Any:
        return self.page.indicators

    @property
    def simulated(self) -> bool:
        return bool(self.page.indicators and self.page.indicators.simulated) or any(
            b.simulated for b in self.sources
        )


def report_content(
    user: Any, *, code: str, period: str, lang: str, with_charts: bool = True
) -> ReportContent:
    """Raises Http404 / PermissionDenied like the page, and NoFigures when the month has none. A workbook
    carries the charts' figures as tables, so it asks for no drawn charts (`with_charts=False`)."""
    # In a job or command as in a request: the figures version and the dated configuration read once.
    with translation.override(lang), figures_version_held(), dated_values_held():
        page = region_page(user, code=code, period=period, sort="rank", direction="asc", view="")
        if page.indicators is None or page.period != period:
            raise NoFigures(code, period)
        # The charts are drawn in a thread of their own while this one reads the sections. vl-convert holds
        # the GIL for most of its drawing, so the two overlap only in part: NTT's content took 242 ms this
        # way and 263 ms one after the other (medians of 9, 2026-12-06), a regency's the same either way.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-charts") as drawer:
            drawn = drawer.submit(printed_charts(page, lang=lang)) if with_charts else None
            sections = extra_sections(user, page.region.code, period)
            sources = report_sources(page.region.code, period, sections)
            if drawn is not None:
                page.charts = drawn.result()
        return ReportContent(
            page=page,
            lang=lang,
            generated_at=timezone.localtime(),
            sources=sources,
            sections=sections,
            figures_version=page.figures_version,  # the page's, of the region and month shown
        )


def printed_charts(page: RegionPage, *, lang: str) -> Callable[[], dict[str, SafeString]]:
    """What draws the page's trend and segment charts (`dashboards.visuals.region_charts`: the same
    specifications and titles) for print, from each layout's compiled Vega (`charts.printed`). The titles
    are translated here, in the caller's thread and language; the drawing may run in any thread."""
    if not page.trend or page.indicators is None:
        return dict
    points, ucj_target, name = page.trend, page.indicators.ucj_target, page.region.name
    trend_title = _("Coverage of %(name)s, with the target and UCJ") % {"name": name}
    segments_title = _("Active participants of %(name)s by segment") % {"name": name}
    import vl_convert  # noqa: F401 (imported by this thread, never first by the drawing one: issue 20 §7)

    return lambda: {
        "trend": trend_print(points, ucj_target=ucj_target, lang=lang, title=trend_title),
        "segments": segments_print(points, lang=lang, title=segments_title),
    }


def report_sources(code: str, period: str, sections: list[Section]) -> list[SourceBatch]:
    """The batches behind the report's figures of the month (`indicators.provenance`), then those behind
    the rows the other domains' sections show (e.g. the funding lines of the Monev register)."""
    found = figure_sources(code, period)
    listed = {s.batch_id for s in found}
    wanted = sorted({b for section in sections for b in section.batch_ids} - listed)
    for batch in ImportBatch.objects.filter(pk__in=wanted).order_by("dataset", "-created_at"):
        found.append(SourceBatch.of(batch, periods=[str(p) for p in batch.periods], sources=[]))
    return found
