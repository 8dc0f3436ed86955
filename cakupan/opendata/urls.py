from __future__ import annotations

from django.urls import path

from cakupan.opendata import views
from cakupan.opendata.pages import opendata_pages

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    # The open data other apps publish (the poorest deciles: participants), before the regions' `<code>/`.
    *opendata_pages(),
    path("<str:code>/", views.opendata_region, name="region"),
    path("<str:code>/unduh.<str:fmt>", views.opendata_download, name="download"),
]
