"""Template filters that format through `cakupan.common.formatting` in the active language."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from django import template
from django.utils.translation import get_language

from cakupan.common import formatting

register = template.Library()
T = TypeVar("T")


def _figure(value: T) -> T | None:
    """A figure to format, or None. A template that reaches for the figure of something missing (the
    indicators of a region without figures that month) gets "" from Django, which is no figure either:
    shown as the dash, never an error page."""
    return None if isinstance(value, str) and not value.strip() else value


@register.filter
def num(value: int | None) -> str:
    return formatting.fmt_int(_figure(value), get_language())


@register.filter
def signed_num(value: int | None) -> str:
    return formatting.fmt_int(_figure(value), get_language(), signed=True)


@register.filter
def pct(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_pct(_figure(value), get_language())


@register.filter
def points(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_points(_figure(value), get_language())


@register.filter
def points_unsigned(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_points(_figure(value), get_language(), signed=False)


@register.filter
def idr(value: int | None) -> str:
    return formatting.fmt_idr(_figure(value), get_language())


@register.filter
def month(value: str | None) -> str:
    return formatting.fmt_month(_figure(value), get_language())


@register.filter
def month_short(value: str | None) -> str:
    return formatting.fmt_month(_figure(value), get_language(), short=True)


@register.filter
def rate_value(value: Fraction | Decimal | None) -> str:
    """A machine-readable rounded value for data attributes and tests (always 33.73 form)."""
    return formatting.fmt_decimal(_figure(value), "en").replace(",", "")
