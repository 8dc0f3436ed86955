"""The example dataset's table: outreach visits of a region in a month, as imported (`example_visits`). A
later file for the same region and month replaces the row and keeps it, marked by the batch that replaced
it, like every register of rows."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from cakupan.regions.models import Region


class OutreachVisits(models.Model):
    # Spelled out for the type checker, whose settings do not install the test-only app.
    objects: ClassVar[models.Manager[OutreachVisits]] = models.Manager()
    region_id: str
    batch_id: int

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    visits = models.PositiveIntegerField()
    source = models.CharField(max_length=300, blank=True)
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["region", "period"]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period}: {self.visits}"
