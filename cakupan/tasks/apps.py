from __future__ import annotations

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cakupan.tasks"
    verbose_name = "Yang menunggu saya"

    def ready(self) -> None:
        # The hourly digest job; where a user lands and the task list atop it (cakupan.dashboards.parts).
        from cakupan.tasks import digest, region_parts  # noqa: F401
