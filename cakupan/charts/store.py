"""The chart store: Django's file cache, shared on disk by every server process, with a write that does not
list the whole folder.

Django's `FileBasedCache.set` lists every file of the folder on each write to decide whether to cull, so a
write costs in proportion to what the store holds: 2 ms of CPU at 1,000 charts and 34 ms at 19,000 on this
machine (docs/benchmarks.md, issue 20 §4), paid by every page that keeps its charts' figures and every chart
compiled. Here each process counts the files once every `MAX_ENTRIES // 100` writes (and at its first), so
the store may hold up to that many files a process above MAX_ENTRIES before the count culls it back.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

# Of MAX_ENTRIES: how far the store may overshoot, per process, between two counts of its files.
COUNT_EVERY_SHARE = 100


class ChartStore(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self.count_every = max(1, self._max_entries // COUNT_EVERY_SHARE)
        self._writes = 0
        self._lock = threading.Lock()  # gunicorn's threads share the counter

    def _cull(self) -> None:
        with self._lock:
            due = self._writes % self.count_every == 0
            self._writes += 1
        if due:
            super()._cull()  # type: ignore[misc]  # django-stubs leave out the private methods
