"""NIK pseudonymisation: a keyed hash (HMAC-SHA-256), never a plain one (the NIK space is small enough to
be enumerated). The key comes from a file or an environment variable named by the caller and is never
stored with the data. Nothing here logs, prints or raises with a NIK in it."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

MIN_KEY_BYTES = 32
HASH_LENGTH = 64
NIK_RE = re.compile(r"^\d{16}$")
MASK_PREFIX = 8


class KeyProblem(Exception):
    """The pseudonymisation key cannot be used; the message says why (never the key itself)."""


def load_key(*, key_file: str | os.PathLike[str] | None = None, env_var: str | None = None) -> bytes:
    """The key from a file (its bytes, without a trailing newline) or from an environment variable."""
    if (key_file is None) == (env_var is None):
        raise KeyProblem("give exactly one of a key file or an environment variable")
    if key_file is not None:
        try:
            key = Path(key_file).read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise KeyProblem(f"the key file cannot be read: {exc.strerror}") from None
    else:
        assert env_var is not None
        text = os.environ.get(env_var, "")
        if not text:
            raise KeyProblem(f"the environment variable {env_var} is not set")
        key = text.encode()
    if len(key) < MIN_KEY_BYTES:
        raise KeyProblem(f"the key is too short: use at least {MIN_KEY_BYTES} bytes")
    return key


def normal_nik(raw: object) -> str | None:
    """The 16 digits of a NIK, or None when the cell is not one (spaces around it are allowed)."""
    if raw is None:
        return None
    text = str(raw).strip()
    return text if NIK_RE.match(text) else None


def nik_hash(key: bytes, nik: str) -> str:
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


def is_hash(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == HASH_LENGTH and all(c in "0123456789abcdef" for c in value)
    )


def masked(value: str | None) -> str:
    """A hash as shown to authorised roles: its first characters only."""
    if not value:
        return ""
    return value[:MASK_PREFIX] + "…"
