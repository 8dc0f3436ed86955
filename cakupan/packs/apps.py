from __future__ import annotations

from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "cakupan.packs"
    verbose_name = "Bahan rapat Monev"

    def ready(self) -> None:
        from cakupan.audit.registry import audit_model

        # Register the background job that renders and freezes a meeting's pack.
        from cakupan.packs import services  # noqa: F401
        from cakupan.packs.models import PackSnapshot

        audit_model(PackSnapshot, region_field="region")
