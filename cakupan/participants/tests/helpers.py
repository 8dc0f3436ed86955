"""Participant files and lists for the tests of the participants app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cakupan.analytics.tests.conftest import HEADER, KEY, keyed, person, write_csv, write_parquet

__all__ = ["HEADER", "KEY", "ROWS", "keyed", "participants_file", "person", "write_csv", "write_parquet"]

ROWS: list[tuple[str, ...]] = [
    (keyed(person(1)), "53.71.01.1001", "2024-06", "PU", "active", "JKK;JKM;JHT;JP"),
    (keyed(person(2)), "53.71.01.1001", "2024-06", "PU", "active", "JKK;JKM"),
    (keyed(person(3)), "53.71.01.1002", "2024-06", "BPU", "active", "JKK;JKM"),
    (keyed(person(4)), "53.71.01.1002", "2024-06", "BPU", "inactive", "JKK"),
    (keyed(person(5)), "53.71.02.1001", "2024-06", "JAKON", "active", "JKK"),
]


def participants_file(folder: Path, rows: Sequence[Sequence[object]] = ROWS, name: str = "p.parquet") -> Path:
    return write_parquet(folder / name, HEADER, rows)
