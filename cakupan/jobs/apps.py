from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cakupan.jobs"
    verbose_name = "Tugas latar"

    def ready(self) -> None:
        from cakupan.jobs import retention  # noqa: F401  (registers the daily retention sweep)
