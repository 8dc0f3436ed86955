from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cakupan.indicators"
    verbose_name = "Indikator"
