from __future__ import annotations

import pytest

from cakupan.core import periods
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

MONTHS = periods.span("2024-06", 13)


@pytest.fixture
def figures(db: None) -> None:
    """NTT at the worked example (558,115 of 1,654,526 in June 2024) in two regencies, NTB in one; a
    year of months; simulated, like the demo."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2023-06", "total", "1000000", "Sakernas"),
                ("53.71", "2023-06", "total", "654526", "Sakernas"),
                ("52.01", "2023-06", "total", "500000", "Sakernas"),
            ],
        ),
        "angkatan_kerja.csv",
    )
    rows = []
    for i, month in enumerate(MONTHS):
        step = (i - 12) * 1000
        rows += participation_rows("53.01", month, {"PU": 300_000 + step, "BPU": 8_115}, {"PU": 5_000})
        rows += participation_rows("53.71", month, {"PU": 250_000}, {"PU": 1_000})
        rows += participation_rows("52.01", month, {"PU": 100_000 + step})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows), "=HYPERLINK(evil).csv", simulated=True)
    load("targets", csv_bytes(TARGETS_HEADER, [("53", "2024", "coverage_rate", "36.00", "Surat Kemendagri")]))
