"""Background jobs: work too long for a request (chart drawing after an import, report batches), run by a
worker with progress the pages and the CLI show, resumable after an interruption."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict)
    # The same kind with the same parameters is the same work: asked twice, it is done once.
    key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    # What a resumed run may skip: the handler records the items it has finished.
    checkpoint = models.JSONField(default=dict)
    result_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who asked for the same work later and was given this job: they may follow it and take its result.
    served = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "id"], name="job_queue")]
        constraints = [
            # Two requests for the same work at the same moment still make one job.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="job_one_active_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, (100 * self.done) // self.total) if self.total else 0

    @property
    def reference(self) -> str:
        """What a user quotes to an administrator about a failed job (the error text is theirs alone)."""
        return f"JOB-{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def result_path(self) -> str:
        return str(self.folder / self.result_name) if self.result_name else ""

    @property
    def folder(self) -> Path:
        """Where the job keeps its files: under the generated files (outside the web root, served only
        through the job's page). The key is in the name, so a job number used again (a database made
        anew beside an old data folder) never finds another job's files to resume from."""
        return Path(settings.MEDIA_ROOT) / "jobs" / f"{self.pk}-{self.key[:16]}"


class PeriodicRun(models.Model):
    """One run of a periodic job at one due time. The unique pair lets the database pick the one worker
    that runs it: every other worker's insert of the same (name, due_at) fails and it moves on."""

    name = models.CharField(max_length=60)
    due_at = models.DateTimeField()
    worker = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-due_at", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="periodic_run_once")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
