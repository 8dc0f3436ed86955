from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.participants import left_out_views, poverty_views, views, village_funding_views

app_name = "participants"

urlpatterns: list[URLPattern] = [
    path("impor/", views.participants_upload, name="import"),
    path("cocokkan/", views.match_upload, name="match-upload"),
    path("cocokkan/<int:pk>/", views.match_detail, name="match-detail"),
    path("cocokkan/<int:pk>/anggota/", views.match_members, name="match-members"),
    path("tertinggal/", left_out_views.left_out, name="left-out"),
    path("kemiskinan/", poverty_views.poverty, name="poverty"),
    path("kemiskinan/cocokkan/", poverty_views.poverty_upload, name="poverty-upload"),
    path("sektor/", poverty_views.sectors, name="sectors"),
    path("tertinggal/desa-100/", village_funding_views.village_funding, name="village-funding"),
]
