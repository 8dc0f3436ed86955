from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "cakupan.regions"
    verbose_name = "Wilayah"

    # The region crosswalk's dataset and store are registered by imports (imports.region_crosswalk).
