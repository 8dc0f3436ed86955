"""Reads of the job queue, scoped: a job is seen by the user who asked for it, by whoever asked for the
same work later and was given this job, and by administrators. Anyone else gets a 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.jobs.models import Job
from cakupan.jobs.registry import KINDS
from cakupan.regions.scope import RegionScope


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


def job_result_get(user: Any, *, pk: int) -> tuple[Job, Path]:
    """A finished job and its file, for a user who may see the job and every region whose restricted
    figures the file holds: an API token limited to some of its owner's regions fetches nothing made for
    the others. Http404 otherwise (so the file's existence is not told either)."""
    job = job_get(user, pk=pk)
    path = Path(job.result_path) if job.result_path else None
    if job.status != Job.Status.DONE or path is None or not path.is_file():
        raise Http404
    holds = KINDS[job.kind].holds if job.kind in KINDS else None
    if holds is not None and not _within(holds(job.params), access.scope(user, Cap.VIEW_RESTRICTED)):
        raise Http404
    return job, path


def _within(inner: RegionScope, outer: RegionScope) -> bool:
    if inner.is_empty or outer.everything:
        return True
    return not inner.everything and outer.covers_all(inner.roots)


def job_list(user: Any, *, limit: int = 50) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if not job_administers(user):
        served = Job.served.through.objects.filter(user_id=user.pk).values("job_id")
        jobs = jobs.filter(Q(created_by_id=user.pk) | Q(pk__in=served))
    return jobs.order_by("-pk")[:limit]
