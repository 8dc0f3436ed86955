from __future__ import annotations

from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "cakupan.throttle"
    verbose_name = "Batas permintaan"

    def ready(self) -> None:
        from cakupan.audit.registry import BULK_AUDITED

        BULK_AUDITED["throttle.ratewindow"] = (
            "request counters of the rate limits, written on every limited request: operational, not a record"
        )
