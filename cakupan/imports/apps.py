from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cakupan.imports"
    verbose_name = "Impor data"

    def ready(self) -> None:
        # Registers the figure datasets and the region crosswalk (dataset and store). The figures' stores
        # (indicators.figure_store, indicators.target_store) are registered by the indicators app, which
        # owns the tables they write.
        from cakupan.imports import datasets, region_crosswalk  # noqa: F401
