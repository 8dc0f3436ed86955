"""What the data folder keeps and for how long, applied once a day by the worker (a periodic job).

Pruned: the folders of background jobs (report batch zips and their parts) finished more than
CAKUPAN_JOB_RETENTION_DAYS ago, and job folders no job row names; the scratch folders of participant
rollups and matches a killed process left behind, a day after they were last touched; and what the apps
above jobs register with `retention_sweep_register` (compliance: evidence files no case step refers to,
an hour after they were written). Never pruned: meeting documents, evidence and reports attached to
records, the participant store, the secret key."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.jobs.periodic import periodic_job

logger = logging.getLogger(__name__)

SCRATCH_GRACE_SECONDS = 24 * 3600  # no rollup or match runs this long without touching its folder


@dataclass
class Swept:
    job_folders: list[str] = field(default_factory=list)
    scratch: list[str] = field(default_factory=list)
    removed: dict[str, list[str]] = field(default_factory=dict)  # by registered sweep: the names it removed


# A sweep of another app's files: given the time now (seconds since the epoch), it removes what it no
# longer keeps and returns the names it removed.
Sweep = Callable[[float], list[str]]
_SWEEPS: dict[str, Sweep] = {}


def retention_sweep_register(*, name: str, sweep: Sweep) -> None:
    """Register (or replace, by name) a sweep the daily retention runs after its own."""
    _SWEEPS[name] = sweep


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def older_than(path: Path, seconds: float, now: float) -> bool:
    try:
        return path.lstat().st_mtime < now - seconds
    except OSError:
        return False


def _prune_job_folders(swept: Swept) -> None:
    root = Path(settings.MEDIA_ROOT) / "jobs"
    cutoff = timezone.now() - timedelta(days=settings.CAKUPAN_JOB_RETENTION_DAYS)
    expired = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    for job in expired.exclude(result_name="").order_by("pk").iterator():
        remove_path(job.folder)
        swept.job_folders.append(job.folder.name)
    # The row stays (who asked, when, the outcome); its page no longer offers a file.
    expired.exclude(result_name="").update(result_name="")
    if not root.is_dir():
        return
    live = {job.folder.name for job in Job.objects.only("pk", "key")}
    now = time.time()
    for folder in root.iterdir():
        if folder.name not in live and older_than(folder, settings.CAKUPAN_JOB_RETENTION_DAYS * 86400, now):
            remove_path(folder)
            swept.job_folders.append(folder.name)


def _sweep_scratch(swept: Swept) -> None:
    folder = Path(settings.DATA_DIR) / "participants" / "work"
    if not folder.is_dir():
        return
    now = time.time()
    for item in folder.iterdir():
        if older_than(item, SCRATCH_GRACE_SECONDS, now):
            remove_path(item)
            swept.scratch.append(item.name)


def retention_apply() -> Swept:
    swept = Swept()
    _prune_job_folders(swept)
    _sweep_scratch(swept)
    now = time.time()
    for name, sweep in _SWEEPS.items():
        swept.removed[name] = sweep(now)
    logger.info(
        "retention: %d job folders, %d scratch items, %s removed",
        len(swept.job_folders),
        len(swept.scratch),
        ", ".join(f"{len(names)} {name}" for name, names in swept.removed.items()) or "nothing else",
    )
    return swept


@periodic_job("retention", every=timedelta(days=1))
def retention_daily() -> None:
    retention_apply()
