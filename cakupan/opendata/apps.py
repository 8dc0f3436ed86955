from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cakupan.opendata"
    verbose_name = "Data terbuka"

    def ready(self) -> None:
        from cakupan.opendata.config import suppression_k

        suppression_k()  # a bad CAKUPAN_SUPPRESSION_K stops start-up with a message, not a page later
