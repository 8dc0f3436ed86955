"""Periodic jobs: work the worker does on a clock (the retention sweep, later the daily digest). Apps
register them in `AppConfig.ready()` like job kinds. Each worker asks on every turn which are due; the
first to insert the (name, due time) row runs it, and the unique constraint turns every other worker's
insert away, so a periodic job runs once per due time across all workers and servers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from cakupan.jobs.models import PeriodicRun

logger = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    handler: Callable[[], object]

    def due_at(self, now: datetime) -> datetime:
        """The latest due time not after `now`: whole multiples of `every` counted from 2000-01-01 UTC."""
        return EPOCH + ((now - EPOCH) // self.every) * self.every


PERIODIC: dict[str, Periodic] = {}


def periodic_job(name: str, *, every: timedelta) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(handler: Callable[[], object]) -> Callable[[], object]:
        PERIODIC[name] = Periodic(name=name, every=every, handler=handler)
        return handler

    return register


def _claim(job: Periodic, due_at: datetime, worker: str) -> PeriodicRun | None:
    if PeriodicRun.objects.filter(name=job.name, due_at=due_at).exists():
        return None
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(name=job.name, due_at=due_at, worker=worker)
    except IntegrityError:  # another worker inserted it first: it runs the job
        return None


def periodic_run_due(*, worker: str, now: datetime | None = None) -> list[str]:
    """Run every periodic job whose current due time no worker has claimed yet. Returns the names run."""
    now = now or timezone.now()
    ran: list[str] = []
    for job in list(PERIODIC.values()):
        run = _claim(job, job.due_at(now), worker)
        if run is None:
            continue
        try:
            job.handler()
        except Exception as exc:  # one failing job must not stop the others or the worker
            logger.exception("periodic job %s failed", job.name)
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "error"])
        ran.append(job.name)
    return ran
