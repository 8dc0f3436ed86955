from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """The outline of one region for display maps, simplified when it was imported.

    Written only by `boundaries_import` (bulk writes, one audit event per file). Not for areas or
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

    class Meta:
        ordering = ["region"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.region_id)
