from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "cakupan.regions"
    verbose_name = "Wilayah"
