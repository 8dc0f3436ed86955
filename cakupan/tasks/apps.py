from __future__ import annotations

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cakupan.tasks"
    verbose_name = "Yang menunggu saya"

    def ready(self) -> None:
        from cakupan.tasks import digest  # noqa: F401  (registers the hourly digest job)
