"""What the data folder keeps and for how long, applied once a day by the worker (a periodic job).

Pruned: the folders of background jobs (report batch zips and their parts) finished more than
CAKUPAN_JOB_RETENTION_DAYS ago, and job folders no job row names; evidence files no case step refers to
(a crash between writing the file and saving its row), an hour after they were written; the scratch
folders of participant rollups and matches a killed process left behind, a day after they were last
touched. Never pruned: meeting documents, evidence and reports attached to records, the participant
store, the secret key."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.jobs.periodic import periodic_job

logger = logging.getLogger(__name__)

ORPHAN_GRACE_SECONDS = 3600  # an evidence file younger than this may still be getting its row
SCRATCH_GRACE_SECONDS = 24 * 3600  # no rollup or match runs this long without touching its folder


@dataclass
class Swept:
    job_folders: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    scratch: list[str] = field(default_factory=list)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _older_than(path: Path, seconds: float, now: float) -> bool:
    try:
        return path.lstat().st_mtime < now - seconds
    except OSError:
        return False


def _prune_job_folders(swept: Swept) -> None:
    root = Path(settings.MEDIA_ROOT) / "jobs"
    cutoff = timezone.now() - timedelta(days=settings.CAKUPAN_JOB_RETENTION_DAYS)
    expired = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    for job in expired.exclude(result_name="").order_by("pk").iterator():
        _remove(job.folder)
        swept.job_folders.append(job.folder.name)
    # The row stays (who asked, when, the outcome); its page no longer offers a file.
    expired.exclude(result_name="").update(result_name="")
    if not root.is_dir():
        return
    live = {job.folder.name for job in Job.objects.only("pk", "key")}
    now = time.time()
    for folder in root.iterdir():
        if folder.name not in live and _older_than(folder, settings.CAKUPAN_JOB_RETENTION_DAYS * 86400, now):
            _remove(folder)
            swept.job_folders.append(folder.name)


def _sweep_orphan_evidence(swept: Swept) -> None:
    from cakupan.compliance.models import Evidence

    folder = Path(settings.DATA_DIR) / "evidence"
    if not folder.is_dir():
        return
    known = set(Evidence._base_manager.values_list("stored_name", flat=True))
    now = time.time()
    for item in folder.iterdir():
        if item.name not in known and item.is_file() and _older_than(item, ORPHAN_GRACE_SECONDS, now):
            _remove(item)
            swept.evidence.append(item.name)


def _sweep_scratch(swept: Swept) -> None:
    folder = Path(settings.DATA_DIR) / "participants" / "work"
    if not folder.is_dir():
        return
    now = time.time()
    for item in folder.iterdir():
        if _older_than(item, SCRATCH_GRACE_SECONDS, now):
            _remove(item)
            swept.scratch.append(item.name)


def retention_apply() -> Swept:
    swept = Swept()
    _prune_job_folders(swept)
    _sweep_orphan_evidence(swept)
    _sweep_scratch(swept)
    logger.info(
        "retention: %d job folders, %d orphaned evidence files, %d scratch items removed",
        len(swept.job_folders),
        len(swept.evidence),
        len(swept.scratch),
    )
    return swept


@periodic_job("retention", every=timedelta(days=1))
def retention_daily() -> None:
    retention_apply()
