from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cakupan.common"
    verbose_name = "Cakupan"
