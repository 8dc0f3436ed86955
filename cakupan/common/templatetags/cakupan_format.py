"""Template filters that format through `cakupan.common.formatting` in the active language."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language

from cakupan.common import formatting

register = template.Library()


@register.filter
def num(value: int | None) -> str:
    return formatting.fmt_int(value, get_language())


@register.filter
def signed_num(value: int | None) -> str:
    return formatting.fmt_int(value, get_language(), signed=True)


@register.filter
def pct(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_pct(value, get_language())


@register.filter
def points(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_points(value, get_language())


@register.filter
def points_unsigned(value: Fraction | Decimal | None) -> str:
    return formatting.fmt_points(value, get_language(), signed=False)


@register.filter
def idr(value: int | None) -> str:
    return formatting.fmt_idr(value, get_language())


@register.filter
def month(value: str | None) -> str:
    return formatting.fmt_month(value, get_language())


@register.filter
def month_short(value: str | None) -> str:
    return formatting.fmt_month(value, get_language(), short=True)


@register.filter
def rate_value(value: Fraction | Decimal | None) -> str:
    """A machine-readable rounded value for data attributes and tests (always 33.73 form)."""
    return formatting.fmt_decimal(value, "en").replace(",", "")
