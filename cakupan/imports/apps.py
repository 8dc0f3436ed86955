from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cakupan.imports"
    verbose_name = "Impor data"
