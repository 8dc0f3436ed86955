"""Uploaded Monev dataset files waiting for the preview and the user's confirmation: on disk outside the
web root (MEDIA_ROOT/monev-staging), never in the database, so a refused upload stores nothing."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Staged:
    token: str
    dataset: str
    file_name: str
    user_id: int
    content: bytes


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "monev-staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage(*, dataset: str, file_name: str, user_id: int, content: bytes) -> str:
    base = _dir()
    cutoff = time.time() - MAX_AGE_SECONDS
    for item in base.iterdir():
        if item.stat().st_mtime < cutoff:
            item.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    (base / f"{token}.bin").write_bytes(content)
    meta = {"dataset": dataset, "file_name": file_name, "user_id": user_id}
    (base / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(*, token: str, user_id: int) -> Staged | None:
    """The staged upload, only for the user who sent it."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    base = _dir()
    try:
        meta = json.loads((base / f"{token}.json").read_text(encoding="utf-8"))
        content = (base / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return Staged(token, meta["dataset"], meta["file_name"], user_id, content)


def discard(*, token: str) -> None:
    for suffix in (".bin", ".json"):
        (_dir() / f"{token}{suffix}").unlink(missing_ok=True)
