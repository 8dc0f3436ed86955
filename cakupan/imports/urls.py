from __future__ import annotations

from django.urls import path

from cakupan.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_upload, name="upload"),
    path("pratinjau/<str:token>/", views.import_preview, name="preview"),
    path("pratinjau/<str:token>/simpan/", views.import_confirm, name="confirm"),
    path("batch/<int:pk>/", views.import_batch_detail, name="batch"),
    path("templat/<slug:dataset>.xlsx", views.import_template, {"kind": "xlsx"}, name="template-xlsx"),
    path("templat/<slug:dataset>.csv", views.import_template, {"kind": "csv"}, name="template-csv"),
    path("contoh/<slug:dataset>.csv", views.import_template, {"kind": "contoh.csv"}, name="example-csv"),
]
