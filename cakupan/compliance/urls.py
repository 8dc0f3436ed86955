from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.compliance import views

app_name = "compliance"

urlpatterns: list[URLPattern] = [
    path("", views.compliance_index, name="index"),
    path("cek-izin/", views.licensing_check, name="licensing"),
    path("impor/", views.import_upload, name="import-upload"),
    path("impor/pratinjau/<str:token>/", views.import_preview, name="import-preview"),
    path("impor/pratinjau/<str:token>/simpan/", views.import_confirm, name="import-confirm"),
    # An employers import's number before every dataset shared ImportBatch: sent on to its batch page.
    path("impor/<int:pk>/", views.import_detail, name="import"),
    path("pemberi-kerja/<int:pk>/", views.employer_detail, name="employer"),
    path("pemberi-kerja/<int:pk>/ubah/", views.employer_edit, name="employer-edit"),
    path("pemberi-kerja/<int:pk>/buka-kasus/", views.case_create, name="case-open"),
    path("posisi/<int:pk>/ubah/", views.position_edit, name="position-edit"),
    path("kasus/<int:pk>/", views.case_detail, name="case"),
    path("kasus/<int:pk>/langkah/<slug:action>/", views.case_step, name="case-step"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence"),
    path("wilayah/<str:code>/", views.region_home, name="region"),
    path("wilayah/<str:code>/pemberi-kerja/", views.employer_list, name="employers"),
    path("wilayah/<str:code>/kandidat/", views.candidate_list, name="candidates"),
    path("wilayah/<str:code>/kandidat.csv", views.candidate_csv, name="candidates-csv"),
    path("wilayah/<str:code>/kasus/", views.case_list, name="cases"),
]
