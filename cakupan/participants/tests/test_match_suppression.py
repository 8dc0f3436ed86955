"""The published match table of a list, its totals row included, keeps every small count at least k wide
(issue 15 §2): listed 20, active 15 no longer gives back "not active 5" by subtraction. Checked by solving
for each hidden cell's minimum and maximum with linear programming over every published sum."""

from __future__ import annotations

import random

import pytest

from cakupan.analytics.schema import SEGMENTS
from cakupan.opendata.suppression import Relation, is_sensitive
from cakupan.opendata.tests.lp import lp_interval, small_total
from cakupan.participants.selectors import COLUMNS, TOTAL, _suppressed

K = 10
RowKey = tuple[str, str, str]


def _published(
    counts: dict[RowKey, dict[str, int]],
) -> tuple[dict[tuple[RowKey, str], int | None], list[Relation[tuple[RowKey, str]]], set[tuple[RowKey, str]]]:
    """Every cell of the table as it is, every sum a reader knows, and the cells hidden."""
    rows, totals = _suppressed(counts, K)
    keys = sorted(counts)
    full = {column: sum(counts[key][column] for key in keys) for column in COLUMNS}
    values: dict[tuple[RowKey, str], int | None] = {}
    hidden: set[tuple[RowKey, str]] = set()
    for key in [*keys, TOTAL]:
        for column in COLUMNS:
            values[(key, column)] = full[column] if key == TOTAL else counts[key][column]
            shown = totals[column] if key == TOTAL else rows[key][column]
            if shown is None:
                hidden.add((key, column))
    relations = []
    for key in [*keys, TOTAL]:
        relations.append(Relation(((key, "matched"), (key, "not_matched")), total=(key, "listed")))
        relations.append(Relation(tuple((key, s) for s in SEGMENTS), total=(key, "matched")))
    for column in COLUMNS:
        relations.append(Relation(tuple((key, column) for key in keys), total=(TOTAL, column)))
    return values, relations, hidden


def _row(matched: dict[str, int], not_matched: int) -> dict[str, int]:
    row = dict.fromkeys(COLUMNS, 0) | matched
    row["matched"] = sum(matched.values())
    row["not_matched"] = not_matched
    row["listed"] = row["matched"] + not_matched
    return row


def test_listed_20_active_15_no_longer_gives_not_active_5_by_subtraction() -> None:
    counts = {("53.71", "Dinas Sosial", "rentan"): _row({"PU": 15}, 5)}
    values, relations, hidden = _published(counts)
    assert (TOTAL, "listed") not in hidden  # the list's size is published with it
    assert ((TOTAL, "not_matched")) in hidden and (
        ("53.71", "Dinas Sosial", "rentan"),
        "not_matched",
    ) in hidden
    for cell in hidden:
        if is_sensitive(values[cell], K) and not small_total(cell, values, relations, K):
            low, high = lp_interval(values, hidden, relations, cell)
            assert high - low >= K - 1e-6, (cell, low, high)
    low, high = lp_interval(values, hidden, relations, (TOTAL, "not_matched"))
    assert high - low >= K  # not 5 = 20 − 15


@pytest.mark.parametrize("seed", range(20))
def test_every_hidden_small_count_of_a_generated_list_is_k_wide(seed: int) -> None:
    rng = random.Random(seed)
    counts: dict[RowKey, dict[str, int]] = {}
    for n in range(rng.randint(1, 5)):
        matched = {s: rng.choice([0, rng.randint(1, 9), rng.randint(10, 60)]) for s in SEGMENTS}
        counts[("53.71", f"Dinas {n}", rng.choice(["non-ASN", "rentan"]))] = _row(
            matched, rng.choice([0, rng.randint(1, 9), rng.randint(10, 60)])
        )
    values, relations, hidden = _published(counts)
    for cell in hidden:
        if is_sensitive(values[cell], K) and not small_total(cell, values, relations, K):
            low, high = lp_interval(values, hidden, relations, cell)
            assert high - low >= K - 1e-6, (cell, values[cell], low, high)
