"""Running one job: the context its handler reports progress through, and the outcome."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.jobs.registry import kind_of

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds): a job of 10,000 small steps must not spend its time
# writing its own progress.
PROGRESS_INTERVAL = 0.5


class JobContext:
    """What a handler gets: its parameters, a place for files, and progress reporting. Progress doubles as
    the heartbeat that tells other workers this job is alive."""

    def __init__(self, job: Job, *, on_progress: Callable[[Job], None] | None = None) -> None:
        self.job = job
        self.params: dict[str, Any] = job.params
        self.checkpoint: dict[str, Any] = job.checkpoint
        self._on_progress = on_progress
        self._written = 0.0

    @property
    def folder(self) -> Path:
        folder = self.job.folder
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def start(self, total: int, message: str = "") -> None:
        self.job.total = total
        self.job.done = min(self.job.done, total)
        self._save(force=True, message=message)

    def advance(self, steps: int = 1, *, message: str = "", force: bool = False) -> None:
        self.job.done = min(self.job.done + steps, self.job.total or self.job.done + steps)
        self._save(force=force, message=message)

    def save_checkpoint(self) -> None:
        """Make what the handler put into `checkpoint` survive an interruption."""
        self._save(force=True)

    def _save(self, *, force: bool, message: str = "") -> None:
        if message:
            self.job.message = message[:300]
        now = time.monotonic()
        if force or now - self._written >= PROGRESS_INTERVAL:
            self._written = now
            self.job.heartbeat_at = timezone.now()
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done,
                total=self.job.total,
                message=self.job.message,
                checkpoint=self.checkpoint,
                heartbeat_at=self.job.heartbeat_at,
            )
        if self._on_progress is not None:
            self._on_progress(self.job)

    def finish(self, *, result_name: str = "") -> None:
        self.job.result_name = result_name


def job_execute(job: Job, *, on_progress: Callable[[Job], None] | None = None) -> Job:
    """Run a claimed job to the end and record how it ended; a failure is recorded, never raised."""
    context = JobContext(job, on_progress=on_progress)
    try:
        kind_of(job.kind).handler(context)
    except Exception as error:  # any failure of the work is the job's outcome, recorded
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = f"{type(error).__name__}: {error}"[:2000]
    else:
        job.status = Job.Status.DONE
        job.done = job.total
    job.finished_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=job.status,
        error=job.error,
        done=job.done,
        total=job.total,
        message=job.message,
        checkpoint=job.checkpoint,
        result_name=job.result_name,
        finished_at=job.finished_at,
        heartbeat_at=job.finished_at,
    )
    return job
