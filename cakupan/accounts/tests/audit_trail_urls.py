"""The project's URLs with the audit pages mounted at /audit/, until (or unless) the project mounts them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from cakupan.urls import urlpatterns as project_urlpatterns

_mounted = any(getattr(p, "namespace", None) == "audit" for p in project_urlpatterns)

urlpatterns: list[URLPattern | URLResolver] = [
    *project_urlpatterns,
    *([] if _mounted else [path("audit/", include("cakupan.accounts.audit_trail.urls"))]),
]
