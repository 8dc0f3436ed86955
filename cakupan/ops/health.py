"""What the readiness endpoint checks. Each check answers quickly and says what is wrong without
revealing configuration (no paths, hosts or versions)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cakupan.jobs.models import Job


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


_migrated = False  # once every migration is applied it stays so for the life of the process


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check("database", False, type(exc).__name__)
    return Check("database", True, connection.vendor)


def migrations() -> Check:
    global _migrated
    if not _migrated:
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as exc:
            return Check("migrations", False, type(exc).__name__)
        if pending:
            return Check("migrations", False, f"{len(pending)} not applied: run `cakupan init`")
        _migrated = True
    return Check("migrations", True, "applied")


def data_dir() -> Check:
    path = settings.DATA_DIR
    if not (path.is_dir() and os.access(path, os.W_OK)):
        return Check("data_dir", False, "not writable")
    return Check("data_dir", True, "writable")


def job_queue() -> Check:
    """Work waiting longer than a worker would leave it means no worker is running. Pages still serve,
    so this is reported but does not make the instance unready."""
    try:
        queued = Job.objects.filter(status=Job.Status.QUEUED).order_by("pk")
        waiting_since = queued.values_list("created_at", flat=True).first()
    except DatabaseError as exc:
        return Check("jobs", False, type(exc).__name__)
    if waiting_since is None:
        return Check("jobs", True, "idle")
    waited = timezone.now() - waiting_since
    detail = f"oldest job waiting {int(waited.total_seconds())} s"
    if waited > timedelta(seconds=settings.CAKUPAN_JOB_STALE_SECONDS):
        return Check("jobs", False, f"{detail}: is a worker running?")
    return Check("jobs", True, detail)


# The checks that decide readiness; the job queue is advisory.
REQUIRED = ("database", "migrations", "data_dir")


def readiness() -> tuple[bool, list[Check]]:
    checks = [database()]
    if checks[0].ok:
        checks += [migrations(), data_dir(), job_queue()]
    ready = all(check.ok for check in checks if check.name in REQUIRED) and len(checks) > 1
    return ready, checks
