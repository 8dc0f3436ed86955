from __future__ import annotations

from django.urls import path

from cakupan.accounts.audit_trail import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("<int:pk>/", views.audit_detail, name="detail"),
]
