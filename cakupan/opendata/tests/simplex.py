"""Test-only: the small dense two-phase simplex with Bland's rule that solved the protection intervals
before HiGHS (ADR 0009), kept as an independent oracle of `opendata/intervals.py`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import numpy as np
import numpy.typing as npt

from cakupan.opendata.intervals import _TOLERANCE, _component, _system

Matrix = npt.NDArray[np.float64]


def simplex_interval(
    values: Mapping[object, int | None], hidden: Collection[object], relations: Iterable[object], cell: object
) -> tuple[float, float]:
    """The lowest and highest value the hidden cell can take (high may be infinite), by the simplex."""
    rows, _columns = _system(values, hidden, relations)
    cells, linked_rows = _component(cell, rows)
    if not linked_rows:
        return 0.0, float("inf")
    position = {c: i for i, c in enumerate(cells)}
    a = np.zeros((len(linked_rows), len(cells)))
    b = np.zeros(len(linked_rows))
    for r, (coefficients, constant) in enumerate(linked_rows):
        for c, v in coefficients.items():
            a[r, position[c]] = v
        b[r] = constant
    objective = np.zeros(len(cells))
    objective[position[cell]] = 1.0
    return -_maximise(-objective, a, b), _maximise(objective, a, b)


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
