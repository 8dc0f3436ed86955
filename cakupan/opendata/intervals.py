"""Feasible intervals of hidden cells: what a reader can learn of a hidden count from every published sum
and the fact that no count is negative (step 4 of `suppression.py`).

For a hidden cell x the interval is [min x, max x] over the hidden cells h ≥ 0 that satisfy every
relation with the shown cells at their published values: two linear programs. They are solved here with a
HiGHS (SciPy's `linprog`, ADR 0009) on the hidden cells linked to x by relations only, in floating point
with a tolerance far below one person. The tests check it against a small two-phase simplex with Bland's
rule (the solver used here before, `tests/simplex.py`) and against brute force on small tables.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)

_TOLERANCE = 1e-7


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
    most; None when none widens it.

    One linear program over the hidden cells and every candidate, the candidates held at their values
    (bounds [v, v]) but the one being tried: HiGHS starts each solve from the basis of the one before."""
    together = {*hidden, *candidates}
    rows, _columns = _system(values, together, relations)
    cells, linked_rows = _component(cell, rows)
    if not linked_rows:
        return None  # no published sum involves it: nothing to widen
    model = _Model(cells, linked_rows)
    present = [c for c in candidates if c in model.position]
    for candidate in present:
        model.fix(candidate, float(values[candidate] or 0))
    low, high = model.extent(cell)
    best, best_width = None, high - low + _TOLERANCE
    # Hiding more only widens: no candidate alone widens the cell beyond all of them hidden together, so the
    # scan stops at the first candidate that reaches that width (a later one could only tie, and ties go
    # to the cheaper, earlier candidate), and does not start when all of them together do not widen it.
    for candidate in present:
        model.free(candidate)
    low, high = model.extent(cell)
    ceiling = high - low
    if ceiling <= best_width:
        return None
    for candidate in present:
        model.fix(candidate, float(values[candidate] or 0))
    for candidate in present:
        model.free(candidate)
        low, high = model.extent(cell)
        model.fix(candidate, float(values[candidate] or 0))
        if high - low > best_width:
            best, best_width = candidate, high - low
            if best_width >= ceiling - _TOLERANCE:
                break
    return best


class _Model:
    """A HiGHS model of Σ coefficients · hidden = constant, hidden ≥ 0, kept between solves."""

    def __init__(self, cells: list[object], rows: list[Row]) -> None:
        # Imported here, not with the module: the suppression registers at start-up and numpy and SciPy
        # (0.6 s) are needed only when a table is suppressed.
        import numpy as np

        # The HiGHS that SciPy ships (ADR 0009): the same bindings as the highspy package, which lets a
        # model be kept and re-solved after a change of bounds (SciPy's linprog builds a new one each call).
        from scipy.optimize._highspy import _core as _highs

        self._highs: Any = _highs
        self.position = {c: i for i, c in enumerate(cells)}
        columns: list[list[tuple[int, float]]] = [[] for _ in cells]
        for r, (coefficients, _constant) in enumerate(rows):
            for c, v in coefficients.items():
                columns[self.position[c]].append((r, v))
        lp = _highs.HighsLp()
        lp.num_col_, lp.num_row_ = len(cells), len(rows)
        lp.col_cost_ = np.zeros(len(cells))
        lp.col_lower_ = np.zeros(len(cells))
        lp.col_upper_ = np.full(len(cells), _highs.kHighsInf)
        constants = np.array([constant for _coefficients, constant in rows])
        lp.row_lower_, lp.row_upper_ = constants, constants.copy()
        matrix = lp.a_matrix_
        matrix.format_ = _highs.MatrixFormat.kColwise
        matrix.num_col_, matrix.num_row_ = len(cells), len(rows)
        matrix.start_ = np.cumsum([0] + [len(column) for column in columns]).astype(np.int32)
        matrix.index_ = np.array([r for column in columns for r, _v in column], dtype=np.int32)
        matrix.value_ = np.array([v for column in columns for _r, v in column], dtype=np.float64)
        self.highs = _highs._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # a warm start from the last basis instead
        self.highs.passModel(lp)
        self.objective: int | None = None

    def fix(self, cell: object, value: float) -> None:
        self.highs.changeColBounds(self.position[cell], value, value)

    def free(self, cell: object) -> None:
        self.highs.changeColBounds(self.position[cell], 0.0, self._highs.kHighsInf)

    def extent(self, cell: object) -> tuple[float, float]:
        """The lowest and highest value of the cell (high may be infinite)."""
        column = self.position[cell]
        if self.objective != column:
            if self.objective is not None:
                self.highs.changeColCost(self.objective, 0.0)
            self.highs.changeColCost(column, 1.0)
            self.objective = column
        sense = self._highs.ObjSense
        return self._solve(sense.kMinimize), self._solve(sense.kMaximize)

    def _solve(self, sense: object) -> float:
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        status, known = self.highs.getModelStatus(), self._highs.HighsModelStatus
        if status in (known.kUnbounded, known.kUnboundedOrInfeasible):
            return float("inf")
        if status != known.kOptimal:
            raise RuntimeError(f"protection interval not solved: {status}")
        # The optimum is a vertex of integer sums: rounded to a millionth (far below one person) to keep
        # float noise out of the comparisons of widths.
        return round(float(self.highs.getInfo().objective_function_value), 6)


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
    return _Model(cells, linked_rows).extent(cell)
