"""The parts of the API's answers that need no API framework: a figure as the API gives it, the one error
body, and where the bearer token's reader is registered. Commands, selectors, middleware and app start-up
use them without importing django-ninja and pydantic (0.1 s of every process's start); `common.api`, the
framework's side, builds on them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cakupan.core.rounding import round2

# How a bearer token becomes its user (None: a wrong, expired or revoked token). Accounts keeps the tokens
# and registers its reader from AccountsConfig.ready(): common sits below accounts in the layers of issue
# 22. Until one is registered every token is refused.
_token_reader: list[Callable[[str], Any]] = []


def token_reader_register(read: Callable[[str], Any]) -> None:
    _token_reader[:] = [read]


def token_user(token: str) -> Any:
    """The user of a bearer token, or None when no reader is registered or the token is not valid."""
    return _token_reader[0](token) if _token_reader else None


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
