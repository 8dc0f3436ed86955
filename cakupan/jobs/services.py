"""Writes of the job queue: enqueue (once per identical request), claim, requeue the abandoned."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.jobs.registry import kind_of


def job_key(kind: str, params: dict[str, Any]) -> str:
    canonical = json.dumps([kind, params], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def job_enqueue(
    *, kind: str, params: dict[str, Any], by: AbstractBaseUser | AnonymousUser | None = None
) -> tuple[Job, bool]:
    """The job doing this work: one already waiting or running, or a finished one whose result still
    holds; otherwise a new one. Returns (job, created)."""
    key = job_key(kind, params)
    asker: int | None = by.pk if by is not None and by.is_authenticated else None
    existing = job_existing(kind=kind, key=key)
    if existing is not None:
        return _served(existing, asker), False
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, params=params, key=key, created_by_id=asker)
    except IntegrityError:
        # Another request made the same job between our look and our insert: that one it is.
        same = Job.objects.filter(key=key, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).get()
        return _served(same, asker), False
    return job, True


def _served(job: Job, asker: int | None) -> Job:
    """An identical request is given the job already doing (or done with) its work: its asker may now
    follow the job and take its result too."""
    if asker is not None and asker != job.created_by_id:
        job.served.add(asker)
    return job


def job_existing(*, kind: str, key: str) -> Job | None:
    """The job already doing this work, or done with a result that still holds."""
    reusable = kind_of(kind).reusable
    same = Job.objects.filter(key=key).exclude(status=Job.Status.FAILED).order_by("-pk")
    for job in same[:1]:
        if not job.finished or (reusable and (not job.result_name or _result_exists(job))):
            return job
    return None


def _result_exists(job: Job) -> bool:
    from pathlib import Path

    return Path(job.result_path).is_file()


def job_claim(*, worker: str, pk: int | None = None) -> Job | None:
    """The oldest waiting job (or the one named), now marked as running for this worker; None when there
    is none. The conditional update makes two workers racing for one job end with one owner, on any
    database."""
    waiting = Job.objects.filter(status=Job.Status.QUEUED)
    if pk is not None:
        waiting = waiting.filter(pk=pk)
    for pk in waiting.order_by("pk").values_list("pk", flat=True)[:5]:
        now = timezone.now()
        taken = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now, error=""
        )
        if taken:
            return Job.objects.get(pk=pk)
    return None


def jobs_requeue_stale(*, now: Any = None) -> int:
    """Jobs whose worker stopped sending heartbeats (killed, machine restarted) wait again, to resume
    from their checkpoint; after too many attempts they fail instead of looping. A job whose worker ran
    on this machine in a process that has ended waits again at once, not only once its heartbeat is
    stale: a command killed and started again takes up its job straight away."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.CAKUPAN_JOB_STALE_SECONDS)
    running = Job.objects.filter(status=Job.Status.RUNNING)
    ended = [pk for pk, worker in running.values_list("pk", "worker") if _worker_ended(worker)]
    stale = running.filter(Q(heartbeat_at__lt=cutoff) | Q(pk__in=ended))
    failed = stale.filter(attempts__gte=settings.CAKUPAN_JOB_MAX_ATTEMPTS - 1).update(
        status=Job.Status.FAILED, finished_at=now, error="The worker stopped too many times."
    )
    requeued = 0
    for job in stale.exclude(status=Job.Status.FAILED):
        requeued += Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED, attempts=job.attempts + 1, worker=""
        )
    return failed + requeued


def _worker_ended(worker: str) -> bool:
    """Whether the worker (see `worker_name`) ran on this machine in a process that no longer exists. A
    worker on another machine, or a process number since used again, counts as alive: its job waits for
    the heartbeat to go stale."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


def job_release(*, job: Job) -> None:
    """Put a job this process was running back in the queue (the command was interrupted), so that the
    next run resumes it from its checkpoint at once."""
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(status=Job.Status.QUEUED, worker="")
