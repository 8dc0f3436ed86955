from __future__ import annotations

from django.urls import path

from cakupan.opendata import poverty, views

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("kemiskinan/<str:code>/", poverty.opendata_poverty, name="poverty"),
    path("kemiskinan/<str:code>/unduh.csv", poverty.opendata_poverty_csv, name="poverty-download"),
    path("<str:code>/", views.opendata_region, name="region"),
    path("<str:code>/unduh.<str:fmt>", views.opendata_download, name="download"),
]
