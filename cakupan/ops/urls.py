from __future__ import annotations

from django.urls import URLPattern, path

from cakupan.ops import views

app_name = "ops"
urlpatterns: list[URLPattern] = [
    path("sehat/", views.alive, name="alive"),
    path("siap/", views.ready, name="ready"),
]
