from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("cakupan.request")
# A proxy's request id is kept when it looks like one; anything else is replaced, never logged as sent.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_log_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """One log line per request: method, path (never the query string, which may carry search terms),
    status, milliseconds, the account's number (not its name) and a request id, also sent back in
    `X-Request-ID` so an officer's report of a failure can be found in the log."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if _REQUEST_ID.match(sent) else uuid.uuid4().hex
        response = get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": request_id,
            },
        )
        response.headers["X-Request-ID"] = request_id
        return response

    return middleware


def health_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Answer the health and readiness probes before host checks and the https redirect: a load balancer
    or monitor calls the server by its address over plain http, which the site itself would refuse."""
    from cakupan.ops import views

    probes = {"/sehat/": views.alive, "/siap/": views.ready}

    def middleware(request: HttpRequest) -> HttpResponse:
        probe = probes.get(request.path_info)
        if probe is not None:
            return probe(request)
        return get_response(request)

    return middleware


def nul_refusing_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A NUL character in the address, the query or a form or JSON body is refused before any view sees
    it: 400 on pages, 422 on the API (the status every operation documents for invalid input). No code of
    ours means one, and PostgreSQL refuses text holding one (a server error wherever a typed value reaches
    a query). Django's form fields refuse it too; this covers the query parameters views read directly
    and the API. Files (multipart bodies) are read by their own checks."""
    from cakupan.common.api_shapes import error_body

    def middleware(request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            message = _("The request holds a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse(error_body("invalid", message), status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
        return True
    kind = request.content_type or ""
    if request.method in ("GET", "HEAD", "OPTIONS") or kind.startswith("multipart/"):
        return False
    body = request.body
    if kind == "application/x-www-form-urlencoded":
        return b"%00" in body or b"\x00" in body
    return b"\x00" in body or (kind == "application/json" and b"\\u0000" in body)
