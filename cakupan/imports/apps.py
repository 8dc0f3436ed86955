from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cakupan.imports"
    verbose_name = "Impor data"

    def ready(self) -> None:
        # Registers the figure datasets, and the store of the targets dataset (the one register of targets).
        from cakupan.imports import datasets, target_store  # noqa: F401
