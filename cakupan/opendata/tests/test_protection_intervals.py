"""Suppression that holds (issue 15 §2): every count hidden for being small keeps a feasible interval at
least k wide given every table published for the same population — totals, rows, columns and the levels
of districts and villages — checked by solving for its minimum and maximum with linear programming."""

from __future__ import annotations

import random

import pytest

from cakupan.opendata.intervals import interval, widest
from cakupan.opendata.selectors import COUNT_COLUMNS, SEGMENT_COLUMNS, complement_rank, linked_relations
from cakupan.opendata.suppression import hidden_cells, is_sensitive
from cakupan.opendata.tests.lp import lp_interval, small_total
from cakupan.opendata.tests.simplex import simplex_interval

K = 10


def _regency(seed: int) -> tuple[dict[tuple[str, str], int | None], list[str]]:
    """A regency's districts and villages with small and large counts that add up level by level."""
    rng = random.Random(seed)
    values: dict[tuple[str, str], int | None] = {}
    codes: list[str] = []
    for d in range(1, rng.randint(2, 4) + 1):
        district = f"53.71.{d:02d}"
        villages = [f"{district}.{1000 + v}" for v in range(1, rng.randint(2, 4) + 1)]
        codes.append(district)
        codes.extend(villages)
        sums = dict.fromkeys(COUNT_COLUMNS, 0)
        for village in villages:
            row = {c: rng.choice([0, rng.randint(1, 9), rng.randint(10, 80)]) for c in SEGMENT_COLUMNS}
            row["active"] = sum(row[c] for c in SEGMENT_COLUMNS)
            row["inactive"] = rng.choice([0, rng.randint(1, 9), rng.randint(10, 40)])
            row["registered"] = row["active"] + row["inactive"]
            row["workers"] = row["active"] + rng.randint(0, 400)
            for column, value in row.items():
                values[(village, column)] = value
                sums[column] += value
        for column, value in sums.items():
            values[(district, column)] = value
    ordered = sorted(codes)
    return {(code, column): values[(code, column)] for code in ordered for column in COUNT_COLUMNS}, ordered


@pytest.mark.parametrize("seed", range(30))
def test_every_hidden_small_count_of_the_district_and_village_tables_is_k_wide(seed: int) -> None:
    values, codes = _regency(seed)
    relations = linked_relations(values, codes)
    hidden = hidden_cells(values, relations, k=K, rank=complement_rank)
    checked = 0
    for cell in hidden:
        if not is_sensitive(values[cell], K) or small_total(cell, values, relations, K):
            continue
        low, high = lp_interval(values, hidden, relations, cell)
        assert high - low >= K - 1e-6, (cell, values[cell], low, high)
        checked += 1
    assert checked or not any(is_sensitive(v, K) for v in values.values())


@pytest.mark.parametrize("seed", range(6))
def test_highs_finds_the_same_intervals_as_the_simplex_and_the_test_model(seed: int) -> None:
    values, codes = _regency(seed)
    relations = linked_relations(values, codes)
    hidden = hidden_cells(values, relations, k=K, rank=complement_rank)
    for cell in sorted(hidden)[:25]:
        ours = interval(values, hidden, relations, cell)
        assert ours == pytest.approx(lp_interval(values, hidden, relations, cell), abs=1e-6), cell
        assert ours == pytest.approx(simplex_interval(values, hidden, relations, cell), abs=1e-6), cell


@pytest.mark.parametrize("seed", range(4))
def test_the_widest_candidate_is_the_one_the_simplex_finds_trying_each_candidate_alone(seed: int) -> None:
    values, codes = _regency(seed)
    relations = linked_relations(values, codes)
    hidden = set(hidden_cells(values, relations, k=K, rank=complement_rank))
    rng = random.Random(seed)
    widened = 0
    for cell in rng.sample(sorted(hidden), min(4, len(hidden))):
        if values[cell] is None:
            continue
        hidden.discard(cell)
        shown = sorted(c for c in values if c not in hidden and c != cell and values[c] is not None)
        hidden.add(cell)
        candidates = rng.sample(shown, min(12, len(shown)))
        low, high = simplex_interval(values, hidden, relations, cell)
        expected, best = None, high - low + 1e-7
        for candidate in candidates:
            low, high = simplex_interval(values, {*hidden, candidate}, relations, cell)
            if high - low > best + 1e-6:
                expected, best = candidate, high - low
        found = widest(values, hidden, relations, cell, candidates)
        widened += expected is not None
        if expected is None:
            assert found is None, cell
        else:
            assert found is not None, cell
            low, high = simplex_interval(values, {*hidden, found}, relations, cell)
            assert high - low == pytest.approx(best, abs=1e-6), (cell, found, expected)
    assert widened  # at least one cell was widened: the comparison is not only of Nones
