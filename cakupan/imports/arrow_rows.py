"""Figures an engine computed (a participant file's rollup, 600,000 at 10 M participants) as the import
pipeline's rows, without a Python object per row: their number, regions and months come from the Arrow
columns, and a row (`ParsedRow`) is made only where one is asked for. Building them all took a second and
more of a national import, most of it the garbage collector walking the new objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, overload

from cakupan.imports.datasets import ParsedRow

if TYPE_CHECKING:  # pyarrow is imported where an engine's table is read, not by every process at start-up
    import pyarrow as pa

_BLOCK = 50_000  # rows made at a time when the whole sequence is walked


class ArrowRows(Sequence[ParsedRow]):
    """The rows of equal-length Arrow columns: `region`, `when`, the `items` making a figure's key
    (segment and status), `value` and `source`, each row read as `ParsedRow(0, region, when, items, value,
    source)` (the row number is 0: an engine's figure has no line of the file)."""

    def __init__(
        self,
        *,
        region: pa.ChunkedArray | pa.Array,
        when: pa.ChunkedArray | pa.Array,
        items: Sequence[pa.ChunkedArray | pa.Array],
        value: pa.ChunkedArray | pa.Array,
        source: pa.ChunkedArray | pa.Array,
    ) -> None:
        self._columns = (region, when, *items, value, source)
        self._items = len(items)
        if len({len(column) for column in self._columns}) > 1:
            raise ValueError("the columns of the rows differ in length")

    def __len__(self) -> int:
        return len(self._columns[0])

    @overload
    def __getitem__(self, index: int) -> ParsedRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ParsedRow]: ...

    def __getitem__(self, index: int | slice) -> ParsedRow | list[ParsedRow]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return list(self._made(start, max(stop - start, 0)))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("row out of range")
        return next(self._made(index, 1))

    def __iter__(self) -> Iterator[ParsedRow]:
        for start in range(0, len(self), _BLOCK):
            yield from self._made(start, _BLOCK)

    def _made(self, start: int, length: int) -> Iterator[ParsedRow]:
        region, when, *rest = (column.slice(start, length).to_pylist() for column in self._columns)
        items, (value, source) = rest[: self._items], rest[self._items :]
        # The named tuple's `_make` on the columns' tuples, not its constructor for each row.
        return map(ParsedRow._make, zip(repeat(0), region, when, zip(*items, strict=True), value, source))

    def take(self, positions: pa.Array | pa.ChunkedArray) -> ArrowRows:
        """The rows at these positions, in their order."""
        region, when, *rest = (column.take(positions) for column in self._columns)
        items, (value, source) = rest[: self._items], rest[self._items :]
        return ArrowRows(region=region, when=when, items=items, value=value, source=source)

    @property
    def regions(self) -> set[str]:
        """The distinct regions, without a row each."""
        return _distinct(self._columns[0])

    @property
    def whens(self) -> set[str]:
        """The distinct months (or years), without a row each."""
        return _distinct(self._columns[1])


def _distinct(column: Any) -> set[str]:
    import pyarrow.compute as pc

    return set(pc.unique(column).to_pylist())


def regions_of(rows: Iterable[Any]) -> set[str]:
    """The regions of valid rows of any dataset (an engine's rows know theirs without a row each)."""
    return rows.regions if isinstance(rows, ArrowRows) else {row.region for row in rows}


def whens_of(rows: Iterable[Any]) -> set[str]:
    """The months (or years) of valid figure rows."""
    return rows.whens if isinstance(rows, ArrowRows) else {row.when for row in rows}
