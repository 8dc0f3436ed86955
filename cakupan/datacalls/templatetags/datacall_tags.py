"""`{% meeting_data_calls meeting %}`: the data calls' part of the meeting page (the monev template
includes it)."""

from __future__ import annotations

from typing import Any

from django import template

from cakupan.datacalls import selectors

register = template.Library()


@register.inclusion_tag("datacalls/_meeting_data_calls.html", takes_context=True)
def meeting_data_calls(context: Any, meeting: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "meeting": meeting,
        "tables": selectors.meeting_data_calls(user, meeting=meeting),
        "can_call": selectors.is_host_of_meeting(user, meeting),
    }
