"""Small-cell suppression for published tables of counts. Pure Python: no Django, no database.

A *cell* is a count of persons (an int) or None (no figure: nothing to hide, nothing to protect). A
*relation* says that some cells (its members) add up to a total. The total is either another cell of the
same publication (a row's `active` is the sum of its segments; a district's figure is the sum of its
villages), which may itself be hidden, or a figure published elsewhere (the regency's own figures): an
*external* total, which a reader always knows.

The rule, for a threshold `k`:

1. **Primary suppression.** Every count from 1 to k − 1 is hidden. A 0 is kept (it describes nobody) and
   so is every count of k or more.
2. **Complementary suppression**, for every relation, until nothing changes:

   - total known (external, or a cell that is shown): the hidden members are none, or at least two whose
     sum is at least k, so that subtracting the shown members from the total gives back neither a hidden
     cell nor a small residual;
   - total hidden: at least one member is hidden too, so that the shown members do not add up to it.

   Where a relation does not hold, one more of its shown cells is hidden (a member, or the total cell,
   after which the shown members add up to nothing known): the cheapest by the caller's rank of cells
   (e.g. `registered` before `active`, which a coverage rate needs), then a non-zero count before a 0,
   then the smallest. When a relation's members add up to less than k in all, the best that can be done
   is done: every non-zero member is hidden (the total itself is then small: hidden too if it is a cell).
3. **Audit.** No hidden non-zero cell may be determined exactly by the shown cells through all the
   relations together (a linear system; chains across rows and columns can pin a cell down even when
   every single relation has two hidden cells). When one is, one more cell of a relation containing it
   is hidden and step 2 runs again.
4. **Protection intervals.** Every cell hidden by step 1 must keep a feasible interval at least k wide:
   given every relation, the shown cells and that no count is negative, the values it could take (its
   minimum and maximum, two linear programs over the hidden cells linked to it, `intervals.py`) span k or
   more. A cell whose interval is narrower gets one more hidden cell in a relation containing it, and
   steps 2 to 4 run again; when nothing more can be hidden it is as protected as it can be (its relations
   add up to less than k).

Hiding only ever adds cells, so the procedure ends; shown cells keep their exact values. The result is a
fixpoint: suppressing the output again changes nothing.

What the rule does not do: it does not look across periods (a month's figure minus the month before),
and it cannot protect the only member of a relation, whose value its published total gives away, nor a
cell whose relations add up to less than k in all.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

# The audit's elimination runs modulo this prime (2**61 − 1) rather than in fractions: far faster, and the
# same answer unless the prime divides a determinant of the system of ±1 sums, which is as good as
# impossible (the tests compare it with exact fractions).
_PRIME = (1 << 61) - 1
# How many hidden cells near a primary cell the first, small linear program of step 4 frees.
NEAR_CELLS = 48


@dataclass(frozen=True)
class Relation(Generic[K]):
    """`members` add up to `total`: a cell key of the same publication, or None for a total published
    elsewhere (then it is taken as the sum of the members' values)."""

    members: tuple[K, ...]
    total: K | None = None


def is_sensitive(value: int | None, k: int) -> bool:
    """A count that primary suppression hides: 1 ≤ value < k."""
    return value is not None and 0 < value < k


def hidden_cells(
    values: Mapping[K, int | None],
    relations: Iterable[Relation[K]],
    *,
    k: int,
    rank: Callable[[K], int] | None = None,
    audit: bool = True,
    imposed: Collection[K] = (),
) -> frozenset[K]:
    """The keys of the cells to hide (see the module docstring for the rule).

    `values` gives every cell of the publication (None: no figure). Among the cells that would do as a
    complement, the one with the lowest `rank` (all equal by default) is hidden, then a non-zero count
    before a 0, then the smallest; the order of the keys of `values` breaks the remaining ties, so the
    result is deterministic. `audit=False` leaves out step 3 (to see what the per-relation rules alone
    would do; never for publishing). `imposed` cells are hidden from the start, as if primary (cells hidden
    by a suppression of the same figures in another table, as the modular suppression of
    `participants.poverty` does); they are protected like any hidden cell, and the result contains them.
    Raises ValueError for a relation naming an unknown cell, or whose total cell is not the sum of its
    members.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    suppressor = _Suppressor(values, list(relations), k, rank)
    suppressor.hidden.update(cell for cell in imposed if values[cell] is not None)
    return suppressor.run(audit=audit)


def apply(values: Mapping[K, int | None], hidden: Collection[K]) -> dict[K, int | None]:
    """The values with the hidden cells set to None."""
    return {key: (None if key in hidden else value) for key, value in values.items()}


def suppress_cells(
    values: Mapping[K, int | None],
    relations: Iterable[Relation[K]],
    *,
    k: int,
    rank: Callable[[K], int] | None = None,
) -> dict[K, int | None]:
    """`values` with the cells the rule hides set to None."""
    return apply(values, hidden_cells(values, relations, k=k, rank=rank))


def suppress(cells: Mapping[K, int | None], *, k: int, total_published: bool = True) -> dict[K, int | None]:
    """One group of sibling cells, e.g. the districts of a regency for one measure.

    With `total_published` (the group's sum is shown somewhere, as the parent's figure), complementary
    suppression keeps the hidden cells from being recovered by subtraction; without it, only counts from
    1 to k − 1 are hidden.

    >>> suppress({"a": 3, "b": 40, "c": 55, "d": 0}, k=10)
    {'a': None, 'b': None, 'c': 55, 'd': 0}
    """
    relations = [Relation(tuple(cells))] if total_published else []
    return suppress_cells(cells, relations, k=k)


def suppress_table(
    rows: Mapping[R, Mapping[C, int | None]],
    *,
    k: int,
    row_totals: Mapping[C, Sequence[C]] | None = None,
    column_totals: bool | Collection[C] = True,
    column_rank: Mapping[C, int] | None = None,
) -> dict[R, dict[C, int | None]]:
    """A table of rows (e.g. the districts of a regency) × columns (measures), suppressed as a whole.

    `row_totals` maps a column to the columns that add up to it within every row, e.g.
    `{"active": ["active_pu", "active_bpu", ...], "registered": ["active", "inactive"]}`.
    `column_totals` says which columns have their total over the rows published elsewhere (the parent
    region's figure): True for all, False for none, or a collection of columns. Rows may lack columns;
    a missing column and None both mean "no figure". A row total that is not the sum of the members
    present (one of them without a figure) is no exact relation, and is not used. `column_rank` orders
    the columns for complementary suppression within a row: lower is hidden first (default 0).

    >>> suppress_table({"x": {"a": 3, "b": 50}, "y": {"a": 20, "b": 60}}, k=10)
    {'x': {'a': None, 'b': 50}, 'y': {'a': None, 'b': 60}}
    """
    columns: list[C] = []
    for row in rows.values():
        columns.extend(c for c in row if c not in columns)
    values: dict[tuple[R, C], int | None] = {(r, c): row.get(c) for r, row in rows.items() for c in columns}
    relations: list[Relation[tuple[R, C]]] = []
    for r in rows:
        for total, members in (row_totals or {}).items():
            present = tuple((r, m) for m in members if values.get((r, m)) is not None)
            if present and values.get((r, total)) == sum(values[p] or 0 for p in present):
                relations.append(Relation(present, total=(r, total)))
    for c in columns:
        if column_totals is True or (not isinstance(column_totals, bool) and c in column_totals):
            present = tuple((r, c) for r in rows if values[(r, c)] is not None)
            if present:
                relations.append(Relation(present))
    ranks = column_rank or {}
    out = suppress_cells(values, relations, k=k, rank=lambda cell: ranks.get(cell[1], 0))
    return {r: {c: out[(r, c)] for c in row} for r, row in rows.items()}


def determined(
    values: Mapping[K, int | None], hidden: Collection[K], relations: Iterable[Relation[K]]
) -> frozenset[K]:
    """The hidden cells whose value the shown cells and the relations fix exactly."""
    return _determined(frozenset(hidden), tuple(relations), values)


def _determined(
    hidden: frozenset[K], relations: tuple[Relation[K], ...], values: Mapping[K, int | None]
) -> frozenset[K]:
    """Gaussian elimination (reduced row echelon form, sparse rows) of the relations restricted to the
    hidden cells. A hidden cell is determined exactly when it is a pivot whose reduced row has no other
    unknown. The constants (shown cells, totals) do not matter for that, so they are left out."""
    index = {cell: i for i, cell in enumerate(c for c in values if c in hidden)}
    pivots: dict[int, dict[int, int]] = {}
    for relation in relations:
        row: dict[int, int] = {}
        if relation.total is not None and relation.total in index:
            row[index[relation.total]] = 1
        for member in relation.members:
            if member in index and values.get(member) is not None:
                row[index[member]] = _PRIME - 1
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if not factor:
                continue
            for other, coefficient in pivots[col].items():
                value = (row.get(other, 0) - factor * coefficient) % _PRIME
                if value:
                    row[other] = value
                else:
                    row.pop(other, None)
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        row = {c: v * inverse % _PRIME for c, v in row.items()}
        for other_row in pivots.values():
            factor = other_row.get(pivot)
            if factor:
                for c, v in row.items():
                    value = (other_row.get(c, 0) - factor * v) % _PRIME
                    if value:
                        other_row[c] = value
                    else:
                        other_row.pop(c, None)
        pivots[pivot] = row
    cells = list(index)
    return frozenset(cells[p] for p, row in pivots.items() if len(row) == 1)


class _Suppressor(Generic[K]):
    def __init__(
        self,
        values: Mapping[K, int | None],
        relations: list[Relation[K]],
        k: int,
        rank: Callable[[K], int] | None,
    ) -> None:
        self.values = values
        self.order = {key: i for i, key in enumerate(values)}
        self.k = k
        self.rank = rank or _no_rank
        self.relations: list[Relation[K]] = []
        self.touching: dict[K, list[int]] = defaultdict(list)
        for relation in relations:
            self._check(relation)
            members = tuple(m for m in relation.members if values[m] is not None)
            if not members or (relation.total is not None and values[relation.total] is None):
                continue
            number = len(self.relations)
            self.relations.append(Relation(members, relation.total))
            for cell in _cells(self.relations[-1]):
                self.touching[cell].append(number)
        self.hidden: set[K] = {key for key, value in values.items() if is_sensitive(value, k)}

    def _check(self, relation: Relation[K]) -> None:
        for cell in _cells(relation):
            if cell not in self.values:
                raise ValueError(f"relation names an unknown cell: {cell!r}")
        if relation.total is not None and self.values[relation.total] is not None:
            total = sum(self.values[m] or 0 for m in relation.members)
            if self.values[relation.total] != total:
                raise ValueError(f"cell {relation.total!r} is not the sum of its members")

    def run(self, *, audit: bool) -> frozenset[K]:
        unprotectable: set[K] = set()
        wide: set[K] = set()
        while True:
            self._complete()
            if not audit:
                return frozenset(self.hidden)
            exposed = [cell for cell in self._determined() if self.values[cell] and cell not in unprotectable]
            if exposed:
                for cell in sorted(exposed, key=self.order.__getitem__):
                    extra = self._widen(cell)
                    if extra is not None:
                        self.hidden.add(extra)
                        break  # one cell at a time: it may protect the others too
                    unprotectable.add(cell)
                else:
                    return frozenset(self.hidden)
                continue
            # Step 4, one narrow cell at a time in the cells' order: only the first that can be widened is,
            # so the cells after it are looked at again once it is (their intervals may have changed).
            for cell in self._primary():
                if cell in unprotectable or cell in wide:
                    continue
                if not self._narrow(cell):
                    wide.add(cell)  # hiding more only widens an interval: it stays wide
                    continue
                extra = self._widen_interval(cell)
                if extra is not None:
                    self.hidden.add(extra)
                    break
                unprotectable.add(cell)
            else:
                return frozenset(self.hidden)

    def _determined(self) -> frozenset[K]:
        return _determined(frozenset(self.hidden), tuple(self.relations), self.values)

    def _primary(self) -> list[K]:
        """The primary cells (1 to k − 1) that step 4 protects, in the cells' order."""
        return [
            c
            for c in self.values
            if c in self.hidden and is_sensitive(self.values[c], self.k) and not self._within_small_total(c)
        ]

    def _narrow(self, cell: K) -> bool:
        """Whether the primary cell's feasible interval is narrower than k (step 4).

        Most cells are shown to be wide enough by a small linear program first: the hidden cells near it
        (two relations away at most) free and every other hidden cell held at its value, whose interval
        lies within the true one. Only a cell it cannot show wide is solved over every hidden cell linked
        to it (the answer of `intervals.narrow_cells`, which solves every cell that way)."""
        from cakupan.opendata.intervals import _TOLERANCE, interval

        near = self._near(cell)
        relations = [self.relations[n] for n in sorted({n for c in near for n in self.touching[c]})]
        low, high = interval(self.values, near, relations, cell)
        if high - low >= self.k:
            return False
        low, high = interval(self.values, self.hidden, self._linked_relations(cell), cell)
        return high - low < self.k - _TOLERANCE

    def _linked_relations(self, cell: K, through: Collection[K] = ()) -> list[Relation[K]]:
        """The relations reachable from a hidden cell through hidden cells (and the cells `through`, about
        to be hidden): every relation the cell's linear program can depend on, so that it is built from
        these rather than from the whole publication."""
        passable = set(through)
        seen, frontier, numbers = {cell}, [cell], set()
        while frontier:
            current = frontier.pop()
            for number in self.touching[current]:
                if number in numbers:
                    continue
                numbers.add(number)
                for other in _cells(self.relations[number]):
                    if other not in seen and (other in self.hidden or other in passable):
                        seen.add(other)
                        frontier.append(other)
        return [self.relations[n] for n in sorted(numbers)]

    def _near(self, cell: K, limit: int = NEAR_CELLS) -> list[K]:
        """The hidden cells at most two relations away from a hidden cell (itself first, then the nearer),
        at most `limit` of them."""
        found = [cell]
        seen = {cell}
        for _hop in range(2):
            for current in list(found):
                for number in self.touching[current]:
                    for other in _cells(self.relations[number]):
                        if other in self.hidden and other not in seen and self.values[other] is not None:
                            seen.add(other)
                            found.append(other)
                            if len(found) >= limit:
                                return found
        return found

    def _widen_interval(self, cell: K) -> K | None:
        """The shown cell next to the hidden cells linked to a narrow cell whose hiding widens its interval
        most (the cheapest of equals); when no single one widens it (two may be needed together), the
        cheapest of them; None when there is none."""
        from cakupan.opendata.intervals import linked_cells, widest

        relations = self._linked_relations(cell)
        linked = linked_cells(cell, self.hidden, relations)
        boundary = {
            c
            for n in {n for h in linked for n in self.touching[h]}
            for c in _cells(self.relations[n])
            if c not in self.hidden and self.values[c] is not None
        }
        ordered = sorted(boundary, key=lambda c: self._cost(c, None))
        reachable = self._linked_relations(cell, through=boundary)
        found = widest(self.values, self.hidden, reachable, cell, ordered)
        return found if found is not None else (ordered[0] if ordered else None)

    def _within_small_total(self, cell: K) -> bool:
        """Whether a relation the cell is a member of adds up to less than k: no hiding can widen its
        interval to k."""
        for number in self.touching[cell]:
            relation = self.relations[number]
            if relation.total == cell:
                continue
            if relation.total is None:
                total = sum(self.values[m] or 0 for m in relation.members)
            else:
                total = self.values[relation.total] or 0
            if total < self.k:
                return True
        return False

    def _complete(self) -> None:
        """Step 2 over a work list of relations, first in, first out, until every one holds."""
        pending = deque(range(len(self.relations)))
        queued = set(pending)
        while pending:
            number = pending.popleft()
            queued.discard(number)
            cell = self._fix(self.relations[number])
            if cell is None:
                continue
            self.hidden.add(cell)
            for other in self.touching[cell]:  # this relation among them: it is looked at again
                if other not in queued:
                    queued.add(other)
                    pending.append(other)

    def _holds(self, relation: Relation[K]) -> bool:
        hidden_members = [m for m in relation.members if m in self.hidden]
        if relation.total is not None and relation.total in self.hidden:
            return bool(hidden_members)
        if not hidden_members:
            return True
        return len(hidden_members) >= 2 and sum(self.values[m] or 0 for m in hidden_members) >= self.k

    def _fix(self, relation: Relation[K]) -> K | None:
        """One more cell to hide for this relation to hold; None when it holds (or nothing can help)."""
        if self._holds(relation):
            return None
        if relation.total is not None and relation.total in self.hidden:
            return self._candidate(relation.members, nonzero_only=False, current=relation)
        # Another member, or the total cell (then the shown members no longer add up to anything known).
        # With two hidden already, only a non-zero cell makes the hidden sum bigger.
        count = sum(1 for m in relation.members if m in self.hidden)
        return self._candidate(_cells(relation), nonzero_only=count >= 2, current=relation)

    def _candidate(
        self, cells: Iterable[K], *, nonzero_only: bool, current: Relation[K] | None = None
    ) -> K | None:
        """The shown cell whose hiding costs least (see `_cost`)."""
        pool = [c for c in cells if c not in self.hidden and self.values[c] is not None]
        if nonzero_only:
            pool = [c for c in pool if self.values[c]]
        if not pool:
            return None
        return min(pool, key=lambda c: self._cost(c, current))

    def _cost(self, cell: K, current: Relation[K] | None) -> tuple[int, int, bool, int, int]:
        """The caller's rank of the cell; then how many more of the other relations it is in would need
        fixing once it is hidden (a cell that completes a pair elsewhere is cheap); then a non-zero count
        before a 0 (a 0 hides nobody, but adds no doubt to a sum either); then the smaller count."""
        value = self.values[cell] or 0
        others = [self.relations[n] for n in self.touching[cell]]
        others = [r for r in others if r is not current]
        before = sum(1 for r in others if not self._holds(r))
        self.hidden.add(cell)
        after = sum(1 for r in others if not self._holds(r))
        self.hidden.discard(cell)
        return (self.rank(cell), after - before, value == 0, value, self.order[cell])

    def _widen(self, cell: K) -> K | None:
        """One more cell to hide in a relation containing an exposed cell: the cheapest over them."""
        options = [
            self._candidate(_cells(self.relations[n]), nonzero_only=False) for n in self.touching[cell]
        ]
        found = [c for c in options if c is not None]
        return min(found, key=lambda c: self._cost(c, None)) if found else None


def _cells(relation: Relation[K]) -> tuple[K, ...]:
    return relation.members if relation.total is None else (*relation.members, relation.total)


def _no_rank(cell: object) -> int:
    return 0


@lru_cache(maxsize=64)
def hidden_cells_cached(
    values: tuple[tuple[K, int | None], ...],
    relations: tuple[Relation[K], ...],
    k: int,
    rank: Callable[[K], int] | None = None,
) -> frozenset[K]:
    """`hidden_cells` memoised on its (hashable) inputs: a page and its downloads ask for the same table.
    `rank` must then be a plain function (a new lambda on every call would defeat the cache)."""
    return hidden_cells(dict(values), relations, k=k, rank=rank)
