from __future__ import annotations

from django import template

from cakupan.jobs.registry import kind_label

register = template.Library()


@register.filter
def job_label(kind: str) -> str:
    return kind_label(kind)
