from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cakupan.reports"
    verbose_name = "Laporan"
