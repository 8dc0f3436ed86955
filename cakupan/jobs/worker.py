"""The worker: claims waiting jobs one at a time and runs them. `cakupan worker` runs it as a process;
`cakupan serve` runs one in a thread so that the embedded set-up needs nothing else."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import connections

from cakupan.jobs.periodic import periodic_run_due
from cakupan.jobs.runner import job_execute
from cakupan.jobs.services import job_claim, jobs_requeue_stale

logger = logging.getLogger(__name__)


def fresh_connections() -> None:
    """Drop database connections that broke or outlived CONN_MAX_AGE, as Django does between requests;
    never one inside a transaction (a caller's atomic block, a test), which closing would cut short."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def worker_run(*, stop: threading.Event, once: bool = False) -> int:
    """Run jobs until `stop` is set (or, with `once`, until none is waiting), and the periodic jobs as they
    fall due. Returns the (queued) jobs run."""
    name = worker_name()
    ran = 0
    while not stop.is_set():
        fresh_connections()
        try:
            periodic_run_due(worker=name)
            jobs_requeue_stale()
            job = job_claim(worker=name)
        except Exception:  # a database hiccup must not end the worker
            logger.exception("the worker could not read the job queue")
            job = None
        if job is None:
            if once:
                break
            stop.wait(settings.CAKUPAN_JOB_POLL_SECONDS)
            continue
        logger.info("job %s (%s) started", job.pk, job.kind)
        job_execute(job)
        logger.info("job %s (%s) %s", job.pk, job.kind, job.status)
        ran += 1
    fresh_connections()
    return ran


def worker_thread(stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=worker_run, kwargs={"stop": stop}, name="cakupan-worker", daemon=True)
    thread.start()
    return thread
