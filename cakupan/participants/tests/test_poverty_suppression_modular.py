"""The poverty table suppressed by subtables (`modular_hidden`) holds over the whole table: on generated
lists small enough for the whole-table audit (3 to 12 regencies, with and without age and working, several
seeds), no hidden count is determined by all the published sums together, and every hidden small count
keeps an interval at least k wide given every published sum of the table, not only those of its subtable."""

from __future__ import annotations

import pytest

from cakupan.opendata.intervals import interval
from cakupan.opendata.suppression import determined, is_sensitive
from cakupan.participants.poverty import MEASURES, poverty_table, relations
from cakupan.participants.tests.test_poverty_suppression_pinned import linkage

CASES = [
    (regencies, seed, work)
    for regencies, seeds in ((3, (1, 2)), (4, (3,)), (6, (1, 2)), (9, (4,)), (12, (5,)))
    for seed in seeds
    for work in (True, False)
]


def published(regencies: int, seed: int, work: bool, k: int) -> tuple[dict, set, list]:
    table = poverty_table(linkage(regencies, seed, work), k=k)
    assert table.counts is not None
    measures = MEASURES if work else MEASURES[:3]
    values = {(key, m): cell[m] for key, cell in table.counts.items() for m in measures}
    shown = {((r.area, r.group), m): v for r in table.rows for m, v in r.cells.items()}
    hidden = {cell for cell, v in shown.items() if v is None}
    assert all(shown[cell] == values[cell] for cell in shown if cell not in hidden)
    return values, hidden, relations(table.counts, measures)


def small_total(cell: object, values: dict, linked: list, k: int) -> bool:
    """A member of a sum of less than k: no suppression can give it an interval k wide."""
    for relation in linked:
        if cell in relation.members:
            total = values[relation.total] if relation.total is not None else None
            if (total if total is not None else sum(values[m] or 0 for m in relation.members)) < k:
                return True
    return False


@pytest.mark.parametrize(("regencies", "seed", "work"), CASES)
def test_no_hidden_count_is_determined_and_every_small_count_keeps_an_interval_k_wide_over_the_whole_table(
    regencies: int, seed: int, work: bool
) -> None:
    k = 10
    values, hidden, linked = published(regencies, seed, work, k)
    assert hidden
    assert not {c for c in determined(values, hidden, linked) if values[c]}
    checked = 0
    for cell in sorted(hidden, key=str):
        if is_sensitive(values[cell], k) and not small_total(cell, values, linked, k):
            low, high = interval(values, hidden, linked, cell)
            assert high - low >= k - 1e-6, (cell, values[cell], low, high)
            checked += 1
    assert checked


def test_the_same_list_hides_the_same_cells() -> None:
    first = published(9, 4, True, 10)[1]
    assert published(9, 4, True, 10)[1] == first
