"""The cells the poverty table suppressed as a whole (`modular=False`) hides, pinned: generated lists of a
few regencies in two or more provinces, with and without age and working, and the cells the suppression
hid before step 4 was made faster (the first narrow cell widened as soon as it is found, most cells shown
wide enough by a small linear program over the hidden cells near them, the simplex a row at a time). The
same cells must stay hidden."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pytest

from cakupan.analytics.poverty import DECILE_GROUPS
from cakupan.participants.poverty import poverty_table

PINS = json.loads((Path(__file__).parent / "poverty_suppression_pins.json").read_text(encoding="utf-8"))


def linkage(regencies: int, seed: int, with_work: bool) -> SimpleNamespace:
    """A run's cells: five regencies a province, counts drawn from a long-tailed distribution (many small)."""
    rng = random.Random(seed)
    rows = []
    for i in range(regencies):
        regency = f"{11 + i // 5:02d}.{i % 5 + 1:02d}"
        for group in DECILE_GROUPS:
            listed = int(rng.lognormvariate(3.0, 1.6))
            active = rng.randint(0, listed)
            workers = rng.randint(0, listed) if with_work else 0
            active_workers = rng.randint(0, min(active, workers)) if with_work else 0
            rows.append(
                {
                    "regency": regency,
                    "group": group,
                    "listed": listed,
                    "active": active,
                    "workers": workers,
                    "active_workers": active_workers,
                }
            )
    return SimpleNamespace(cells=pa.Table.from_pylist(rows), with_work=with_work, period="2026-06")


@pytest.mark.parametrize("case", sorted(PINS))
def test_the_poverty_table_hides_the_cells_it_hid_before(case: str) -> None:
    regencies, seed, work, k = (int(part) for part in case.split("-"))
    table = poverty_table(linkage(regencies, seed, bool(work)), k=k, modular=False)
    hidden = sorted(f"{r.area}|{r.group}|{m}" for r in table.rows for m, v in r.cells.items() if v is None)
    assert hidden == PINS[case]
