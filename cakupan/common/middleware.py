from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from cakupan.common.api_shapes import error_body


def language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Bahasa Indonesia unless the reader chose English with the switch (a cookie).

    The browser's Accept-Language is ignored on purpose: officers share machines set up in English, and
    the meeting language is Indonesian.
    """
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        if request.path.startswith(API_PREFIX) and chosen not in supported:
            # An API client says its language with Accept-Language; without one the API speaks English,
            # as its documentation does. Every message and reason of one answer is in that language.
            language = _accepted(request.headers.get("Accept-Language", ""), supported) or "en"
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


def _accepted(header: str, supported: set[str]) -> str:
    """The first supported language of an Accept-Language header, by its order of preference."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    return next((tag for q, _p, tag in sorted(ranked) if q < 0 and tag in supported), "")


def server_timing_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """`Server-Timing: app;dur=<ms>` on every response: the time the application spent, without the
    network or the server's queue. Load tests and browsers' developer tools read it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    return middleware


API_PREFIX = "/api/"
API_DOCS = "/api/docs"


def api_error_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Under /api/, a 404 or 405 answered by Django itself (no such operation, a method the operation
    does not take) comes back in the API's one error shape instead of an HTML page or plain text, keeping
    its Allow header. Answers the API already gave in JSON, and the HTML docs page, are left alone."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            response.status_code not in (404, 405)
            or not request.path.startswith(API_PREFIX)
            or request.path.rstrip("/") == API_DOCS
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            body = error_body("not_found", _("No API operation at this path."))
        else:
            allowed = response.get("Allow", "")
            body = error_body(
                "method_not_allowed",
                _("%(method)s is not allowed here; allowed: %(allowed)s.")
                % {"method": request.method, "allowed": allowed or "–"},
            )
        replaced = JsonResponse(body, status=response.status_code)
        if "Allow" in response:
            replaced["Allow"] = response["Allow"]
        return replaced

    return middleware
