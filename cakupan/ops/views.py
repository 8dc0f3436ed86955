from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cakupan.ops import health


@never_cache
@require_safe
def alive(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No database, so a database outage does not get the app restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration is applied, the data folder is writable. 503 when
    not, so a load balancer sends no users to an instance that cannot serve them."""
    is_ready, checks = health.readiness()
    body = {
        "status": "ok" if is_ready else "unavailable",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=200 if is_ready else 503)
