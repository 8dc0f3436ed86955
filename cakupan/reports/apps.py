from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cakupan.reports"
    verbose_name = "Laporan"

    def ready(self) -> None:
        from cakupan.reports import background, services  # noqa: F401  (register the report jobs)
