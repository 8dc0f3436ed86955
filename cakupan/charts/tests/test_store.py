from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cakupan.charts.store import ChartStore


def _store(folder: Path, entries: int) -> ChartStore:
    return ChartStore(str(folder), {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": entries}})


def _files(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_a_write_lists_the_folder_once_every_hundredth_of_max_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, 1_000)
    listed: list[int] = []
    listing = store._list_cache_files  # type: ignore[attr-defined]  # private: not in django-stubs

    def counted() -> list[str]:
        found: list[str] = listing()
        listed.append(len(found))
        return found

    monkeypatch.setattr(store, "_list_cache_files", counted)
    for n in range(35):
        store.set(f"chart-{n}", "<svg/>")
    # Django's file cache lists the folder on every write: 35 listings here. The first write counts (a
    # restarted process culls at once), then every 10th.
    assert store.count_every == 10
    assert listed == [0, 10, 20, 30]
    assert all(store.get(f"chart-{n}") == "<svg/>" for n in range(35))


def test_the_store_is_culled_back_to_max_entries_within_a_count(tmp_path: Path) -> None:
    store = _store(tmp_path, 200)  # counted every 2 writes
    for n in range(1_000):
        store.set(f"chart-{n}", n)
        assert _files(tmp_path) <= 200 + store.count_every
    assert _files(tmp_path) < 200 + store.count_every


def test_processes_share_the_store_and_add_keeps_the_first(tmp_path: Path) -> None:
    # Two gunicorn processes: two stores on one folder.
    one, other = _store(tmp_path, 20_000), _store(tmp_path, 20_000)
    assert one.add("figures", ("ucj", [1, 2]))
    assert not other.add("figures", ("later", []))
    assert other.get("figures") == ("ucj", [1, 2])
    other.delete("figures")
    assert one.get("figures") is None


def test_the_settings_keep_charts_in_this_store(settings: Any) -> None:
    from django.core.cache import caches

    assert isinstance(caches["charts"], ChartStore)
