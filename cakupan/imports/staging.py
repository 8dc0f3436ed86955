"""Uploaded files waiting for the user to look at the preview and commit. Kept on disk outside the
web root, never in the database, so a refused or abandoned upload stores nothing."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


AREA = "staging"


@dataclass(frozen=True)
class Staged:
    token: str
    dataset: str
    file_name: str
    user_id: int
    content: bytes


def _dir(area: str) -> Path:
    path = Path(settings.MEDIA_ROOT) / area
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clean_old(area: str) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for item in _dir(area).iterdir():
        if item.stat().st_mtime < cutoff:
            item.unlink(missing_ok=True)


def stage(*, dataset: str, file_name: str, user_id: int, content: bytes, area: str = AREA) -> str:
    """Keep an upload for its preview; `area` keeps each domain's uploads apart (a token staged for one
    import page is never found by another's)."""
    _clean_old(area)
    token = secrets.token_urlsafe(18)
    base = _dir(area)
    (base / f"{token}.bin").write_bytes(content)
    meta = {"dataset": dataset, "file_name": file_name, "user_id": user_id}
    (base / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(*, token: str, user_id: int, area: str = AREA) -> Staged | None:
    """The staged upload, only for the user who sent it."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    base = _dir(area)
    try:
        meta = json.loads((base / f"{token}.json").read_text(encoding="utf-8"))
        content = (base / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return Staged(token, meta["dataset"], meta["file_name"], user_id, content)


def discard(*, token: str, area: str = AREA) -> None:
    base = _dir(area)
    for suffix in (".bin", ".json"):
        (base / f"{token}{suffix}").unlink(missing_ok=True)
