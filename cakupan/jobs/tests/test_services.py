from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.jobs.runner import job_execute
from cakupan.jobs.services import job_claim, job_enqueue, jobs_requeue_stale
from cakupan.jobs.tests import kinds

pytestmark = pytest.mark.django_db


def test_asking_twice_for_the_same_work_gives_the_same_job(personas: Any) -> None:
    first, created = job_enqueue(kind="test.count", params={"items": 3}, by=personas.officer_a)
    again, created_again = job_enqueue(kind="test.count", params={"items": 3}, by=personas.officer_b)
    other, created_other = job_enqueue(kind="test.count", params={"items": 4}, by=personas.officer_a)
    assert (created, created_again, created_other) == (True, False, True)
    assert again.pk == first.pk and other.pk != first.pk
    assert first.created_by_id == personas.officer_a.pk


def test_a_finished_job_is_reused_while_its_result_exists_and_redone_when_it_is_gone() -> None:
    job, _ = job_enqueue(kind="test.count", params={"items": 2})
    job_execute(job_claim(worker="w") or job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job_enqueue(kind="test.count", params={"items": 2}) == (job, False)
    from pathlib import Path

    Path(job.result_path).unlink()
    redo, created = job_enqueue(kind="test.count", params={"items": 2})
    assert created and redo.pk != job.pk


def test_an_unknown_kind_of_job_is_refused() -> None:
    with pytest.raises(LookupError, match="unknown job kind"):
        job_enqueue(kind="no.such", params={})


def test_a_job_is_claimed_by_one_worker_only() -> None:
    job, _ = job_enqueue(kind="test.count", params={"items": 1})
    claimed = job_claim(worker="first")
    assert claimed is not None and claimed.pk == job.pk and claimed.status == Job.Status.RUNNING
    assert job_claim(worker="second") is None


def test_a_job_whose_worker_went_silent_waits_again_and_fails_after_too_many_attempts(settings: Any) -> None:
    settings.CAKUPAN_JOB_STALE_SECONDS = 60
    settings.CAKUPAN_JOB_MAX_ATTEMPTS = 2
    job, _ = job_enqueue(kind="test.count", params={"items": 1})
    job_claim(worker="w")
    later = timezone.now() + timedelta(seconds=61)
    assert jobs_requeue_stale(now=timezone.now()) == 0  # still fresh
    assert jobs_requeue_stale(now=later) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 1)
    job_claim(worker="w")
    jobs_requeue_stale(now=timezone.now() + timedelta(seconds=61))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "too many" in job.error


def test_a_job_whose_worker_process_has_ended_waits_again_at_once() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    here = socket.gethostname()
    workers = {
        "killed": f"{here}:{ended.pid}:1",  # a command killed on this machine
        "alive": f"{here}:{os.getppid()}:1",
        "elsewhere": f"another-{here}:{ended.pid}:1",  # its process cannot be looked at from here
    }
    jobs = {}
    for name, worker in workers.items():
        jobs[name], _ = job_enqueue(kind="test.count", params={"items": 1, "worker": name})
        job_claim(worker=worker, pk=jobs[name].pk)
    assert jobs_requeue_stale(now=timezone.now()) == 1  # the heartbeats are all fresh
    status = {name: Job.objects.get(pk=job.pk).status for name, job in jobs.items()}
    running = Job.Status.RUNNING
    assert status == {"killed": Job.Status.QUEUED, "alive": running, "elsewhere": running}


def test_an_interrupted_job_resumes_from_its_checkpoint_without_redoing_finished_items() -> None:
    kinds.DONE_ITEMS.clear()
    job, _ = job_enqueue(kind="test.count", params={"items": 5, "fail_at": 3})
    job_execute(job_claim(worker="w") or job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "stopped at item 3" in job.error
    assert (job.done, job.total) == (3, 5)
    # Asked again, the failed job is not reused: a new one starts, from nothing. A resumed job (the
    # worker requeues an abandoned one) keeps its checkpoint instead:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    job_execute(job_claim(worker="w") or job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100
    assert kinds.DONE_ITEMS == [0, 1, 2, 3, 4]


def test_two_requests_racing_for_the_same_work_end_with_one_job(monkeypatch: pytest.MonkeyPatch) -> None:
    from cakupan.jobs import services

    first, _ = job_enqueue(kind="test.count", params={"items": 1})
    # The second request looked before the first had inserted its job: it found nothing.
    monkeypatch.setattr(services, "job_existing", lambda **kwargs: None)
    second, created = job_enqueue(kind="test.count", params={"items": 1})
    assert not created and second.pk == first.pk
    assert Job.objects.count() == 1
