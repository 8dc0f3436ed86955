from __future__ import annotations

from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    """A user's daily digest went out for this local day. The unique pair is claimed before the message
    is sent, so two workers (or a worker and an operator's `cakupan digest`) never send it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    tasks = models.PositiveIntegerField(default=0)  # how many tasks it listed (no titles kept)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="digest_once_per_user_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.local_date}"
