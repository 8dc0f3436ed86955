from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.nik_guard import upload_name
from cakupan.imports.models import ImportBatch
from cakupan.maps.models import Boundary
from cakupan.maps.services import boundaries_import


class BoundaryFileForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection, one feature a province or regency, its code in code or kode."),
    )
    dry_run = forms.BooleanField(label=_("Check only; store nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.CAKUPAN_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": limit // 2**20}
            )
        return upload


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    """Read-only rows: boundaries change only by importing a whole GeoJSON file (this page's "Import",
    `cakupan import boundaries FILE.geojson` or the API), validated whole and stored as one import batch."""

    change_list_template = "maps/admin/boundary_change_list.html"
    list_display = ("region", "vertices", "source_file", "imported_at", "batch")
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
        "batch",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        upload = path("impor/", self.admin_site.admin_view(self.import_view), name="maps_boundary_import")
        return [upload, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a GeoJSON file: every problem listed and nothing stored, or stored as one import batch."""
        if not access.can(request.user, Cap.IMPORT_BOUNDARIES):
            raise PermissionDenied
        form = BoundaryFileForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = boundaries_import(
                file_name=upload_name(upload.name, kind="boundaries"),
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
                by=request.user,  # type: ignore[arg-type]
                source=ImportBatch.Source.WEB,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import region boundaries"),
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "maps/admin/boundary_import.html", context)
