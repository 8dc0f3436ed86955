from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """The outline of one region for display maps, simplified when it was imported.

    Written only by `boundaries_import`, through the one import commit (an import batch and its audit event
    per file, bulk writes). Not for areas or
    spatial analysis: the geometry is generalised and neighbouring layers do not nest exactly.
    """

    region = models.OneToOneField(
        "regions.Region",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="boundary",
        verbose_name=_("region"),
    )
    # GeoJSON Polygon or MultiPolygon in WGS84 lon/lat, simplified, coordinates rounded to 4 decimals.
    geometry = models.JSONField(_("geometry"))
    # [min lon, min lat, max lon, max lat] of the geometry as imported, before simplification.
    bbox = models.JSONField(_("bounding box"))
    label_lon = models.FloatField(_("label longitude"), null=True, blank=True)
    label_lat = models.FloatField(_("label latitude"), null=True, blank=True)
    vertices = models.PositiveIntegerField(_("vertices"), default=0)
    source_file = models.CharField(_("source file"), max_length=255)
    source_sha256 = models.CharField(_("source SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"))
    # The import batch that wrote it (none for boundaries imported before boundaries had batches).
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["region"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.region_id)


class BoundaryChange(models.Model):
    """A boundary a later file replaced: which file it came from and how it was drawn, the history behind
    every boundary shown (the batch page lists them). The old outline itself is not kept: boundaries are
    reference data that their publisher keeps."""

    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    old_source_file = models.CharField(max_length=255)
    old_source_sha256 = models.CharField(max_length=64)
    old_vertices = models.PositiveIntegerField()
    old_imported_at = models.DateTimeField()
    new_vertices = models.PositiveIntegerField()

    class Meta:
        ordering = ["batch", "region"]

    def __str__(self) -> str:
        return f"{self.region_id} in batch {self.batch_id}"
