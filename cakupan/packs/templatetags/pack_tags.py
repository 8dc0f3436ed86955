"""`{% meeting_pack meeting %}`: the pack's part of the meeting page (the monev template includes it)."""

from __future__ import annotations

from typing import Any

from django import template

from cakupan.packs.selectors import meeting_pack as meeting_pack_of

register = template.Library()


@register.inclusion_tag("packs/_meeting_pack.html", takes_context=True)
def meeting_pack(context: Any, meeting: Any) -> dict[str, Any]:
    request = context["request"]
    return {
        "mp": meeting_pack_of(request.user, meeting_pk=meeting.pk),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
