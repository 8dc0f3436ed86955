from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cakupan.imports"
    verbose_name = "Impor data"

    def ready(self) -> None:
        from cakupan.imports import datasets  # noqa: F401  (registers the figure datasets)
