"""Reads of the job queue, scoped: a job is seen by the user who asked for it, by whoever asked for the
same work later and was given this job, and by administrators. Anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.jobs.models import Job


def job_administers(user: Any) -> bool:
    """Administrators see every job and the text of a job's error; others see its reference."""
    return bool(getattr(user, "is_authenticated", False)) and access.can(user, Cap.VIEW_AUDIT)


def job_visible(user: Any, job: Job) -> bool:
    if not user.is_authenticated:
        return False
    if job.created_by_id == user.pk or job_administers(user):
        return True
    return job.served.filter(pk=user.pk).exists()


def job_get(user: Any, *, pk: int) -> Job:
    """The job, or Http404 for one the user may not see (so its existence is not told either)."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not job_visible(user, job):
        raise Http404
    return job


def job_list(user: Any, *, limit: int = 50) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if not job_administers(user):
        served = Job.served.through.objects.filter(user_id=user.pk).values("job_id")
        jobs = jobs.filter(Q(created_by_id=user.pk) | Q(pk__in=served))
    return jobs.order_by("-pk")[:limit]
