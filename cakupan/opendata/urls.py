from __future__ import annotations

from django.urls import path

from cakupan.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("<str:code>/", views.opendata_region, name="region"),
    path("<str:code>/unduh.<str:fmt>", views.opendata_download, name="download"),
]
