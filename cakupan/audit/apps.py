from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cakupan.audit"
    verbose_name = "Jejak audit"

    def ready(self) -> None:
        # Apps above audit (accounts, indicators, ...) register their own models from their ready();
        # regions sits below audit, so its master is registered here.
        from cakupan.audit import receivers
        from cakupan.audit.registry import audit_model
        from cakupan.common.nik_sweep import nik_swept
        from cakupan.regions.models import Region
        from cakupan.regions.services import master_loaded

        audit_model(Region, region_field="code")
        nik_swept.connect(receivers.nik_sweep_record, dispatch_uid="audit_nik_sweep")
        master_loaded.connect(receivers.region_master_record, dispatch_uid="audit_region_master")
