from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cakupan.common"
    verbose_name = "Cakupan"

    def ready(self) -> None:
        from cakupan.common import nik_guard

        nik_guard.connect()
