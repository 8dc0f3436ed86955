"""The indicator library's words in templates, in the active language (`cakupan.indicators.words`)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cakupan.indicators import words
from cakupan.indicators.library import RegionIndicators, TrendPoint

register = template.Library()


@register.filter
def denominator(ind: RegionIndicators | TrendPoint | None, form: str = "") -> str:
    """The source and vintage of the workforce behind a coverage rate (a region's, or a month's of its
    trend); `"short"` for table cells."""
    if not isinstance(ind, (RegionIndicators, TrendPoint)):
        return ""
    return words.denominator_text(ind, get_language(), short=form == "short")


@register.filter
def shared_denominator(rows: list[RegionIndicators] | None, form: str = "") -> str:
    """The one denominator all rows of a table share (`words.shared_denominator_text`), or empty."""
    return words.shared_denominator_text(list(rows or ()), get_language(), short=form == "short")
