"""Counting requests against the rate limits: fixed one-minute windows, counted in the database."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cakupan.throttle.models import RateWindow

WINDOW = dt.timedelta(minutes=1)
# Windows older than this are deleted as new ones start: only the current minute is ever read.
KEEP = dt.timedelta(minutes=5)


def token_key(authorization: str) -> str | None:
    """The key of an API token from an `Authorization: Bearer …` header: a fingerprint, never the secret."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]


def window_of(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0)


def rate_hit(*, key: str, now: dt.datetime | None = None) -> tuple[int, int]:
    """Count one request for `key` in the current minute. Returns (requests this minute, seconds until the
    next minute)."""
    now = now or timezone.now()
    window = window_of(now)
    with transaction.atomic():
        counted = RateWindow.objects.filter(key=key, window=window).update(hits=F("hits") + 1)
        if not counted:
            try:
                with transaction.atomic():
                    RateWindow.objects.create(key=key, window=window, hits=1)
            except IntegrityError:  # another process started the window first
                RateWindow.objects.filter(key=key, window=window).update(hits=F("hits") + 1)
            else:
                RateWindow.objects.filter(window__lt=window - KEEP).delete()
        hits = RateWindow.objects.filter(key=key, window=window).values_list("hits", flat=True).first() or 0
    return hits, max(1, int((window + WINDOW - now).total_seconds()))
