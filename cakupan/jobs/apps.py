from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cakupan.jobs"
    verbose_name = "Tugas latar"
