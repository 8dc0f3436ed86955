from __future__ import annotations

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cakupan.tasks"
    verbose_name = "Yang menunggu saya"
