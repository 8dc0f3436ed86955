from __future__ import annotations

from django import template

from cakupan.jobs.models import Job
from cakupan.jobs.registry import job_description, job_remake, kind_label

register = template.Library()


@register.filter
def job_label(kind: str) -> str:
    return kind_label(kind)


@register.filter
def job_params(job: Job) -> str:
    return job_description(job.kind, job.params)


@register.simple_tag
def remake_of(job: Job) -> tuple[str, dict[str, str]] | None:
    """For a finished job made from figures that have since changed: the form to make it again."""
    if job.status != job.Status.DONE:
        return None
    return job_remake(job.kind, job.params)
