from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cakupan.opendata"
    verbose_name = "Data terbuka"
