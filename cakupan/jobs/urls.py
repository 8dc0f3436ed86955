from __future__ import annotations

from django.urls import path

from cakupan.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_index, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/unduh/", views.job_download, name="download"),
]
