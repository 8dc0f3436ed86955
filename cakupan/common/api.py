"""What every API operation shares: authentication, the one error shape, pagination."""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from ninja import Field, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator

# Also given from here, with the framework's parts, to the API modules.
from cakupan.common.api_shapes import Figure as Figure
from cakupan.common.api_shapes import error_body as error_body
from cakupan.common.api_shapes import figure as figure
from cakupan.common.api_shapes import token_user
from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ckp_<id>_<secret>`.

    A wrong, expired or revoked token is a 401, never anonymous.
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        request.api_source = "token"  # type: ignore[attr-defined]
        return user


def reader(request: HttpRequest) -> Any:
    """Public reads: a logged-in session user, or anyone (an anonymous user sees public figures)."""
    return request.user if request.user.is_authenticated else AnonymousUser()


def _nik_free(value: str) -> str:
    if contains_nik(value):
        raise ValueError(gettext(LOOKS_LIKE_NIK))
    return value


# A text field of an API request (body, form, query or path): a NIK in it is refused with the reason, as
# 422 with the field named, before the operation runs. Model saves refuse one anyway (common.nik_guard).
NikFreeText = Annotated[str, AfterValidator(_nik_free)]


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


def refusal_message(problems: int) -> str:
    """The message of a refused file, in the answer's language; its problems carry the details."""
    return ngettext(
        "The file is refused: %(n)d problem. Nothing was stored.",
        "The file is refused: %(n)d problems. Nothing was stored.",
        problems,
    ) % {"n": problems}


def file_refused(problems: list[Any], message: str | None = None) -> Status:
    """422 for a file with problems: every problem with its row, column, value and reason."""
    return Status(
        422,
        error_body(
            "invalid_file",
            message or refusal_message(len(problems)),
            problems=[p.as_dict() for p in problems],
        ),
    )


# Public reads work without credentials: say so in the OpenAPI document ({} = no authentication needed).
# Merged after the TokenAuth entry that READ_AUTH puts there.
PUBLIC: dict[str, Any] = {"security": [{"SessionAuth": []}, {}]}


def responses(documented: dict[int, Any]) -> dict[int, Any]:
    """The statuses an operation answers: its own, plus 401 (a wrong token) and 422 (invalid input)."""
    return {**documented, 401: Error, 422: Error}


class Pages(PageNumberPagination):
    """Numbered pages of at most 500 items; page numbers are bounded so an offset cannot overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)

    def __init__(self, page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=500, **kwargs)
