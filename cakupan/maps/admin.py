from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cakupan.maps.models import Boundary


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    """Read-only: boundaries change only through `cakupan import boundaries FILE.geojson`, which
    validates the whole file and writes the audit trail."""

    list_display = ("region", "vertices", "source_file", "imported_at")
    list_select_related = ("region",)
    search_fields = ("region__code", "region__name", "source_file")
    list_filter = ("region__level",)
    exclude = ("geometry",)
    readonly_fields = (
        "region",
        "bbox",
        "label_lon",
        "label_lat",
        "vertices",
        "source_file",
        "source_sha256",
        "imported_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
