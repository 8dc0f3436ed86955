from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from cakupan.charts.vega import RUNTIME
from cakupan.common import formatting
from cakupan.dashboards.selectors import DEFAULT_DIRECTION, FairPage, RegionPage
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.words import (
    change_basis_text,
    completeness_text,
    denominator_text,
    not_ranked_text,
    unmeasured_text,
    warning_sentence,
    warnings_sentence,
)

register = template.Library()


def page_url(page: RegionPage, **params: str) -> str:
    query = {"periode": page.period or "", "urut": page.sort, "arah": page.direction, "tampilan": page.view}
    query.update(params)
    if not query["tampilan"]:
        del query["tampilan"]
    return f"{reverse('dashboards:region', args=[page.region.code])}?{urlencode(query)}"


@register.simple_tag
def sort_header(page: RegionPage, key: str, label: str, numeric: bool = True) -> SafeString:
    """A column header that sorts the children table: a plain link, enhanced by HTMX."""
    active = page.sort == key
    if active:
        direction = "asc" if page.direction == "desc" else "desc"
        aria = "descending" if page.direction == "desc" else "ascending"
        arrow = " ▼" if page.direction == "desc" else " ▲"
    else:
        direction = DEFAULT_DIRECTION.get(key, "desc")
        aria, arrow = "none", ""
    href = page_url(page, urut=key, arah=direction)
    return format_html(
        '<th scope="col" aria-sort="{}" class="{}"><a href="{}" hx-get="{}&amp;bagian=anak" '
        'hx-target="#children" '
        'hx-swap="outerHTML" hx-push-url="{}">{}{}</a></th>',
        aria,
        "num" if numeric else "",
        href,
        href,
        href,
        label,
        arrow,
    )


@register.simple_tag
def chart_url(page: RegionPage, inline: bool = False) -> str:
    """The charts of a region page: loaded by HTMX after the page, or drawn in it (`grafik=1`) when the
    reader has no JavaScript."""
    return page_url(page, grafik="1") if inline else page_url(page, bagian="grafik")


@register.simple_tag
def view_url(page: RegionPage, view: str) -> str:
    return page_url(page, tampilan=view)


BAND_LABELS = {
    "sangat_rendah": gettext_lazy("very low"),
    "rendah": gettext_lazy("low"),
    "sedang": gettext_lazy("medium"),
    "tinggi": gettext_lazy("high"),
}


@register.simple_tag
def band_chip(band: str | None) -> SafeString:
    """The coverage category as a labelled chip (colour and word, never colour alone). No category (a
    region without figures that month, whose missing figures a template reads as "") is the dash."""
    if not band:
        return mark_safe('<span class="band band-none">–</span>')
    return format_html('<span class="band band-{}">{}</span>', band.replace("_", "-"), BAND_LABELS[band])


@register.simple_tag
def region_url(code: str, period: str | None, view: str = "") -> str:
    """A region page address that keeps the month and, when given, the view (map or table)."""
    url = reverse("dashboards:region", args=[code])
    query = {key: value for key, value in (("periode", period), ("tampilan", view)) if value}
    return f"{url}?{urlencode(query)}" if query else url


@register.filter
def change_class(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "up" if number > 0 else "down" if number < 0 else ""


@register.filter
def warning_text(warning: dict[str, object]) -> str:
    """A data-quality warning of the rollup in words (the same on every surface)."""
    from django.utils.translation import get_language

    return warning_sentence(dict(warning), get_language())


@register.filter
def warnings_text(warnings: list[dict[str, object]]) -> str:
    """Every warning of a figure, for a table cell's title or a list beside a table or map."""
    from django.utils.translation import get_language

    return warnings_sentence([dict(w) for w in warnings], get_language())


@register.simple_tag
def downloads(page: RegionPage, table: str) -> SafeString:
    """ "Download: CSV · JSON" for a table of the page (GeoJSON for the map), with the page's month."""
    from django.utils.translation import gettext as _

    formats = ("geojson",) if table == "peta" else ("csv", "json")
    links = format_html_join(
        " · ",
        '<a href="{}" download>{}</a>',
        (
            (reverse("reports:table", args=[page.region.code, page.period, table, fmt]), fmt.upper())
            for fmt in formats
        ),
    )
    return format_html('<p class="hint downloads">{} {}</p>', _("Download:"), links)


@register.filter
def completeness(ind: RegionIndicators) -> str:
    """'2 of 3 sub-regions reporting; …; 50,00 % of the workforce measured' (empty without parts)."""
    from django.utils.translation import get_language

    return completeness_text(ind, get_language())


@register.filter
def coverage_missing(ind: RegionIndicators) -> str:
    """Why a region with participants has no coverage rate."""
    return unmeasured_text(ind.unmeasured)


@register.filter
def not_ranked(ind: RegionIndicators) -> str:
    """Why a region is not ranked (empty when it is ranked)."""
    return "" if ind.ranked else not_ranked_text(ind)


@register.filter
def change_basis(regions: int | None) -> str:
    """'change over the same 12 regions' when a change compares fewer regions than the month has."""
    from django.utils.translation import get_language

    return change_basis_text(regions, get_language())


@register.filter
def province_of(page: FairPage, region_code: str) -> str:
    """The name of the province a row of the national fair ranking lies in."""
    return page.province_name(region_code)


@register.simple_tag
def chart_scripts() -> SafeString:
    """The scripts that draw a region page's charts in the browser: the vendored Vega runtime (its name
    carries its version) and charts.js (docs/adr/0007-charts-in-the-page.md)."""
    from django.conf import settings
    from django.templatetags.static import static

    if not settings.CAKUPAN_CHARTS_IN_BROWSER:
        return mark_safe("")  # the server draws them (CAKUPAN_CHARTS_IN_BROWSER)
    # The runtime (207 KB compressed) loads `async`: a deferred script holds back DOMContentLoaded, and with
    # it HTMX's request for the charts, until it has arrived; so on a slow phone the charts' data came a
    # round trip and a download after the runtime. charts.js draws when both are there.
    return format_html(
        '<script src="{}" async data-vega-runtime></script>\n  <script src="{}" defer></script>',
        static(RUNTIME),
        static("cakupan/charts.js"),
    )


@register.simple_tag
def trend_rows(page: RegionPage) -> SafeString:
    """The rows of the trend table, newest month first: month, coverage with its workforce's source,
    target, active, inactive, workers and each segment's active participants. Written here rather than
    as a template loop: 36 rows of a dozen formatted cells were a seventh of a region page's CPU."""
    from django.utils.translation import get_language

    lang = get_language()
    rows = []
    for t in reversed(page.trend):
        segments = "".join(
            f'<td class="num">{escape(formatting.fmt_int(n, lang))}</td>' for n in t.segments_active.values()
        )
        rows.append(
            f'\n      <tr data-period="{escape(t.period)}"><th scope="row">'
            f"{escape(formatting.fmt_month(t.period, lang))}</th>"
            f'<td class="num">{escape(formatting.fmt_pct(t.coverage_rate, lang))}<small class="denom">'
            f"{escape(denominator_text(t, lang, short=True))}</small></td>"
            f'<td class="num">{escape(formatting.fmt_pct(t.target_rate, lang))}</td>'
            f'<td class="num">{escape(formatting.fmt_int(t.active, lang))}</td>'
            f'<td class="num">{escape(formatting.fmt_int(t.inactive, lang))}</td>'
            f'<td class="num">{escape(formatting.fmt_int(t.workers, lang))}</td>{segments}</tr>\n    '
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value above is escaped)
