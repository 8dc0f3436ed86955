"""The project's addresses with the open-data pages under /data-terbuka/, whether or not the project's
own urls.py includes them yet."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from cakupan.urls import urlpatterns as project_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "opendata" for p in urlpatterns):
    urlpatterns.append(path("data-terbuka/", include("cakupan.opendata.urls")))
