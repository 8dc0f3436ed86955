from __future__ import annotations

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "cakupan.dashboards"
    verbose_name = "Dasbor"
