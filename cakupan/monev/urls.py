from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.monev import views
from cakupan.monev.benefits import views as benefits_views
from cakupan.monev.funding import views as funding_views
from cakupan.monev.meetings import views as meetings_views
from cakupan.monev.outreach import views as outreach_views
from cakupan.monev.regulations import views as regulations_views
from cakupan.monev.scorecard import views as scorecard_views
from cakupan.monev.staff import views as staff_views
from cakupan.monev.summary import views as summary_views
from cakupan.monev.targets import views as targets_views

app_name = "monev"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("regulasi/", regulations_views.regulation_list, name="regulations"),
    path("regulasi/baru/", regulations_views.regulation_create, name="regulation-create"),
    path("regulasi/<int:pk>/", regulations_views.regulation_detail, name="regulation-detail"),
    path("regulasi/<int:pk>/ubah/", regulations_views.regulation_edit, name="regulation-edit"),
    path("inpres/<str:code>/", regulations_views.inpres_matrix, name="inpres"),
    path("dokumen/<int:pk>/", regulations_views.document_download, name="document"),
    path("rapat/", meetings_views.meeting_list, name="meetings"),
    path("rapat/baru/", meetings_views.meeting_create, name="meeting-create"),
    path("rapat/<int:pk>/", meetings_views.meeting_detail, name="meeting-detail"),
    path("rapat/<int:pk>/butir/", meetings_views.meeting_item_add, name="meeting-item-add"),
    path("rapat/<int:pk>/komitmen/", targets_views.commitment_add, name="commitment-add"),
    path("rapat/<int:pk>/tindak-lanjut/", meetings_views.follow_up_add, name="follow-up-add"),
    path("rapat/<int:pk>/undangan/", meetings_views.attendee_add, name="attendee-add"),
    path("undangan/<int:pk>/", meetings_views.attendee_update, name="attendee-update"),
    path("rapat/<int:pk>/penandatangan/", meetings_views.signatories_set, name="signatories-set"),
    path("rapat/<int:pk>/notulen/", meetings_views.meeting_minutes, name="minutes"),
    path("tindak-lanjut/terlambat/", meetings_views.overdue, name="overdue"),
    path("tindak-lanjut/<int:pk>/", meetings_views.follow_up_edit, name="follow-up-edit"),
    path("linimasa/<str:code>/", meetings_views.timeline, name="timeline"),
    path("pendanaan/<str:code>/", funding_views.funding, name="funding"),
    path("pendanaan/<str:code>/isi/", funding_views.funding_entry, name="funding-entry"),
    path("anggaran/<str:code>/", funding_views.budget, name="budget"),
    path("anggaran/<str:code>/isi/", funding_views.budget_entry, name="budget-entry"),
    path("impor/", views.dataset_upload, name="dataset-upload"),
    path("impor/<str:token>/", views.dataset_preview, name="dataset-preview"),
    path("impor/<str:token>/simpan/", views.dataset_confirm, name="dataset-confirm"),
    path("non-asn/<str:code>/", staff_views.staff_coverage, name="staff"),
    path("non-asn/<str:code>/isi/", staff_views.staff_coverage_entry, name="staff-entry"),
    path("non-asn-dari-daftar/<int:pk>/", staff_views.staff_from_match, name="staff-from-match"),
    path("perisai/<str:code>/", outreach_views.outreach, name="outreach"),
    path("perisai-agen/baru/", outreach_views.agent_create, name="agent-create"),
    path("perisai-agen/<int:pk>/capaian/", outreach_views.agent_figure, name="agent-figure"),
    path("sosialisasi/baru/", outreach_views.socialisation_create, name="socialisation-create"),
    path("manfaat/<str:code>/", benefits_views.benefits, name="benefits"),
    path("skor/<str:code>/", scorecard_views.scorecard, name="scorecard"),
    path("ringkasan/", summary_views.national_summary, name="summary"),
    path("ringkasan/narasi/", summary_views.semester_narrative, name="semester-narrative"),
    path("laporan-penerima/", summary_views.addressee_reports, name="addressee-reports"),
    path("laporan-penerima/baru/", summary_views.addressee_report_create, name="addressee-report-create"),
    path("target/<str:code>/", targets_views.targets, name="targets"),
    path("target/<str:code>/isi/", targets_views.target_entry, name="target-entry"),
]
