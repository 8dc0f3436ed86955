from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cakupan.api import api

urlpatterns = [
    path("", include("cakupan.dashboards.urls")),
    path("impor/", include("cakupan.imports.urls")),
    path("akun/", include("cakupan.accounts.urls")),
    path("audit/", include("cakupan.accounts.audit_trail.urls")),
    path("data-terbuka/", include("cakupan.opendata.urls")),
    path("pilih-wilayah/", include("cakupan.accounts.region_picker.urls")),
    path("kepatuhan/", include("cakupan.compliance.urls")),
    path("monev/", include("cakupan.monev.urls")),
    path("laporan/", include("cakupan.reports.urls")),
    path("tugas/", include("cakupan.jobs.urls")),
    path("paket/", include("cakupan.packs.urls")),
    path("peserta/", include("cakupan.participants.urls")),
    path("saya/", include("cakupan.tasks.urls")),
    path("permintaan-data/", include("cakupan.datacalls.urls")),
    path("api/", api.urls),
    path("", include("cakupan.ops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
