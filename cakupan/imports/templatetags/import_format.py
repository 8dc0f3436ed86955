"""The figures of an import (whole counts, or target values with up to four decimals) written the way the
active language writes numbers: 104.933 and 67,28 in Indonesian, 104,933 and 67.28 in English."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from cakupan.common.formatting import fmt_int

register = template.Library()


@register.filter
def figure(value: int | Decimal | None) -> str:
    if value is None:
        return fmt_int(None)
    lang = get_language() or "id"
    whole, _dot, fraction = f"{abs(Decimal(value)):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = fmt_int(int(whole), lang)
    if fraction:
        text += ("." if lang.startswith("en") else ",") + fraction
    return f"−{text}" if value < 0 else text


@register.filter
def dataset_label(name: str) -> str:
    """A dataset's name in words (the registry's label, in the active language); the name itself for a
    dataset no longer registered (an old batch)."""
    from cakupan.imports import registry

    return str(registry.get(name).label) if name in registry.names() else name
