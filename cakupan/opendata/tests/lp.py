"""Test-only: the feasible interval of a hidden cell, solved with SciPy's HiGHS over every published
relation (the independent check of `opendata/intervals.py` and of the suppression rule)."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import TypeVar

import numpy as np
from scipy.optimize import linprog

from cakupan.opendata.suppression import Relation

K = TypeVar("K", bound=Hashable)


def lp_interval(
    values: Mapping[K, int | None], hidden: Collection[K], relations: Iterable[Relation[K]], cell: K
) -> tuple[float, float]:
    """min and max of the hidden cell over non-negative hidden cells meeting every relation whose shown
    cells (and external totals) are at their published values."""
    unknown = [c for c in values if c in hidden and values[c] is not None]
    position = {c: i for i, c in enumerate(unknown)}
    rows, constants = [], []
    for relation in relations:
        row = np.zeros(len(unknown))
        constant = 0.0
        members = [m for m in relation.members if values[m] is not None]
        if relation.total is None:
            constant = float(sum(values[m] or 0 for m in members))  # published elsewhere
        elif relation.total in position:
            row[position[relation.total]] -= 1
        else:
            constant = float(values[relation.total] or 0)
        for member in members:
            if member in position:
                row[position[member]] += 1
            else:
                constant -= float(values[member] or 0)
        if row.any():
            rows.append(row)
            constants.append(constant)
    objective = np.zeros(len(unknown))
    objective[position[cell]] = 1
    a = np.array(rows) if rows else None
    b = np.array(constants) if rows else None
    low = linprog(objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
    assert low.status == 0, low.message
    top = float("inf") if high.status == 3 else -float(high.fun)
    return float(low.fun), top


def small_total(cell: K, values: Mapping[K, int | None], relations: Iterable[Relation[K]], k: int) -> bool:
    """Whether the cell is a member of a relation adding up to less than k: no suppression can give it
    an interval k wide."""
    for relation in relations:
        if cell not in relation.members:
            continue
        members = [m for m in relation.members if values[m] is not None]
        total = sum(values[m] or 0 for m in members) if relation.total is None else values[relation.total]
        if (total or 0) < k:
            return True
    return False
