"""Reads of the job queue, scoped: a job is seen by the user who asked for it, by whoever its kind lets
see it (a report batch: anyone who may ask for the same batch), and by administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.jobs.models import Job
from cakupan.jobs.registry import KINDS


def _sees_all(user: Any) -> bool:
    return access.can(user, Cap.VIEW_AUDIT)


def job_visible(user: Any, job: Job) -> bool:
    if not user.is_authenticated:
        return False
    if job.created_by_id == user.pk or _sees_all(user):
        return True
    kind = KINDS.get(job.kind)
    return kind is not None and kind.visible_to(user, job.params)


def job_get(user: Any, *, pk: int) -> Job:
    """The job, or Http404 for one the user may not see (so its existence is not told either)."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not job_visible(user, job):
        raise Http404
    return job


def job_list(user: Any, *, limit: int = 50) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if not _sees_all(user):
        jobs = jobs.filter(created_by_id=user.pk)
    return jobs.order_by("-pk")[:limit]
