"""Rate limits on the API and the login form, per token and per address (settings
CAKUPAN_RATE_API_TOKEN_PER_MINUTE, CAKUPAN_RATE_API_ADDRESS_PER_MINUTE, CAKUPAN_RATE_LOGIN_PER_MINUTE; 0
turns one off; CAKUPAN_RATE_EXEMPT lists addresses never limited, e.g. the host running benchmarks). Over a
limit the API answers 429 with its JSON error and the login page 429 in words, both with Retry-After.
Failed logins are also locked out per user and address (django-axes); this limits how fast anyone asks."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cakupan.audit.middleware import client_ip
from cakupan.common.api_shapes import error_body
from cakupan.throttle.services import rate_hit, token_key


def _limits(request: HttpRequest) -> list[tuple[str, int]]:
    """The (key, limit per minute) this request counts against."""
    address = client_ip(request) or "unknown"
    if address in settings.CAKUPAN_RATE_EXEMPT:
        return []
    if request.path.startswith("/api/"):
        limits = [(f"api-address:{address}", settings.CAKUPAN_RATE_API_ADDRESS_PER_MINUTE)]
        token = token_key(request.META.get("HTTP_AUTHORIZATION", ""))
        if token is not None:
            limits.append((token, settings.CAKUPAN_RATE_API_TOKEN_PER_MINUTE))
        return [(k, n) for k, n in limits if n > 0]
    if request.method == "POST" and request.path == reverse(settings.LOGIN_URL):
        limit = settings.CAKUPAN_RATE_LOGIN_PER_MINUTE
        return [(f"login:{address}", limit)] if limit > 0 else []
    return []


def _refused(request: HttpRequest, limit: int, retry: int) -> HttpResponse:
    message = _("Too many requests: at most %(limit)s a minute. Try again in %(seconds)s seconds.") % {
        "limit": limit,
        "seconds": retry,
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(error_body("rate_limited", message), status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry)
    return response


def rate_limit_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        for key, limit in _limits(request):
            hits, retry = rate_hit(key=key)
            if hits > limit:
                return _refused(request, limit, retry)
        return get_response(request)

    return middleware
