"""A zip bomb posing as XLSX is refused in moments, without unpacking it: by the sizes its index declares,
by the size of the index itself, and (when the index lies) where the spreadsheet reader passes the size
declared."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from cakupan.imports.readers import FileRefused, read_table
from tests.corpus.build import MIB, many_parts, zip_bomb
from tests.corpus.seed import HEADERS

BOMBS: dict[str, Callable[[], bytes]] = {
    "3 GiB, declared": lambda: zip_bomb(HEADERS["workforce"]),
    "3 GiB, declared as 64 KiB": lambda: zip_bomb(HEADERS["workforce"], honest=False),
    "30,000 empty parts": lambda: many_parts(30_000),
}


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_a_zip_bomb_is_refused_in_little_memory(bomb: str) -> None:
    content = BOMBS[bomb]()
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused):
            table = read_table("angkatan_kerja.xlsx", content)
            list(table.rows)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Bounded by memory, never by the clock (a busy machine is not a failure).
    assert peak < 16 * MIB, f"{peak / MIB:.0f} MiB"
