"""Cells of the open-data tables: a figure through the `cakupan_format` filters, or the hidden mark."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common.templatetags.cakupan_format import num, pct
from cakupan.indicators.words import denominator_words, warning_kind_label
from cakupan.opendata.selectors import OpenRow

register = template.Library()


@register.simple_tag
def figure_cell(row: OpenRow, column: str) -> SafeString:
    """`<td>` of one figure; a suppressed one shows a mark (and says "hidden" to screen readers)."""
    if column in row.suppressed:
        return format_html(
            '<td class="num" data-figure="{}" data-suppressed="true"><span aria-hidden="true">*</span>'
            '<span class="visually-hidden">{}</span></td>',
            column,
            _("hidden"),
        )
    value = row.values[column]
    if column == "coverage_rate":
        rate = None if value is None else Decimal(repr(value))
        denominator = (
            denominator_words(
                row.workers_period_from or row.workers_period,
                row.workers_period,
                row.workforce_sources,
                get_language(),
                short=True,
            )
            if row.workers_period
            else ""
        )
        return format_html(
            '<td class="num" data-figure="{}" data-value="{}">{}<small class="denom">{}</small></td>',
            column,
            "" if value is None else f"{value:.2f}",
            pct(rate),
            denominator,
        )
    return format_html(
        '<td class="num" data-figure="{}" data-value="{}">{}</td>',
        column,
        "" if value is None else value,
        pct(Decimal(repr(value))) if isinstance(value, float) else num(value),  # another public rate
    )


@register.simple_tag
def opendata_url(code: str, period: str | None = None, fmt: str = "") -> str:
    """The open-data table of a region (`00`: the national one), or its download in `fmt`."""
    if fmt:
        url = reverse("opendata:download", args=[code, fmt])
    elif code == "00":
        url = reverse("opendata:index")
    else:
        url = reverse("opendata:region", args=[code])
    return f"{url}?{urlencode({'periode': period})}" if period else url


@register.filter
def warning_kind(kind: str) -> str:
    """A published warning's kind in a few words, in the reader's language."""
    return warning_kind_label(kind)
