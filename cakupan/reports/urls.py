from __future__ import annotations

from django.urls import path

from cakupan.reports import views

app_name = "reports"

urlpatterns = [
    path("batch/", views.report_batch, name="batch"),
    path("<str:code>/<str:period>.<str:fmt>", views.report_download, name="download"),
    path("<str:code>/<str:period>.<str:fmt>/buat/", views.report_make, name="make"),
    path("dibuat/<int:pk>/", views.report_made, name="made"),
    path("dibuat/<int:pk>/unduh/", views.report_made_download, name="made-download"),
    path("<str:code>/<str:period>/<str:table>.<str:fmt>", views.table_download, name="table"),
]
