"""SQLite's page cache is larger while an import writes (`bulk.sqlite_write_cache`), and the connection's
own again afterwards, also when the import fails half-way."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from cakupan.common.bulk import WRITE_CACHE_KIB
from cakupan.indicators.figure_store import ParticipationStore
from cakupan.indicators.models import ParticipationFigure
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="a pragma of SQLite's"),
]

FILE = csv_bytes(PARTICIPATION_HEADER, [("53.01", "2024-06", "PU", "active", "10")])


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


def _spy_on_commit(monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> list[int]:
    """The cache size while the participation store writes; `fail` makes the write fail after it ran."""
    seen: list[int] = []
    real_commit = ParticipationStore.commit

    def commit(*args: Any) -> None:
        seen.append(_cache_size())
        real_commit(*args)
        if fail:
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(ParticipationStore, "commit", commit)
    return seen


def test_an_import_writes_with_the_larger_cache_and_gives_the_connection_its_own_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _cache_size()
    seen = _spy_on_commit(monkeypatch, fail=False)
    batch, _plan = load("participation", FILE)
    assert batch is not None and seen == [-WRITE_CACHE_KIB] != [before]
    assert _cache_size() == before


def test_an_import_that_fails_while_writing_gives_the_connection_its_own_cache_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _cache_size()
    seen = _spy_on_commit(monkeypatch, fail=True)
    with pytest.raises(RuntimeError, match="disk is full"):
        load("participation", FILE)
    assert seen == [-WRITE_CACHE_KIB] and _cache_size() == before
    assert not ParticipationFigure.objects.exists()
