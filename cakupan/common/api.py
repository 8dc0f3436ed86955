"""What every API operation shares: authentication, the one error shape, pagination."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from cakupan.accounts.tokens import TokenInvalid, token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ckp_<id>_<secret>`.

    A wrong, expired or revoked token is a 401, never anonymous.
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = token_authenticate(token)
        except TokenInvalid:
            raise AuthenticationError() from None
        request.user = user
        request.api_source = "token"  # type: ignore[attr-defined]
        return user


def reader(request: HttpRequest) -> Any:
    """Public reads: a logged-in session user, or anyone (an anonymous user sees public figures)."""
    return request.user if request.user.is_authenticated else AnonymousUser()


TOKEN = TokenAuth()
# Reads: a token if one is sent, else the session, else anonymous. Writes: a token, or a session with CSRF.
READ_AUTH = [TOKEN, reader]
WRITE_AUTH = [TOKEN, django_auth]


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    problems: list[dict[str, Any]] = []


class Error(Schema):
    error: ErrorDetail


def error_body(
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, "problems": problems or []}}
