from __future__ import annotations

from django.apps import AppConfig


class MonevConfig(AppConfig):
    name = "cakupan.monev"
    verbose_name = "Register Monev"
