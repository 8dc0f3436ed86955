from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "cakupan.regions"
    verbose_name = "Wilayah"

    def ready(self) -> None:
        # Register the region crosswalk dataset and its store.
        from cakupan.regions import datasets, services  # noqa: F401
