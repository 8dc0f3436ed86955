"""The data call: before a meeting, its host asks the invited regions (or regions below the host) for the
figures of some datasets and months, by a due date. Whether a region has submitted is never typed: it is
read from the import batches (`datacalls.status`). Only the host's acceptance is recorded here."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DataCall(models.Model):
    meeting = models.ForeignKey("monev.Meeting", on_delete=models.PROTECT, related_name="+")
    # The host: the meeting's region, kept here so that every read is scoped like the meeting's.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    # The regions asked: the meeting's invited regions, or regions below the host.
    regions = models.ManyToManyField("regions.Region", related_name="+")
    datasets = models.JSONField(default=list, help_text="Dataset names of the import registry")
    periods = models.JSONField(default=list, help_text="Months asked for (YYYY-MM)")
    due_on = models.DateField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "due_on"], name="datacall_region")]

    def __str__(self) -> str:
        return f"Data call #{self.pk} {self.region_id} {self.due_on}"


class DataCallAcceptance(models.Model):
    """The host accepted what a region submitted for one dataset and month of a call."""

    data_call = models.ForeignKey(DataCall, on_delete=models.PROTECT, related_name="acceptances")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    dataset = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    # The newest batch submitted for the cell when it was accepted.
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["data_call", "region", "dataset", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_call", "region", "dataset", "period"], name="datacall_accepted_once"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.data_call_id} {self.region_id} {self.dataset} {self.period}"
