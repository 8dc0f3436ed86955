from __future__ import annotations

from django.db import models


class RateWindow(models.Model):
    """Requests counted for one key (a token's fingerprint, or an address) in one minute. Kept in the
    database so that every process of a server counts together, with no extra service."""

    key = models.CharField(max_length=80)
    window = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratewindow_key_window")]
        indexes = [models.Index(fields=["window"], name="ratewindow_window")]

    def __str__(self) -> str:
        return f"{self.key} {self.window:%H:%M} {self.hits}"
