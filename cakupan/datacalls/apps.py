from __future__ import annotations

from django.apps import AppConfig


class DatacallsConfig(AppConfig):
    name = "cakupan.datacalls"
    verbose_name = "Permintaan data"

    def ready(self) -> None:
        from cakupan.audit.registry import audit_model
        from cakupan.datacalls.models import DataCall, DataCallAcceptance

        audit_model(DataCall, region_field="region")
        audit_model(DataCallAcceptance, region_field="region")
