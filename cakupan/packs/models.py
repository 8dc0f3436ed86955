"""A meeting's pack as presented: the figures frozen when it was presented and the three files made from
them. Presenting again makes a new version; earlier versions stay, with their files."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PackSnapshot(models.Model):
    meeting = models.ForeignKey("monev.Meeting", on_delete=models.PROTECT, related_name="pack_snapshots")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")  # the host
    version = models.PositiveIntegerField()  # 1, 2, 3 … per meeting
    period = models.CharField(max_length=7)  # the month of the figures
    lang = models.CharField(max_length=2)
    # indicators.versions.region_version of the host and its sub-regions when the pack was made.
    figures_version = models.CharField(max_length=64)
    values = models.JSONField()  # `packs.content.pack_values`: exact figures, rates as fractions in text
    simulated = models.BooleanField(default=False)
    # The files, kept as Monev documents of the host region (so a backup carries them).
    pptx = models.ForeignKey("monev.Document", on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey("monev.Document", on_delete=models.PROTECT, related_name="+")
    xlsx = models.ForeignKey("monev.Document", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="pack_snapshot_version"),
        ]

    def __str__(self) -> str:
        return f"Pack {self.meeting_id} v{self.version}"

    def documents(self) -> list[tuple[str, int]]:
        return [("pptx", self.pptx_id), ("pdf", self.pdf_id), ("xlsx", self.xlsx_id)]
