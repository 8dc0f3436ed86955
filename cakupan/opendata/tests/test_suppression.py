from __future__ import annotations

import doctest
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.opendata import suppression
from cakupan.opendata.suppression import Relation, determined, hidden_cells, suppress, suppress_table

SEGMENTS = ("pu", "bpu", "jakon", "pmi")
ROW_TOTALS = {"active": SEGMENTS, "registered": ("active", "inactive")}
RANK = {"registered": 0, "active": 2}

Table = dict[str, dict[str, int | None]]


def _total(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def row_of(segments: dict[str, int | None], inactive: int | None, workers: int | None = None) -> dict:
    """A row the way the indicator library builds one: totals over the figures present."""
    active = _total(list(segments.values()))
    registered = None if active is None and inactive is None else (active or 0) + (inactive or 0)
    return {"workers": workers, "active": active, "inactive": inactive, "registered": registered, **segments}


def relations_of(table: Table) -> list[Relation[tuple[str, str]]]:
    """The relations `suppress_table` derives, written out again for the checks."""
    relations: list[Relation[tuple[str, str]]] = []
    for r, row in table.items():
        for total, members in ROW_TOTALS.items():
            present = tuple((r, m) for m in members if row.get(m) is not None)
            if present and row.get(total) == sum(row[m] or 0 for _r, m in present):
                relations.append(Relation(present, total=(r, total)))
    columns = {c for row in table.values() for c in row}
    for c in sorted(columns):
        present = tuple((r, c) for r, row in table.items() if row.get(c) is not None)
        if present:
            relations.append(Relation(present))
    return relations


def exactly_known(values: dict[Any, int | None], hidden: set[Any], relations: list[Relation[Any]]) -> set:
    """An independent check in exact fractions: the hidden cells the relations pin down."""
    cells = [c for c in values if c in hidden]
    index = {c: i for i, c in enumerate(cells)}
    rows: list[list[Fraction]] = []
    for relation in relations:
        row = [Fraction(0)] * len(cells)
        if relation.total is not None and relation.total in index:
            row[index[relation.total]] += 1
        for member in relation.members:
            if member in index:
                row[index[member]] -= 1
        if any(row):
            rows.append(row)
    pivots: list[int] = []
    for col in range(len(cells)):
        found = next((i for i in range(len(pivots), len(rows)) if rows[i][col] != 0), None)
        if found is None:
            continue
        top = len(pivots)
        rows[top], rows[found] = rows[found], rows[top]
        lead = rows[top][col]
        rows[top] = [x / lead for x in rows[top]]
        for i in range(len(rows)):
            if i != top and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[top], strict=True)]
        pivots.append(col)
    return {cells[col] for i, col in enumerate(pivots) if sum(1 for x in rows[i] if x != 0) == 1}


def flat(table: Table) -> dict[tuple[str, str], int | None]:
    return {(r, c): v for r, row in table.items() for c, v in row.items()}


# Hand-computed examples ------------------------------------------------------------------------------


def test_a_small_count_is_hidden_with_the_smallest_other_non_zero_cell() -> None:
    assert suppress({"a": 3, "b": 40, "c": 55, "d": 0}, k=10) == {"a": None, "b": None, "c": 55, "d": 0}


def test_zero_and_counts_of_k_or_more_are_published() -> None:
    assert suppress({"a": 0, "b": 10, "c": 12}, k=10) == {"a": 0, "b": 10, "c": 12}


def test_two_small_cells_are_joined_by_a_third_so_that_the_residual_is_not_small() -> None:
    # 2 + 3 = 5 would be the residual of the published total: a large cell is hidden as well.
    assert suppress({"a": 2, "b": 3, "c": 50, "d": 70}, k=10) == {"a": None, "b": None, "c": None, "d": 70}


def test_without_a_published_total_only_small_counts_are_hidden() -> None:
    assert suppress({"a": 3, "b": 40}, k=10, total_published=False) == {"a": None, "b": 40}


def test_a_group_whose_total_is_small_hides_a_zero_as_well_so_the_count_is_not_located() -> None:
    assert suppress({"a": 3, "b": 0, "c": 0}, k=10) == {"a": None, "b": None, "c": 0}


def test_a_threshold_of_one_publishes_everything() -> None:
    assert suppress({"a": 1, "b": 2}, k=1) == {"a": 1, "b": 2}


def test_a_missing_figure_cannot_stand_in_as_the_second_hidden_cell() -> None:
    assert suppress({"a": None, "b": 5, "c": 30}, k=10) == {"a": None, "b": None, "c": None}


def test_a_small_inactive_count_hides_registered_rather_than_active_when_ranked_so() -> None:
    table: Table = {
        "x": {"active": 50, "inactive": 4, "registered": 54},
        "y": {"active": 80, "inactive": 30, "registered": 110},
    }
    ranked = suppress_table(table, k=10, row_totals={"registered": ["active", "inactive"]}, column_rank=RANK)
    assert ranked == {
        "x": {"active": 50, "inactive": None, "registered": None},
        "y": {"active": 80, "inactive": None, "registered": None},
    }
    # Unranked, the smaller of the two (active 50 < registered 54) goes.
    plain = suppress_table(table, k=10, row_totals={"registered": ["active", "inactive"]})
    assert plain["x"]["active"] is None and plain["x"]["registered"] == 54


def test_a_district_table_hides_across_rows_and_columns() -> None:
    table: Table = {
        "01": row_of({"pu": 500, "bpu": 40, "jakon": 3, "pmi": 0}, 20),
        "02": row_of({"pu": 800, "bpu": 60, "jakon": 25, "pmi": 0}, 70),
        "03": row_of({"pu": 600, "bpu": 70, "jakon": 30, "pmi": 0}, 50),
    }
    out = suppress_table(table, k=10, row_totals=ROW_TOTALS, column_rank=RANK)
    # JAKON 3 (primary); within its row, BPU 40 (the smallest other non-zero segment); down the columns,
    # JAKON 25 and BPU 60 (the smallest others); in row 02, BPU 60 and JAKON 25 already make two.
    assert {
        (r, c) for r, row in out.items() for c, v in row.items() if v is None and table[r][c] is not None
    } == {
        ("01", "jakon"),
        ("01", "bpu"),
        ("02", "jakon"),
        ("02", "bpu"),
    }


def test_the_rules_of_single_sums_can_leave_a_cell_recoverable_and_the_audit_closes_it() -> None:
    # Found by a random search: every row and column holds two hidden cells or more, yet r3's BPU (7)
    # follows from the rows and columns taken together.
    table: Table = {
        "r0": row_of({"pu": 0, "bpu": 3, "jakon": 0, "pmi": 10}, 0),
        "r1": row_of({"pu": 9, "bpu": 0, "jakon": 7, "pmi": 32}, 5),
        "r2": row_of({"pu": 52, "bpu": 36, "jakon": 0, "pmi": 8}, 2),
        "r3": row_of({"pu": 3, "bpu": 7, "jakon": 10, "pmi": 0}, 8),
    }
    values, relations = flat(table), relations_of(table)

    def rank(cell: tuple[str, str]) -> int:
        return RANK.get(cell[1], 1)

    rules_only = hidden_cells(values, relations, k=10, rank=rank, audit=False)
    assert ("r3", "bpu") in exactly_known(values, set(rules_only), relations)
    assert ("r3", "bpu") in determined(values, rules_only, relations)
    audited = hidden_cells(values, relations, k=10, rank=rank)
    assert audited > rules_only
    assert not {c for c in exactly_known(values, set(audited), relations) if values[c]}


def test_a_cell_on_a_bridge_between_two_hidden_blocks_is_found_determined() -> None:
    # Rows and columns with published totals; hidden: two 2×2 blocks joined by one cell (1, 2).
    values = {(r, c): 50 for r in range(4) for c in range(4)}
    relations = [Relation(tuple((r, c) for c in range(4))) for r in range(4)]
    relations += [Relation(tuple((r, c) for r in range(4))) for c in range(4)]
    blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert determined(values, blocks | {(1, 2)}, relations) == {(1, 2)}
    assert determined(values, blocks, relations) == frozenset()


def test_a_relation_whose_total_is_not_the_sum_is_refused() -> None:
    with pytest.raises(ValueError, match="not the sum"):
        hidden_cells({"a": 1, "b": 2, "t": 4}, [Relation(("a", "b"), total="t")], k=10)


def test_the_examples_in_the_docstrings_hold() -> None:
    failures, _tests = doctest.testmod(suppression)
    assert failures == 0


# Properties over random tables ----------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(13, 400))
maybe_counts = st.one_of(counts, counts, counts, st.none())


@st.composite
def tables(draw: st.DrawFn, cells: st.SearchStrategy[int | None] = maybe_counts) -> Table:
    """2 to 5 rows of segments, inactive and workers, with totals; some figures missing by default."""
    n = draw(st.integers(2, 5))
    workers = st.one_of(cells, st.integers(0, 5000))
    return {f"r{i}": row_of({s: draw(cells) for s in SEGMENTS}, draw(cells), draw(workers)) for i in range(n)}


def suppressed(table: Table, k: int) -> Table:
    return suppress_table(table, k=k, row_totals=ROW_TOTALS, column_rank=RANK)


@settings(max_examples=300, deadline=None)
@given(table=tables(), k=st.integers(1, 15))
def test_no_published_count_is_below_k_and_published_cells_are_unchanged(table: Table, k: int) -> None:
    out = suppressed(table, k)
    for r, row in out.items():
        for c, value in row.items():
            assert value is None or value == 0 or value >= k
            assert value is None or value == table[r][c]


@settings(max_examples=300, deadline=None)
@given(table=tables(), k=st.integers(1, 15))
def test_every_sum_with_a_known_total_hides_none_or_two_cells_adding_up_to_k(table: Table, k: int) -> None:
    values = flat(table)
    out = flat(suppressed(table, k))
    hidden = {c for c, v in out.items() if v is None and values[c] is not None}
    for relation in relations_of(table):
        members = relation.members
        hidden_members = [m for m in members if m in hidden]
        if relation.total is not None and relation.total in hidden:
            assert hidden_members  # the shown members do not add up to the hidden total
            continue
        if len(members) < 2 or not hidden_members:
            continue
        assert len(hidden_members) >= 2
        hidden_sum = sum(values[m] or 0 for m in hidden_members)
        every_non_zero_hidden = all(m in hidden for m in members if values[m])
        assert hidden_sum >= k or every_non_zero_hidden


@settings(max_examples=300, deadline=None)
@given(table=tables(), k=st.integers(1, 15))
def test_suppressing_twice_changes_nothing(table: Table, k: int) -> None:
    once = suppressed(table, k)
    assert suppressed(once, k) == once


@settings(max_examples=200, deadline=None)
@given(table=tables(cells=counts), k=st.integers(2, 15))
def test_no_hidden_count_can_be_worked_out_exactly_from_what_is_published(table: Table, k: int) -> None:
    values = flat(table)
    out = flat(suppressed(table, k))
    hidden = {c for c, v in out.items() if v is None and values[c] is not None}
    relations = relations_of(table)
    assert not {c for c in exactly_known(values, hidden, relations) if values[c]}
    assert determined(values, hidden, relations) == exactly_known(values, hidden, relations)
