"""The models of targets and commitments (app label `monev`: their tables and audit entity names are
unchanged)."""

from __future__ import annotations

from django.db import models

from cakupan.monev.meetings.models import Meeting
from cakupan.monev.regulations.models import Regulation


class CommitmentSource(models.Model):
    """Where a target or commitment (`indicators.Target`, the one register: docs/adr/0006) came from on the
    Monev side: the meeting that agreed it and the regulation that set it. The indicator library, a
    foundation, never reads Monev; this link is Monev's, one row at most per target."""

    target = models.OneToOneField(
        "indicators.Target", primary_key=True, on_delete=models.CASCADE, related_name="monev_source"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_sources"
    )
    regulation = models.ForeignKey(
        Regulation, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_sources"
    )

    class Meta:
        indexes = [models.Index(fields=["meeting"], name="commitment_source_meeting")]

    def __str__(self) -> str:
        return f"{self.target_id} ← meeting {self.meeting_id}, regulation {self.regulation_id}"
