"""Typed readers for environment variables. A bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def envchoice(name: str, default: str, choices: Iterable[str]) -> str:
    allowed = set(choices)
    value = os.environ.get(name, default).strip()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(sorted(allowed))}")
    return value


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsubset(name: str, default: str, choices: Iterable[str]) -> list[str]:
    """A comma-separated list whose every item must be one of `choices`."""
    allowed = set(choices)
    items = envlist(name, default)
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise ImproperlyConfigured(f"{name}: {', '.join(unknown)} not among {', '.join(sorted(allowed))}")
    return items


def envsecret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                secret = handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: cannot read ({exc.strerror})") from None
        if not secret:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: the file is empty")
        return secret
    return None
