"""Every web and API request runs inside an audit context: source, user and address of the request."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cakupan.audit.choices import Source
from cakupan.audit.context import audit_context


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the one trusted proxy the address it appended."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            address = forwarded[-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_context_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        source = Source.API if request.path.startswith("/api/") else Source.WEB
        # The user is looked up when something is written, not on every request; and an API token's
        # user, set on the request after this point, is the one recorded.
        with audit_context(
            source=source, actor=lambda: getattr(request, "user", None), ip=client_ip(request)
        ):
            return get_response(request)

    return middleware
