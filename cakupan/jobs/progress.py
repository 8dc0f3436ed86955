"""Following a job from the command line: run it here when it waits, or watch the worker that runs it,
with a progress bar on the terminal (one line every tenth of the way when the output is a file)."""

from __future__ import annotations

import time
from typing import Any, TextIO

from cakupan.jobs.models import Job
from cakupan.jobs.runner import job_execute
from cakupan.jobs.services import job_claim, job_enqueue, job_release, jobs_requeue_stale
from cakupan.jobs.worker import worker_name

BAR = 30


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last_tenth = -1

    def show(self, job: Job) -> None:
        percent = job.percent
        if self.tty:
            filled = BAR * percent // 100
            bar = "#" * filled + "." * (BAR - filled)
            line = f"[{bar}] {percent:3d} % {job.done}/{job.total} {job.message}"
            self.stream.write("\r" + line[:110].ljust(110))
            self.stream.flush()
        elif percent // 10 != self.last_tenth:
            self.last_tenth = percent // 10
            self.stream.write(f"{percent:3d} % {job.done}/{job.total} {job.message}\n")
            self.stream.flush()

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def follow(*, kind: str, params: dict[str, Any], stream: TextIO, poll: float = 0.5) -> Job:
    """The finished job for this work: one already made, one a worker is making, or one made here."""
    job, _created = job_enqueue(kind=kind, params=params)
    bar = ProgressBar(stream)
    while not job.finished:
        jobs_requeue_stale()
        mine = job_claim(worker=worker_name(), pk=job.pk)
        if mine is not None:
            try:
                job = job_execute(mine, on_progress=bar.show)
            except KeyboardInterrupt:
                job_release(job=mine)
                bar.end()
                raise
            break
        job.refresh_from_db()
        bar.show(job)
        if not job.finished:
            time.sleep(poll)
    bar.show(job)
    bar.end()
    return job
