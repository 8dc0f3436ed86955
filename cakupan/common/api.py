"""What every API operation shares: authentication, the one error shape, pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from ninja import Field, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator

from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik
from cakupan.core.rounding import round2

# How a bearer token becomes its user (None: a wrong, expired or revoked token). Accounts keeps the tokens
# and registers its reader from AccountsConfig.ready(): common sits below accounts in the layers of issue
# 22. Until one is registered every token is refused.
_token_reader: list[Callable[[str], Any]] = []


def token_reader_register(read: Callable[[str], Any]) -> None:
    _token_reader[:] = [read]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ckp_<id>_<secret>`.

    A wrong, expired or revoked token is a 401, never anonymous.
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _token_reader[0](token) if _token_reader else None
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


# A figure in an answer: a count as an integer (12800, not 12800.0), a rate or share with its decimals.
Figure = int | float


def figure(value: Any) -> Figure | None:
    """The figure rounded to 2 decimals as the API gives it: integral values as integers."""
    rounded = round2(value)
    if rounded is None:
        return None
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def error_body(
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, "problems": problems or []}}


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
