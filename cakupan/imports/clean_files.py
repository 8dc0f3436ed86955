"""A clean file read column by column: each column's distinct cells parsed once by the same parsers as
`validation.validate_rows`, each distinct region and month read once, the region codes checked in one
query, the keys compared as a set. Python then touches each row only to build it.

It says no problem itself. At the first thing a row-by-row reading would have to say (a cell that does not
parse, a total row, a duplicate, a region unknown or outside the scope, a warning on a region, a row wider
or narrower than the header, a file the reader refuses half-way), it gives up and `validate_file` reads the
file again row by row, which says every problem with its row, column and value. So a file it accepts
yields what the row-by-row reading yields (`imports/tests/test_clean_files.py` holds the two equal); only
the time differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from cakupan.core.cells import Cell
from cakupan.core.codes import ParsedCode
from cakupan.imports import values
from cakupan.imports.readers import FileRefused, total_row_label
from cakupan.imports.region_check import region_problems
from cakupan.imports.region_columns import read_columns
from cakupan.imports.registry import Column
from cakupan.imports.validation import (
    SAMPLE_ROWS,
    Validation,
    _as_read,
    _blank,
    _Identity,
    _Parsers,
)
from cakupan.regions.identity import CODE
from cakupan.regions.scope import RegionScope

BLOCK = 20_000  # rows held at once, as lists of cells, while their columns are read
MEMO_LIMIT = 200_000  # (code, month) pairs remembered across blocks, as validate_rows remembers readings


class _GiveUp(Exception):
    """The file needs the row-by-row reading."""


def validate_clean(
    result: Validation,
    rows: Iterator[tuple[int, list[Cell]]],
    positions: dict[str, int],
    scope: RegionScope | None,
) -> bool:
    """Fill `result` from a clean file and return True; or return False, `result` untouched and `rows`
    partly read, when the file needs the row-by-row reading. Only for datasets whose rows are their cells
    alone (no rule across cells, no column whose kind another cell says, no parser of a column's own) and
    files that name the region by region_code alone."""
    dataset = result.dataset
    if dataset.rules or dataset.make_row is None:
        return False
    columns = [c for c in read_columns(dataset) if c.name in positions]
    if any(c.kind_by is not None or c.parse is not None for c in columns):
        return False
    scratch = Validation(dataset=dataset, file_name=result.file_name, sha256=result.sha256, size=result.size)
    identity = _Identity(scratch, positions, scope)
    if not (identity.reads and identity.code_only):
        return False
    try:
        _Reading(scratch, columns, positions, scope, identity).read(rows)
    except (_GiveUp, FileRefused):  # a file refused half-way is said where validate_rows says it
        return False
    result.rows, result.data_rows, result.sample = scratch.rows, scratch.data_rows, scratch.sample
    result.region_codes_seen, result.periods_seen = scratch.region_codes_seen, scratch.periods_seen
    result.region_mapping, result.warnings = scratch.region_mapping, scratch.warnings
    return True


class _Reading:
    def __init__(
        self,
        result: Validation,
        columns: list[Column],
        positions: dict[str, int],
        scope: RegionScope | None,
        identity: _Identity,
    ) -> None:
        self.result, self.columns, self.positions, self.scope = result, columns, positions, scope
        self.identity = identity
        self.parsers = _Parsers(result.dataset)
        self.width = max(positions.values()) + 1
        # Where a total row writes its label: any column but the choices (as validate_rows).
        self.label_positions = [positions[c.name] for c in columns if c.kind != "choice"]
        self.parsed_cells: dict[str, dict[Cell, Any]] = {}  # column → cell → value, of kinds that repeat
        self.regions: dict[tuple[Cell, str], ParsedCode] = {}  # (code as written, when) → stored code
        self.stored: dict[str, ParsedCode] = {}  # one ParsedCode a stored code, as validate_rows
        self.checked: set[str] = set()  # stored codes found in the master and in scope
        self.seen: set[tuple[Any, ...]] = set()
        self.rows: list[Any] = []
        result.rows = self.rows

    def read(self, rows: Iterator[tuple[int, list[Cell]]]) -> None:
        while block := list(islice(rows, BLOCK)):
            self._block(block)
        if not self.result.rows:
            raise _GiveUp  # the row-by-row reading says what a file without data rows lacks
        self.identity.finish()

    def _block(self, block: list[tuple[int, list[Cell]]]) -> None:
        numbers: list[int] = []
        kept: list[list[Cell]] = []
        width = self.width
        for number, cells in block:
            first = cells[0] if cells else None
            if not (type(first) is str and first and not first.isspace()) and _blank(cells):
                continue
            if len(cells) != width:
                if len(cells) < width or not _blank(cells[width:]):
                    raise _GiveUp
                cells = cells[:width]
            numbers.append(number)
            kept.append(cells)
        self.result.data_rows += len(kept)
        if not kept:
            return
        by_position = list(zip(*kept, strict=True))
        for position in self.label_positions:
            if any(
                type(cell) is str and cell[:1].isalpha() and total_row_label([cell]) is not None
                for cell in _distinct(by_position[position])
            ):
                raise _GiveUp
        read: dict[str, list[Any]] = {}
        for column in self.columns:
            cells_of = by_position[self.positions[column.name]]
            if not column.required:
                empty = {values.text_of(cell) == "" for cell in _distinct(cells_of)}
                if empty == {True}:
                    continue  # absent from every row, as validate_rows leaves it out of each
                if True in empty:
                    raise _GiveUp  # filled on some rows only
            read[column.name] = self._parsed(column, cells_of)
        codes, whens = self._regions(read, by_position[self.positions[CODE]], numbers, kept)
        self._rows(read, codes, whens, numbers, kept)

    def _parsed(self, column: Column, cells: tuple[Cell, ...]) -> list[Any]:
        parse = self.parsers.parser(column, column.kind)
        try:
            if column.kind not in _Parsers.MEMO_KINDS:
                return [parse(cell) for cell in cells]
            known = self.parsed_cells.setdefault(column.name, {})
            for cell in _distinct(cells):
                if cell not in known:
                    known[cell] = parse(cell)
            return list(map(known.__getitem__, cells))
        except values.ValueProblem:
            raise _GiveUp from None

    def _regions(
        self, read: dict[str, list[Any]], cells: tuple[Cell, ...], numbers: list[int], kept: list[list[Cell]]
    ) -> tuple[list[str], list[str]]:
        """Each row's code as stored (a ParsedCode in `read`, as validate_rows gives make_row) and, returned,
        as text, with each row's month or year: each distinct cell and month read once, each new stored
        code checked against the master and the scope. Keyed by the cells as written: their text hashes
        faster than a ParsedCode."""
        if CODE not in read:
            raise _GiveUp  # no row names its region by code
        codes = read[CODE]
        whens = _whens(read, len(codes))
        for source in _distinct(read.get("source", ())):
            self.identity.note(None, source)
        if len(self.regions) > MEMO_LIMIT:
            self.regions.clear()  # a village file of many months: this block's pairs are read again
        stored_of = self.regions
        new: dict[str, list[tuple[int, str, str]]] = {}
        pairs = list(zip(cells, whens, strict=True))
        for index, pair in enumerate(pairs):
            if pair in stored_of:
                continue
            reading = self.identity.read(numbers[index], {CODE: codes[index]}, kept[index], pair[1])
            if reading is None or reading.stored is None or reading.errors or reading.warnings:
                raise _GiveUp
            stored_of[pair] = self.stored.setdefault(reading.stored, ParsedCode(reading.stored, None))
            if reading.stored not in self.checked:
                written = values.text_of(kept[index][self.positions[reading.column]])
                new.setdefault(reading.stored, [(numbers[index], written, reading.column)])
        if new:
            problems = region_problems(
                file_name=self.result.file_name,
                dataset=self.result.dataset.name,
                code_rows=new,
                scope=self.scope,
            )
            if problems:
                raise _GiveUp
            self.checked.update(new)
        read[CODE] = list(map(stored_of.__getitem__, pairs))
        text = {pair: stored_of[pair].code for pair in _distinct(pairs)}
        return list(map(text.__getitem__, pairs)), whens

    def _rows(
        self,
        read: dict[str, list[Any]],
        codes: list[str],
        whens: list[str],
        numbers: list[int],
        kept: list[list[Cell]],
    ) -> None:
        dataset, result = self.result.dataset, self.result
        if any(name not in read for name in dataset.key):
            raise _GiveUp
        key = list(zip(*(codes if name == CODE else read[name] for name in dataset.key), strict=True))
        seen = self.seen
        before = len(seen)
        seen.update(key)
        if len(seen) - before != len(key):
            raise _GiveUp  # a duplicate, within the block or of a row before it
        names = list(read)
        make_row = dataset.make_row
        assert make_row is not None
        rows = self.rows
        for number, parsed_values in zip(numbers, zip(*(read[n] for n in names), strict=True), strict=True):
            rows.append(make_row(number, dict(zip(names, parsed_values, strict=True))))
        for index in range(min(SAMPLE_ROWS - len(result.sample), len(numbers))):
            parsed = {name: read[name][index] for name in names}
            result.sample.append(
                (numbers[index], _as_read(self.columns, self.positions, kept[index], parsed))
            )
        result.region_codes_seen.update(_distinct(codes))
        result.periods_seen.update(when for when in _distinct(whens) if when)


def _distinct(cells: Any) -> Any:
    try:
        return dict.fromkeys(cells)  # in order of first appearance, each once
    except TypeError:  # an unhashable cell
        raise _GiveUp from None


def _whens(read: dict[str, list[Any]], count: int) -> list[str]:
    """Each row's month or year as validate_rows writes it."""
    for name in ("period", "year"):
        if name in read:
            text = {value: str(value) for value in _distinct(read[name])}
            return list(map(text.__getitem__, read[name]))
    return [""] * count
