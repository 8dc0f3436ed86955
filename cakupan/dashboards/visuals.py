"""The maps and charts of a region page, drawn from the indicator library's figures.

The same drawing functions serve the PDF report. Maps of public levels are cached per region, month,
language and figures version, so a busy morning's national page pays for its map once.
"""

from __future__ import annotations

from fractions import Fraction

from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan import charts
from cakupan.common import formatting
from cakupan.core import periods
from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators, TrendPoint
from cakupan.indicators.params import Params
from cakupan.indicators.serialise import number
from cakupan.indicators.words import denominator_text, not_ranked_text, warning_sentence
from cakupan.maps import svg
from cakupan.maps.selectors import boundaries_available, boundaries_version, boundary_shapes
from cakupan.regions.models import Region

MAP_CACHE_SECONDS = 3600


def _item(child: RegionIndicators, period: str, lang: str) -> svg.MapItem:
    href = f"{reverse('dashboards:region', args=[child.region_code])}?periode={period}&tampilan=peta"
    lines = [
        child.region_name,
        _("Coverage %(rate)s") % {"rate": formatting.fmt_pct(child.coverage_rate, lang)},
    ]
    if denominator := denominator_text(child, lang, short=True):
        lines.append(denominator)  # the rate's workforce: its source and month travel with it
    if child.target_gap_points is not None:
        lines.append(
            _("Gap to target %(gap)s")
            % {"gap": formatting.fmt_points(child.target_gap_points, lang, signed=False)}
        )
    if child.rank is not None:
        lines.append(_("Rank %(rank)s of %(of)s") % {"rank": child.rank, "of": child.rank_of})
    if not child.ranked:
        lines.append(not_ranked_text(child))  # not coloured (no band) and not placed by its rate
    lines.extend(warning_sentence(w, lang) for w in child.warnings)  # the warnings travel with the figure
    rate = number(child.coverage_rate) if child.ranked else None
    return svg.MapItem(
        code=child.region_code,
        name=child.region_name,
        href=href,
        band=child.band,
        coverage_text=formatting.fmt_pct(child.coverage_rate, lang),
        tooltip_lines=lines,
        value_for_sort=rate,
    )


def children_map(
    region: Region, period: str, children: list[RegionIndicators], *, versions: str = ""
) -> tuple[SafeString, str]:
    """The map of a region's children: boundaries when every child has one, else a tile grid (provinces)
    or sorted bars. Returns the SVG and a caption saying which. `versions`: the figures' and boundaries'
    versions when the caller has read them already."""
    lang = get_language() or "id"
    versions = versions or f"{library.figures_version()}:{boundaries_version()}"
    key = f"map:{region.code}:{period}:{lang}:{versions}:{len(children)}"
    cached: tuple[SafeString, str] | None = cache.get(key)
    if cached is not None:
        return cached
    thresholds = Params.at(periods.last_day(period)).band_thresholds
    legend = svg.legend_for(thresholds, lang=lang)
    items = [_item(child, period, lang) for child in children]
    title = _("Coverage of %(name)s by sub-region, %(month)s") % {
        "name": region.name,
        "month": formatting.fmt_month(period, lang),
    }
    if boundaries_available(parent_code=region.code):
        shapes = boundary_shapes(codes=[c.region_code for c in children])
        drawn, caption = (
            svg.choropleth_svg(items, shapes, title=title, legend=legend),
            _("Click a region to open it. Boundaries: cahyadsn/wilayah_boundaries (MIT)."),
        )
    elif region.level == Region.Level.NATIONAL:
        drawn, caption = (
            svg.tile_grid_svg(items, title=title, legend=legend),
            _("Each square is a province, placed roughly where it lies. Click one to open it."),
        )
    else:
        drawn, caption = (
            svg.bars_svg(items, title=title, legend=legend),
            _("Highest coverage first. Click a bar to open the region."),
        )
    cache.set(key, (drawn, caption), MAP_CACHE_SECONDS)
    return drawn, caption


def region_charts(
    region: Region, trend: list[TrendPoint], ucj_target: Fraction, *, browser: bool = False
) -> dict[str, SafeString]:
    """The trend and segment charts of a region page: drawn on the server as SVG (readers without
    JavaScript, the PDF), or, with `browser`, compiled for the page's Vega runtime to draw
    (docs/adr/0007-charts-in-the-page.md)."""
    if not trend:
        return {}
    lang = get_language() or "id"
    trend_title = _("Coverage of %(name)s, with the target and UCJ") % {"name": region.name}
    segments_title = _("Active participants of %(name)s by segment") % {"name": region.name}
    if browser:
        return {
            "trend": charts.trend_chart(trend, ucj_target=ucj_target, lang=lang, title=trend_title),
            "segments": charts.segments_chart(trend, lang=lang, title=segments_title),
        }
    return {
        "trend": charts.trend_svg(trend, ucj_target=ucj_target, lang=lang, title=trend_title),
        "segments": charts.segments_svg(trend, lang=lang, title=segments_title),
    }
