from __future__ import annotations

from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "cakupan.maps"
    verbose_name = "Peta"

    def ready(self) -> None:
        from cakupan.maps import datasets  # noqa: F401  (registers the dataset)
