"""`{% region_poverty region.code %}`: the region page's card of the poorest deciles' protection."""

from __future__ import annotations

from typing import Any

from django import template

from cakupan.participants.poverty import poverty_region_summary

register = template.Library()


@register.inclusion_tag("participants/_region_poverty.html", takes_context=True)
def region_poverty(context: template.Context, code: str) -> dict[str, Any]:
    """The latest poverty linkage of the region (regency level and above), deciles 1–4 and all, as
    published; nothing for a region below regency level, without a linkage, or the reader may not see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    summary = poverty_region_summary(user, code=code) if user is not None else None
    return {"poverty": summary}
