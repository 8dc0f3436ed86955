"""Feasible intervals of hidden cells: what a reader can learn of a hidden count from every published sum
and the fact that no count is negative (step 4 of `suppression.py`).

For a hidden cell x the interval is [min x, max x] over the hidden cells h ≥ 0 that satisfy every
relation with the shown cells at their published values: two linear programs. They are solved here with a
small two-phase simplex (Bland's rule, so it always ends) on the hidden cells linked to x by relations,
in floating point with a tolerance far below one person. No solver dependency: the tests check the result
against SciPy's HiGHS.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

K = TypeVar("K", bound=Hashable)

_TOLERANCE = 1e-7
Matrix = npt.NDArray[np.float64]


def narrow_cells(
    values: Mapping[K, int | None],
    hidden: Collection[K],
    relations: Iterable[object],
    cells: Sequence[K],
    *,
    k: int,
) -> list[K]:
    """Of `cells` (hidden), those whose feasible interval is narrower than k."""
    rows, columns = _system(values, hidden, relations)
    narrow = []
    for cell in cells:
        low, high = _interval(cell, rows, columns)
        if high - low < k - _TOLERANCE:
            narrow.append(cell)
    return narrow


def interval(
    values: Mapping[K, int | None], hidden: Collection[K], relations: Iterable[object], cell: K
) -> tuple[float, float]:
    """The lowest and highest value the hidden cell can take (high may be infinite)."""
    rows, columns = _system(values, hidden, relations)
    return _interval(cell, rows, columns)


def linked_cells(cell: K, hidden: Collection[K], relations: Iterable[object]) -> set[K]:
    """The hidden cells linked to a hidden cell through relations (itself included)."""
    rows, _columns = _system({c: 0 for c in hidden}, hidden, relations)
    cells, _rows = _component(cell, rows)
    return set(cells)  # type: ignore[arg-type]


def widest(
    values: Mapping[K, int | None],
    hidden: Collection[K],
    relations: Sequence[object],
    cell: K,
    candidates: Sequence[K],
) -> K | None:
    """Of the candidates (shown cells, cheapest first), the one whose hiding widens the cell's interval
    most; None when none widens it."""
    low, high = interval(values, hidden, relations, cell)
    best, best_width = None, high - low + _TOLERANCE
    for candidate in candidates:
        low, high = interval(values, {*hidden, candidate}, relations, cell)
        if high - low > best_width:
            best, best_width = candidate, high - low
    return best


Row = tuple[dict[object, float], float]  # coefficients of hidden cells, and the constant they sum to


def _system(
    values: Mapping[K, int | None], hidden: Collection[K], relations: Iterable[object]
) -> tuple[list[Row], dict[object, int]]:
    """Each relation over the hidden cells: Σ hidden members − hidden total = the shown total − Σ shown
    members, i.e. the true value of the left side (computed from the hidden cells' values)."""
    hidden_set = set(hidden)
    rows: list[Row] = []
    for relation in relations:
        members = getattr(relation, "members")  # noqa: B009 (a Relation of suppression.py)
        total = getattr(relation, "total")  # noqa: B009
        coefficients: dict[object, float] = {}
        for member in members:
            if member in hidden_set and values.get(member) is not None:
                coefficients[member] = coefficients.get(member, 0.0) + 1.0
        if total is not None and total in hidden_set:
            coefficients[total] = coefficients.get(total, 0.0) - 1.0
        coefficients = {c: v for c, v in coefficients.items() if v}
        if coefficients:
            known: Mapping[object, int | None] = values  # type: ignore[assignment]
            constant = sum((v * float(known[c] or 0) for c, v in coefficients.items()), 0.0)
            rows.append((coefficients, constant))
    columns: dict[object, int] = {cell: i for i, cell in enumerate(c for c in values if c in hidden_set)}
    return rows, columns


def _component(cell: object, rows: list[Row]) -> tuple[list[object], list[Row]]:
    """The hidden cells linked to the cell through relations, and those relations."""
    linked, frontier, used = {cell}, [cell], set()
    by_cell: dict[object, list[int]] = {}
    for n, (coefficients, _c) in enumerate(rows):
        for c in coefficients:
            by_cell.setdefault(c, []).append(n)
    while frontier:
        current = frontier.pop()
        for n in by_cell.get(current, []):
            if n in used:
                continue
            used.add(n)
            for other in rows[n][0]:
                if other not in linked:
                    linked.add(other)
                    frontier.append(other)
    return sorted(linked, key=repr), [rows[n] for n in sorted(used)]


def _interval(cell: object, rows: list[Row], columns: dict[object, int]) -> tuple[float, float]:
    cells, linked_rows = _component(cell, rows)
    if not linked_rows:
        return 0.0, float("inf")  # no published sum involves it: any count is possible
    position = {c: i for i, c in enumerate(cells)}
    a = np.zeros((len(linked_rows), len(cells)))
    b = np.zeros(len(linked_rows))
    for r, (coefficients, constant) in enumerate(linked_rows):
        for c, v in coefficients.items():
            a[r, position[c]] = v
        b[r] = constant
    objective = np.zeros(len(cells))
    objective[position[cell]] = 1.0
    high = _maximise(objective, a, b)
    low = -_maximise(-objective, a, b)
    return low, high


def _maximise(c: Matrix, a: Matrix, b: Matrix) -> float:
    """max c·x subject to a x = b, x ≥ 0 (feasible by construction); inf when unbounded."""
    a, b = a.copy(), b.copy()
    negative = b < 0
    a[negative] *= -1
    b[negative] *= -1
    m, n = a.shape
    # Phase 1: artificial variables n … n+m−1 start in the basis; minimise their sum.
    tableau = np.hstack([a, np.eye(m), b.reshape(-1, 1)])
    basis = list(range(n, n + m))
    cost = np.concatenate([np.zeros(n), np.ones(m), [0.0]])
    _simplex(tableau, basis, cost, allowed=n + m)
    # Drive artificials still in the basis (at 0) out, or drop their redundant rows.
    keep = []
    for r, var in enumerate(basis):
        if var < n:
            keep.append(r)
            continue
        column = next((j for j in range(n) if abs(tableau[r, j]) > _TOLERANCE), None)
        if column is None:
            continue
        _pivot(tableau, basis, r, column)
        keep.append(r)
    tableau = np.hstack([tableau[keep, :n], tableau[keep, -1:]])
    basis = [basis[r] for r in keep]
    # Phase 2: maximise c·x, i.e. minimise −c·x.
    result = _simplex(tableau, basis, np.concatenate([-c, [0.0]]), allowed=n)
    if result is None:
        return float("inf")
    return -result


def _simplex(tableau: Matrix, basis: list[int], cost: Matrix, *, allowed: int) -> float | None:
    """Minimise cost·x from a feasible basis, in place; the minimum, or None when unbounded. Whole rows and
    columns at once (numpy), the same steps as one element at a time."""
    while True:
        reduced = cost[:allowed] - cost[basis] @ tableau[:, :allowed]
        improving = np.flatnonzero(reduced < -_TOLERANCE)
        if not improving.size:
            return float(cost[basis] @ tableau[:, -1])
        entering = int(improving[0])
        column = tableau[:, entering]
        rows = np.flatnonzero(column > _TOLERANCE)
        if not rows.size:
            return None
        ratios = tableau[rows, -1] / column[rows]
        tied = rows[ratios == ratios.min()]
        # Bland: the smallest ratio, then the lowest variable
        leaving = int(tied[np.argmin(np.asarray(basis)[tied])])
        _pivot(tableau, basis, leaving, entering)


def _pivot(tableau: Matrix, basis: list[int], row: int, column: int) -> None:
    tableau[row] /= tableau[row, column]
    factors = tableau[:, column].copy()
    factors[row] = 0.0
    others = np.flatnonzero(factors)
    if others.size:
        tableau[others] -= np.outer(factors[others], tableau[row])
    basis[row] = column
