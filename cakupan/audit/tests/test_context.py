from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from cakupan.audit.context import AuditContext, audit_context, current_context
from cakupan.audit.middleware import audit_context_middleware


def test_without_a_context_writes_come_from_the_system() -> None:
    assert current_context() == AuditContext(source="system")
    assert current_context().who() == (None, "")


def test_an_inner_context_overrides_only_the_fields_it_is_given() -> None:
    with audit_context(source="cli", actor_label="root@host", ip="10.0.0.1"):
        with audit_context(source="import", batch_id=7):
            inner = current_context()
            assert (inner.source, inner.actor_label, inner.ip, inner.batch_id) == (
                "import",
                "root@host",
                "10.0.0.1",
                7,
            )
        outer = current_context()
        assert (outer.source, outer.batch_id) == ("cli", None)
    assert current_context().source == "system"


def test_a_new_actor_is_named_by_its_username_not_by_the_outer_label() -> None:
    user = User(username="siti")
    with audit_context(source="cli", actor_label="root@host"), audit_context(source="cli", actor=user):
        assert current_context().who() == (user, "siti")


def test_the_context_is_restored_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), audit_context(source="web"):
        raise RuntimeError
    assert current_context().source == "system"


def test_an_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError, match="source"), audit_context(source="fax"):
        pass


def _seen_by_view(path: str, user: object, **meta: str) -> AuditContext:
    seen: list[AuditContext] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(current_context())
        return HttpResponse()

    request = RequestFactory().get(path, **meta)
    request.user = user  # type: ignore[assignment]
    audit_context_middleware(view)(request)
    return seen[0]


def test_a_web_request_runs_as_its_user_and_address() -> None:
    user = User(username="budi")
    context = _seen_by_view("/impor/", user, REMOTE_ADDR="192.0.2.5")
    assert context.source == "web" and context.ip == "192.0.2.5"
    assert context.who() == (user, "budi")


def test_an_api_request_runs_as_the_api_and_an_anonymous_visitor_is_nobody() -> None:
    context = _seen_by_view("/api/v1/regions", AnonymousUser())
    assert context.source == "api"
    assert context.who() == (None, "")


def test_behind_the_trusted_proxy_the_address_it_appended_is_kept(settings: object) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1  # type: ignore[attr-defined]
    context = _seen_by_view(
        "/", AnonymousUser(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert context.ip == "198.51.100.7"


def test_a_user_set_on_the_request_later_by_token_authentication_is_the_one_recorded() -> None:
    token_user = User(username="mesin")
    seen: list[AuditContext] = []

    def view(request: HttpRequest) -> HttpResponse:
        request.user = token_user  # what the API's bearer-token authentication does
        seen.append(current_context())
        return HttpResponse()

    request = RequestFactory().get("/api/v1/imports")
    request.user = AnonymousUser()
    audit_context_middleware(view)(request)
    assert seen[0].source == "api" and seen[0].who() == (token_user, "mesin")
