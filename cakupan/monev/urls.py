from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.monev import views
from cakupan.monev.outreach import views as outreach_views

app_name = "monev"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("regulasi/", views.regulation_list, name="regulations"),
    path("regulasi/baru/", views.regulation_create, name="regulation-create"),
    path("regulasi/<int:pk>/", views.regulation_detail, name="regulation-detail"),
    path("regulasi/<int:pk>/ubah/", views.regulation_edit, name="regulation-edit"),
    path("inpres/<str:code>/", views.inpres_matrix, name="inpres"),
    path("dokumen/<int:pk>/", views.document_download, name="document"),
    path("rapat/", views.meeting_list, name="meetings"),
    path("rapat/baru/", views.meeting_create, name="meeting-create"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("rapat/<int:pk>/butir/", views.meeting_item_add, name="meeting-item-add"),
    path("rapat/<int:pk>/komitmen/", views.commitment_add, name="commitment-add"),
    path("rapat/<int:pk>/tindak-lanjut/", views.follow_up_add, name="follow-up-add"),
    path("rapat/<int:pk>/undangan/", views.attendee_add, name="attendee-add"),
    path("undangan/<int:pk>/", views.attendee_update, name="attendee-update"),
    path("rapat/<int:pk>/penandatangan/", views.signatories_set, name="signatories-set"),
    path("rapat/<int:pk>/notulen/", views.meeting_minutes, name="minutes"),
    path("tindak-lanjut/terlambat/", views.overdue, name="overdue"),
    path("tindak-lanjut/<int:pk>/", views.follow_up_edit, name="follow-up-edit"),
    path("linimasa/<str:code>/", views.timeline, name="timeline"),
    path("pendanaan/<str:code>/", views.funding, name="funding"),
    path("pendanaan/<str:code>/isi/", views.funding_entry, name="funding-entry"),
    path("anggaran/<str:code>/", views.budget, name="budget"),
    path("anggaran/<str:code>/isi/", views.budget_entry, name="budget-entry"),
    path("impor/", views.dataset_upload, name="dataset-upload"),
    path("impor/<str:token>/", views.dataset_preview, name="dataset-preview"),
    path("impor/<str:token>/simpan/", views.dataset_confirm, name="dataset-confirm"),
    path("non-asn/<str:code>/", views.staff_coverage, name="staff"),
    path("non-asn/<str:code>/isi/", views.staff_coverage_entry, name="staff-entry"),
    path("non-asn-dari-daftar/<int:pk>/", views.staff_from_match, name="staff-from-match"),
    path("perisai/<str:code>/", outreach_views.outreach, name="outreach"),
    path("perisai-agen/baru/", outreach_views.agent_create, name="agent-create"),
    path("perisai-agen/<int:pk>/capaian/", outreach_views.agent_figure, name="agent-figure"),
    path("sosialisasi/baru/", outreach_views.socialisation_create, name="socialisation-create"),
    path("manfaat/<str:code>/", views.benefits, name="benefits"),
    path("skor/<str:code>/", views.scorecard, name="scorecard"),
    path("ringkasan/", views.national_summary, name="summary"),
    path("ringkasan/narasi/", views.semester_narrative, name="semester-narrative"),
    path("laporan-penerima/", views.addressee_reports, name="addressee-reports"),
    path("laporan-penerima/baru/", views.addressee_report_create, name="addressee-report-create"),
    path("target/<str:code>/", views.targets, name="targets"),
    path("target/<str:code>/isi/", views.target_entry, name="target-entry"),
]
