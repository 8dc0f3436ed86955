from __future__ import annotations

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "cakupan.dashboards"
    verbose_name = "Dasbor"

    def ready(self) -> None:
        # Registers the chart-drawing job and its trigger after each import.
        from cakupan.dashboards import predraw  # noqa: F401
