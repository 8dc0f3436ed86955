"""Template tags other apps use to show Monev records on their pages without a selector of their own."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cakupan.monev import selectors

register = template.Library()


@register.inclusion_tag("monev/_region_benefits.html", takes_context=True)
def region_benefits(context: template.Context, code: str, period: str | None = None) -> dict[str, Any]:
    """Benefits paid in the region by program, with the monthly trend: `{% region_benefits region.code %}`.
    Renders nothing for a region the reader may not see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        benefits = selectors.region_benefits(user, code=code, period=period)
    except (PermissionDenied, Http404):
        return {"benefits": None}
    return {"benefits": benefits}
