"""Synthetic inputs for the benchmarks, deterministic."""

from __future__ import annotations

import random

from lokal import wilayah

from cakupan.core import periods
from tests.personas import PARTICIPATION_HEADER, csv_bytes


def participation_csv(rows_wanted: int, *, end: str = "2024-06", seed: int = 7) -> bytes:
    """About `rows_wanted` rows: every regency × segment × status, for as many months as it takes."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    regencies = [r.code for p in wilayah.list_wilayah(None) for r in wilayah.list_wilayah(p.code)]
    per_month = len(regencies) * 8
    months = -(-rows_wanted // per_month)
    rows = []
    for month in periods.span(end, months):
        for code in regencies:
            for segment in ("PU", "BPU", "JAKON", "PMI"):
                for status in ("active", "inactive"):
                    rows.append((code, month, segment, status, rng.randint(0, 200_000)))
    return csv_bytes(PARTICIPATION_HEADER, rows[:rows_wanted])
