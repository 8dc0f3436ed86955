from __future__ import annotations

from django import template

from cakupan.jobs.models import Job
from cakupan.jobs.registry import job_description, kind_label

register = template.Library()


@register.filter
def job_label(kind: str) -> str:
    return kind_label(kind)


@register.filter
def job_params(job: Job) -> str:
    return job_description(job.kind, job.params)
