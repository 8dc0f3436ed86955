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


def _item_words() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "active": _("active"),
        "inactive": _("inactive"),
        "total": _("total"),
        "formal": _("formal"),
        "informal": _("informal"),
        "coverage_rate": _("coverage rate"),
        "active_participants": _("active participants"),
        "vulnerable_workers_funded": _("vulnerable workers funded"),
    }


@register.filter
def item_label(item: str | tuple[str, ...] | list[str]) -> str:
    """What a figure is, in words: ("PU", "active") or "PU/active" → "PU aktif"; "total" → "jumlah".
    Segments keep their contract names (PU, BPU, JAKON, PMI), which officers use as words."""
    parts = item.split("/") if isinstance(item, str) else list(item)
    words = _item_words()
    return " ".join(words.get(part, part) for part in parts)
