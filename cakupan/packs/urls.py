from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.packs import views

app_name = "packs"

urlpatterns: list[URLPattern] = [
    path("rapat/<int:pk>/", views.meeting_part, name="meeting"),
    path("rapat/<int:pk>/presentasikan/", views.present, name="present"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
