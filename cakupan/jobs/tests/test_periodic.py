from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from cakupan.jobs import periodic
from cakupan.jobs.models import Job, PeriodicRun
from cakupan.jobs.periodic import periodic_run_due
from cakupan.jobs.retention import retention_apply
from cakupan.jobs.worker import worker_run

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)


@pytest.fixture
def counted() -> Iterator[list[str]]:
    """A periodic job of its own (hourly) in place of the registered ones, recording each run."""
    runs: list[str] = []
    saved = dict(periodic.PERIODIC)
    periodic.PERIODIC.clear()
    periodic.periodic_job("test.hourly", every=timedelta(hours=1))(lambda: runs.append("ran"))
    yield runs
    periodic.PERIODIC.clear()
    periodic.PERIODIC.update(saved)


def test_a_periodic_job_runs_once_per_due_time_whichever_workers_ask(counted: list[str]) -> None:
    assert periodic_run_due(worker="a", now=NOON) == ["test.hourly"]
    assert periodic_run_due(worker="b", now=NOON + timedelta(minutes=20)) == []
    assert periodic_run_due(worker="b", now=NOON + timedelta(minutes=40)) == ["test.hourly"]
    assert counted == ["ran", "ran"]
    rows = list(PeriodicRun.objects.order_by("due_at").values_list("worker", "due_at"))
    assert rows == [("a", NOON.replace(minute=0)), ("b", NOON.replace(hour=13, minute=0))]


def test_the_database_turns_away_a_second_worker_that_checked_at_the_same_moment(
    counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Worker b read "not claimed" just before worker a inserted the row: b's insert fails, a alone runs it.
    PeriodicRun.objects.create(name="test.hourly", due_at=NOON.replace(minute=0), worker="a")

    class Stale:
        def exists(self) -> bool:
            return False

    monkeypatch.setattr(PeriodicRun.objects, "filter", lambda **kw: Stale())
    assert periodic_run_due(worker="b", now=NOON) == []
    assert counted == []


def test_a_failing_periodic_job_is_recorded_and_the_worker_goes_on(counted: list[str]) -> None:
    def broken() -> None:
        raise RuntimeError("disk full")

    periodic.periodic_job("test.broken", every=timedelta(hours=1))(broken)
    assert sorted(periodic_run_due(worker="a", now=NOON)) == ["test.broken", "test.hourly"]
    run = PeriodicRun.objects.get(name="test.broken")
    assert run.error == "RuntimeError: disk full" and run.finished_at is not None
    assert worker_run(stop=threading.Event(), once=True) == 0  # the worker itself runs the due ones


def test_the_worker_runs_the_registered_retention_sweep() -> None:
    worker_run(stop=threading.Event(), once=True)
    assert PeriodicRun.objects.filter(name="retention", finished_at__isnull=False, error="").count() == 1


def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_retention_prunes_old_job_folders_orphans_and_scratch_but_never_records(
    settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = data = tmp_path
    days = settings.CAKUPAN_JOB_RETENTION_DAYS
    old, recent = (
        Job.objects.create(kind="reports.batch", key=k * 64, status=Job.Status.DONE, result_name="r.zip")
        for k in "ab"
    )
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=days + 1))
    Job.objects.filter(pk=recent.pk).update(finished_at=timezone.now() - timedelta(days=days - 1))
    for job in (old, recent):
        job.folder.mkdir(parents=True)
        (job.folder / "r.zip").write_bytes(b"zip")
    stray = Path(settings.MEDIA_ROOT) / "jobs" / "999-gone"
    stray.mkdir()
    _age(stray, (days + 1) * 86400)

    evidence = data / "evidence"
    evidence.mkdir(exist_ok=True)
    orphan, fresh_orphan = evidence / "crashed.pdf", evidence / "being-saved.pdf"
    orphan.write_bytes(b"%PDF")
    fresh_orphan.write_bytes(b"%PDF")
    _age(orphan, 2 * 3600)
    documents = data / "documents"
    documents.mkdir(exist_ok=True)
    (documents / "minutes.pdf").write_bytes(b"%PDF")
    _age(documents / "minutes.pdf", 400 * 86400)

    work = data / "participants" / "work"
    killed, running = work / "cakupan-rollup-killed", work / "cakupan-rollup-running"
    for folder in (killed, running):
        (folder / "spill").mkdir(parents=True)
    _age(killed, 2 * 86400)

    swept = retention_apply()

    assert not old.folder.exists() and (recent.folder / "r.zip").exists() and not stray.exists()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.result_name, old.status, recent.result_name) == ("", Job.Status.DONE, "r.zip")
    assert not orphan.exists() and fresh_orphan.exists()
    assert (documents / "minutes.pdf").exists()
    assert not killed.exists() and running.exists()
    assert sorted(swept.job_folders) == sorted([old.folder.name, "999-gone"])
    assert swept.removed["evidence"] == ["crashed.pdf"] and swept.scratch == ["cakupan-rollup-killed"]
