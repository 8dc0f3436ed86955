from __future__ import annotations

from django.urls import path

from cakupan.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.national, name="national"),
    path("wilayah/<str:code>/", views.region_detail, name="region"),
    path("peringkat/<str:code>/", views.fair_ranking, name="fair"),
    path("bandingkan/", views.compare, name="compare"),
    path("cari/", views.find_region, name="find"),
]
