from __future__ import annotations

from django.urls import path

from cakupan.accounts.region_picker import views

app_name = "regions"

urlpatterns = [
    path("", views.picker_matches, name="picker-matches"),
]
