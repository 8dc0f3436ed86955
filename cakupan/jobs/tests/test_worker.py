from __future__ import annotations

import threading

import pytest

from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run

pytestmark = pytest.mark.django_db


def test_the_worker_runs_every_waiting_job_in_order_and_stops_when_told_once() -> None:
    first, _ = job_enqueue(kind="test.count", params={"items": 2})
    second, _ = job_enqueue(kind="test.count", params={"items": 3})
    assert worker_run(stop=threading.Event(), once=True) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Job.Status.DONE
    assert first.finished_at is not None and second.finished_at is not None
    assert first.finished_at <= second.finished_at


def test_a_failing_job_does_not_stop_the_worker() -> None:
    failing, _ = job_enqueue(kind="test.count", params={"items": 2, "fail_at": 0})
    fine, _ = job_enqueue(kind="test.count", params={"items": 1})
    worker_run(stop=threading.Event(), once=True)
    failing.refresh_from_db()
    fine.refresh_from_db()
    assert (failing.status, fine.status) == (Job.Status.FAILED, Job.Status.DONE)
