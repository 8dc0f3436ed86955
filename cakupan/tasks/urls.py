from __future__ import annotations

from django.urls import path

from cakupan.tasks import views

app_name = "tasks"
urlpatterns = [path("", views.mine, name="mine")]
