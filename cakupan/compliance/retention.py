"""What compliance adds to the daily retention sweep (cakupan.jobs.retention), registered from
ComplianceConfig.ready(): evidence files no case step refers to (a crash between writing the file and
saving its row), an hour after they were written. Evidence attached to a step is never removed."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cakupan.compliance.models import Evidence
from cakupan.jobs.retention import older_than, remove_path, retention_sweep_register

ORPHAN_GRACE_SECONDS = 3600  # an evidence file younger than this may still be getting its row


def evidence_orphans_sweep(now: float) -> list[str]:
    folder = Path(settings.DATA_DIR) / "evidence"  # not made here: no folder, nothing to sweep
    if not folder.is_dir():
        return []
    known = set(Evidence._base_manager.values_list("stored_name", flat=True))
    removed = []
    for item in folder.iterdir():
        if item.name not in known and item.is_file() and older_than(item, ORPHAN_GRACE_SECONDS, now):
            remove_path(item)
            removed.append(item.name)
    return removed


retention_sweep_register(name="evidence", sweep=evidence_orphans_sweep)
