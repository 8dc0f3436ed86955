from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One committed file or form entry of any dataset: what it was, who sent it, when, and what it
    changed. Refused files leave none. Each dataset's store keeps what the batch replaced (figures:
    FigureChange; Monev rows: their `replaced_by`; employers: compliance.PositionChange)."""

    class Source(models.TextChoices):
        CLI = "cli", _("command line")
        WEB = "web", _("web upload")
        API = "api", _("API")
        DEMO = "demo", _("demo data")
        ENTRY = "entry", _("entry form")

    dataset = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.BigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    # Who sent it, in words: the account for web and API, the system user and host for the command line.
    actor = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    new_figures = models.PositiveIntegerField()
    replaced_figures = models.PositiveIntegerField()
    unchanged_figures = models.PositiveIntegerField()
    periods = models.JSONField(default=list)
    regions = models.PositiveIntegerField()
    simulated = models.BooleanField(default=False)
    # The regions the file has rows for: who may see the batch follows from them.
    touched_regions = models.ManyToManyField("regions.Region", related_name="+")
    # Counts only one dataset has, e.g. {"new_employers": 3, "findings": 2}.
    details = models.JSONField(default=dict, blank=True)
    # A batch recorded before every dataset shared this model: its old model ("monev.monevimport",
    # "compliance.employerimport") and id there, so that old links and answers still find it.
    legacy_kind = models.CharField(max_length=40, blank=True)
    legacy_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_kind", "legacy_id"],
                condition=models.Q(legacy_id__isnull=False),
                name="importbatch_legacy_unique",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.dataset} {self.file_name}"


class FigureChange(models.Model):
    """A figure a later file replaced: the history behind every current figure."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="changes")
    dataset = models.CharField(max_length=40)
    # Found by the lookup index (region, dataset, when), whose first column it is: no index of its own.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    when = models.CharField(max_length=7, help_text="Period (YYYY-MM) or year")
    item = models.CharField(max_length=60, help_text="Sector, segment/status or indicator")
    old_value = models.DecimalField(max_digits=22, decimal_places=4)
    new_value = models.DecimalField(max_digits=22, decimal_places=4)
    old_batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["region", "dataset", "when"], name="figurechange_lookup")]

    def __str__(self) -> str:
        return f"{self.dataset} {self.region_id} {self.when} {self.item}: {self.old_value} → {self.new_value}"
