"""The one validation of every row-by-row import: a file (or one row typed in a form) against its dataset in
the registry, every problem at once — file, row, column, value, reason. Stores nothing."""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.core.cells import Cell
from cakupan.core.codes import ParsedCode
from cakupan.core.gc_pause import collection_paused
from cakupan.core.headers import column_letter, normal_header
from cakupan.core.periods import of_date
from cakupan.core.problems import Problem, shown
from cakupan.imports import registry, values
from cakupan.imports.arrow_rows import ArrowRows, regions_of, whens_of
from cakupan.imports.datasets import ParsedRow
from cakupan.imports.readers import FileRefused, Table, read_table, sheet_hint, total_row_label
from cakupan.imports.region_check import CodeRows, region_problems
from cakupan.imports.region_columns import GENERIC_HEADERS, read_columns, region_header_problems
from cakupan.imports.registry import Column, ColumnKind, Dataset
from cakupan.regions.identity import BPS_CODE, CODE, NAME_COLUMN, PARENT_NAMES, Reading, RegionReader
from cakupan.regions.scope import RegionScope

__all__ = ["ParsedRow", "Validation", "validate_entry", "validate_file"]


@dataclass
class Validation:
    dataset: Dataset
    file_name: str
    sha256: str
    size: int
    # The valid rows, as the dataset builds them (an engine's figures: `ArrowRows`, read as a sequence).
    rows: Sequence[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data_rows: int = 0  # every non-blank row read below the header, valid or not
    region_codes_seen: set[str] = field(default_factory=set)
    periods_seen: set[str] = field(default_factory=set)
    # How the file was read, for the preview: the sheet, the header's row, the title rows skipped above it.
    sheet: str = ""
    header_row: int = 1
    first_column: int = 0  # a table that starts right of column A: letters count from here
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    # The first valid rows, each cell as it was read beside the value stored, for the preview.
    sample: list[tuple[int, list[tuple[str, str, str]]]] = field(default_factory=list)
    # What the user should know though nothing is refused (a BPS-looking file in region_code, a BPS code of
    # the months after the Papua split), with the same row, column and value as problems.
    warnings: list[Problem] = field(default_factory=list)
    # Each distinct region read as another code: (as written, code system) → stored code.
    region_mapping: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @classmethod
    def of_figures(
        cls,
        *,
        dataset_name: str,
        file_name: str,
        sha256: str,
        size: int,
        rows: Sequence[ParsedRow],
        data_rows: int,
    ) -> Validation:
        """Figures an engine computed from a file it validated itself with the same rules (the participant
        rollup): stored through the same plan and commit, without being written out and read again. Its
        `ArrowRows` are kept as they are (no Python object per figure)."""
        return cls(
            dataset=registry.get(dataset_name),
            file_name=file_name,
            sha256=sha256,
            size=size,
            rows=rows if isinstance(rows, ArrowRows) else list(rows),
            data_rows=data_rows,
            region_codes_seen=regions_of(rows),
            periods_seen=whens_of(rows),
        )

    @property
    def periods(self) -> list[str]:
        """The months or years of the valid rows."""
        return sorted(self.periods_seen)

    @property
    def region_codes(self) -> list[str]:
        return sorted(self.region_codes_seen)

    @property
    def regions(self) -> int:
        return len(self.region_codes_seen)

    @property
    def region_details(self) -> dict[str, list[list[str]]]:
        """What ImportBatch.details keeps of the regions: the codes read as other codes, if any."""
        return {"region_codes": self.region_codes_read} if self.region_mapping else {}

    @property
    def region_codes_read(self) -> list[list[str]]:
        """The batch's distinct mapping (code as written, system, stored code), for ImportBatch.details."""
        return [
            [written, system, stored] for (written, system), stored in sorted(self.region_mapping.items())
        ]


SAMPLE_ROWS = 10  # rows the preview shows as read


class _Parsers:
    """Cell parsers with a memory: the same region code or month repeats thousands of times in a file. Each
    column's parser is chosen once (`reader`), not looked up again for every cell."""

    MEMO_LIMIT = 200_000
    # Kinds whose few distinct values repeat down a file; counts and amounts rarely repeat.
    MEMO_KINDS = frozenset({"region", "period", "year", "choice", "percent", "decimal"})

    def __init__(self, dataset: Dataset) -> None:
        now = timezone.localdate()
        self.latest_period = of_date(now)
        self.latest_year = now.year + dataset.years_ahead
        self.memo: dict[tuple[str, str, Any], Any] = {}
        self.remembered = 0  # cells remembered by the readers, all columns together

    def parse(self, column: Column, kind: ColumnKind, cell: Cell) -> Any:
        """A cell of a column whose kind another cell of the row says."""
        if kind not in self.MEMO_KINDS or column.parse is not None:
            return self._parse(column, kind, cell)
        key = (column.name, kind, cell)
        try:
            cached = self.memo[key]
        except (KeyError, TypeError):
            pass
        else:
            if isinstance(cached, values.ValueProblem):
                raise cached
            return cached
        try:
            result = self._parse(column, kind, cell)
        except values.ValueProblem as problem:
            self._remember(key, problem)
            raise
        self._remember(key, result)
        return result

    def _remember(self, key: tuple[str, str, Any], result: Any) -> None:
        if len(self.memo) < self.MEMO_LIMIT:
            with contextlib.suppress(TypeError):  # an unhashable cell is simply not remembered
                self.memo[key] = result

    def _parse(self, column: Column, kind: ColumnKind, cell: Cell) -> Any:
        return self.parser(column, kind)(cell)

    def parser(self, column: Column, kind: ColumnKind) -> Callable[[Cell], Any]:
        """The parser of a column's cells when they are of `kind`; raises ValueProblem."""
        if column.parse is not None:
            return column.parse
        if kind == "period":
            return functools.partial(values.parse_month, latest=self.latest_period)
        if kind == "year":
            return functools.partial(values.parse_year, latest=self.latest_year)
        if kind == "choice":
            return functools.partial(values.parse_choice, choices=column.choices)
        found = _PARSERS.get(kind)
        if found is not None:
            return found
        return functools.partial(values.parse_text, max_length=column.max_length)

    def reader(self, column: Column, kind: ColumnKind) -> Callable[[Cell], Any]:
        """The parser of a column of one kind, chosen once for the file; where values repeat (MEMO_KINDS),
        each distinct cell is parsed once and its value or its refusal remembered."""
        parse = self.parser(column, kind)
        if kind not in self.MEMO_KINDS or column.parse is not None:
            return parse
        memo: dict[Cell, Any] = {}

        def keep(cell: Cell, result: Any) -> None:
            if self.remembered < self.MEMO_LIMIT:
                memo[cell] = result
                self.remembered += 1

        def read(cell: Cell) -> Any:
            try:
                cached = memo[cell]
            except KeyError:
                pass
            except TypeError:  # an unhashable cell is simply not remembered
                return parse(cell)
            else:
                if isinstance(cached, values.ValueProblem):
                    raise cached
                return cached
            try:
                result = parse(cell)
            except values.ValueProblem as problem:
                keep(cell, problem)
                raise
            keep(cell, result)
            return result

        return read


# The parsers of the kinds that need nothing of the column or the file.
_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "region": values.parse_region,
    "count": values.parse_count,
    "amount": values.parse_amount,
    "percent": values.parse_percent,
    "decimal": values.parse_decimal,
}


def looks_like_header(dataset: Dataset) -> Callable[[list[str]], bool]:
    """A row is the header when at least two of its cells name columns of the dataset (one could be a
    title that happens to read "Periode"); a dataset of one column needs that one."""
    names = {alias: c.name for c in read_columns(dataset) for alias in (c.name, *c.aliases)}
    needed = min(2, len(dataset.columns))

    def check(cells: list[str]) -> bool:
        return sum(normal_header(c) in names for c in cells) >= needed

    return check


def map_header(
    dataset: Dataset, header: list[str], file_name: str, *, row: int = 1, first_column: int = 0
) -> tuple[dict[str, int], list[Problem]]:
    """Which column of the file holds which of the dataset's columns; every header problem."""
    columns = read_columns(dataset)
    lookup = {alias: c.name for c in columns for alias in (c.name, *c.aliases)}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        name = normal_header(raw)
        if not name:
            if any(normal_header(h) for h in header[index + 1 :]):
                problems.append(
                    Problem(
                        file_name, row, column_letter(first_column + index), "", _("a column has no name")
                    )
                )
            continue  # empty cells after the last named column are not columns
        target = lookup.get(name)
        if target is None and name in GENERIC_HEADERS and CODE in lookup:
            problems.append(
                Problem(
                    file_name,
                    row,
                    shown(raw),
                    shown(raw),
                    _(
                        "the header %(header)s does not say which code system the codes are in: name the "
                        "column region_code (Kemendagri codes) or kode_bps (BPS codes)"
                    )
                    % {"header": shown(raw)},
                )
            )
        elif target is None:
            problems.append(
                Problem(
                    file_name,
                    row,
                    shown(raw),
                    shown(raw),
                    _("unknown column for %(dataset)s; expected: %(expected)s")
                    % {"dataset": dataset.name, "expected": dataset.expected},
                )
            )
        elif target in positions:
            problems.append(Problem(file_name, row, shown(raw), shown(raw), _("the column appears twice")))
        else:
            positions[target] = index
    problems += region_header_problems(dataset, positions, file_name, row)
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(
                Problem(
                    file_name,
                    row,
                    column.name,
                    "",
                    _("required column is missing; expected: %(expected)s") % {"expected": dataset.expected},
                )
            )
    return positions, problems


@collection_paused()
def validate_file(
    *, dataset_name: str, file_name: str, content: bytes, scope: RegionScope | None = None
) -> Validation:
    """Every problem of the file. With a `scope`, rows for regions outside it are problems too (an officer
    imports for their own regions); without one (the operator's command line) every region is allowed."""
    dataset = _read_by_rows(dataset_name)
    result = Validation(
        dataset=dataset, file_name=file_name, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )
    try:
        table = read_table(file_name, content, is_header=looks_like_header(dataset))
    except FileRefused as exc:
        result.problems.append(Problem(file_name, exc.row, "", "", str(exc)))
        return result
    _describe(result, table)
    positions, header_problems = map_header(
        dataset, table.header, file_name, row=table.header_row, first_column=table.first_column
    )
    if header_problems:
        result.problems.extend(header_problems)
        hint = sheet_hint(table)
        if hint:
            result.problems.insert(0, Problem(file_name, 0, "", "", hint))
        return result
    from cakupan.imports.clean_files import validate_clean  # it reads with this module's parts

    if not validate_clean(result, table.rows, positions, scope):
        # The file needs every problem said: read again, row by row.
        table = read_table(file_name, content, is_header=looks_like_header(dataset))
        validate_rows(result, table.rows, positions, scope)
    return result


def _read_by_rows(dataset_name: str) -> Dataset:
    """The dataset, which must be one read row by row: participant files and boundaries have readers of
    their own, and sending one here is the caller's mistake."""
    dataset = registry.get(dataset_name)
    if dataset.make_row is None:
        raise ValueError(f"dataset {dataset_name!r} is not read row by row")
    return dataset


def _describe(result: Validation, table: Table) -> None:
    result.sheet, result.header_row, result.title_rows = table.sheet, table.header_row, list(table.title_rows)
    result.first_column = table.first_column


def validate_entry(
    *, dataset_name: str, data: Mapping[str, object], scope: RegionScope | None, label: str
) -> Validation:
    """One row typed in a form, checked exactly like a row of a file (`label` names it in problems)."""
    dataset = _read_by_rows(dataset_name)
    names = [c.name for c in dataset.columns]
    cells: list[Cell] = [None if data.get(n) is None else str(data.get(n)) for n in names]
    digest = hashlib.sha256(repr(sorted((k, str(v)) for k, v in data.items())).encode()).hexdigest()
    result = Validation(dataset=dataset, file_name=label, sha256=digest, size=0)
    validate_rows(result, iter([(2, cells)]), {n: i for i, n in enumerate(names)}, scope)
    return result


def _blank(cells: Iterable[Cell]) -> bool:
    return not any(c is not None and (type(c) is not str or c.strip()) for c in cells)


def validate_rows(
    result: Validation,
    rows: Iterator[tuple[int, list[Cell]]],
    positions: Mapping[str, int],
    scope: RegionScope | None,
) -> None:
    dataset, name = result.dataset, result.file_name
    make_row = _read_by_rows(dataset.name).make_row
    assert make_row is not None
    parsers = _Parsers(dataset)
    # A column whose kind follows another column is read after it.
    columns = sorted(
        (c for c in read_columns(dataset) if c.name in positions), key=lambda c: c.kind_by is not None
    )
    identity = _Identity(result, positions, scope)
    width = max(positions.values()) + 1
    seen: dict[tuple[Any, ...], int] = {}
    code_rows: CodeRows = {}
    stored_codes: dict[str, ParsedCode] = {}
    candidates: list[tuple[int, Any, str, str]] = []  # (row, built row, region, when) of rows that parsed
    problems = result.problems
    # Where a total row writes its label: any column but the choices ("total" is a workforce sector).
    label_columns = {positions[c.name]: c.name for c in columns if c.kind != "choice"}
    # Looked up once, not per row: (column, its name, its position, required, its parser unless another
    # cell of the row says its kind).
    reading_plan = [
        (c, c.name, positions[c.name], c.required, None if c.kind_by else parsers.reader(c, c.kind))
        for c in columns
    ]
    key_names, rules = dataset.key, dataset.rules
    # Of the key's columns, those whose value may be a code (a ParsedCode, keyed by its code).
    coded = {c.name for c in columns if c.kind == "region" or c.kind_by or c.parse} | {CODE}
    key_plan = [(k, k in coded) for k in key_names]
    try:
        for number, cells in rows:
            first = cells[0] if cells else None
            # Most rows start with a filled cell; only the others need the full look for blank lines.
            if not (type(first) is str and first and not first.isspace()) and _blank(cells):
                continue  # blank lines, e.g. at the end of a file
            result.data_rows += 1
            if len(cells) > width and not _blank(cells[width:]):
                extra = next(i for i in range(width, len(cells)) if values.text_of(cells[i]))
                problems.append(
                    Problem(
                        name,
                        number,
                        column_letter(result.first_column + extra),
                        shown(cells[extra]),
                        _("the row has more cells than the header has columns"),
                    )
                )
                continue
            at = _total_label_at(cells, label_columns)
            if at is not None:
                problems.append(
                    Problem(
                        name,
                        number,
                        label_columns[at],
                        shown(cells[at]),
                        _("a total row: Cakupan adds the regions up itself; remove total and subtotal rows"),
                    )
                )
                continue
            parsed: dict[str, Any] = {}
            row_ok = True
            filled = len(cells)
            for column, column_name, index, required, read in reading_plan:
                cell = cells[index] if index < filled else None
                if not required and values.text_of(cell) == "":
                    continue
                try:
                    if read is not None:
                        parsed[column_name] = read(cell)
                    else:
                        parsed[column_name] = parsers.parse(column, column.kind_for(parsed), cell)
                except values.ValueProblem as problem:
                    problems.append(Problem(name, number, column_name, shown(cell), str(problem)))
                    row_ok = False
            # Read as today's Kemendagri code before the existence and scope checks.
            region: ParsedCode | None = None
            when = str(parsed.get("period", parsed.get("year", "")))
            if identity.reads:
                reading = identity.read(number, parsed, cells, when)
                if reading is None or reading.stored is None:
                    row_ok = False
                else:
                    region = stored_codes.get(reading.stored)
                    if region is None:  # one frozen ParsedCode a region, not one a row
                        region = stored_codes[reading.stored] = ParsedCode(reading.stored, None)
                    parsed[CODE] = region
                    # Checked against the master even when another cell of the row is wrong: all errors count.
                    code_rows.setdefault(region.code, []).append(
                        (number, values.text_of(cells[positions[reading.column]]), reading.column)
                    )
                    row_ok = row_ok and not reading.errors
            # Every rule whose cells parsed runs, even when another cell failed: all problems at once.
            for rule in rules:
                for column_name, reason in rule(parsed):
                    problems.append(
                        Problem(name, number, column_name, shown(parsed.get(column_name)), reason)
                    )
                    row_ok = False
            try:
                key: tuple[Any, ...] | None = tuple(
                    [_key_part(parsed[k]) if code else parsed[k] for k, code in key_plan]
                )
            except KeyError:
                key = None  # a key cell did not parse: its problem is said already
            if key is not None:
                if key in seen:
                    problems.append(
                        Problem(
                            name,
                            number,
                            ", ".join(dataset.key),
                            " / ".join(str(k) for k in key),
                            _("duplicate of row %(row)d (%(same)s)")
                            % {"row": seen[key], "same": dataset.key_words},
                        )
                    )
                    row_ok = False
                else:
                    seen[key] = number
            if row_ok:
                if len(result.sample) < SAMPLE_ROWS:
                    result.sample.append((number, _as_read(columns, positions, cells, parsed)))
                assert region is not None  # the region column is required in every dataset
                candidates.append((number, make_row(number, parsed), region.code, when))
    except FileRefused as exc:
        problems.append(Problem(name, exc.row, "", "", str(exc)))
        return
    identity.finish()
    region_refusals = region_problems(file_name=name, dataset=dataset.name, code_rows=code_rows, scope=scope)
    problems += region_refusals
    refused_rows = {p.row for p in region_refusals}
    kept = list(result.rows)
    for number, row, code, when in candidates:
        if number not in refused_rows:
            kept.append(row)
            result.region_codes_seen.add(code)
            if when:
                result.periods_seen.add(when)
    result.rows = kept
    if not result.rows and not problems:
        problems.append(Problem(name, 0, "", "", _("The file has a header but no data rows.")))
    problems.sort(key=lambda p: (p.row, p.column))


_UNREAD = object()


class _Identity:
    """Reads each row's region columns as today's Kemendagri code (`regions.identity`), once per distinct
    combination, and says what it found as problems and warnings of the file."""

    MEMO_LIMIT = 200_000

    def __init__(self, result: Validation, positions: Mapping[str, int], scope: RegionScope | None) -> None:
        self.result, self.positions = result, positions
        own = {c.name for c in result.dataset.columns}
        # The crosswalk declares kode_bps as a column of its own: there it is data, not the row's region.
        self.columns = [c for c in (CODE, BPS_CODE, NAME_COLUMN, *PARENT_NAMES) if c in positions]
        self.columns = [c for c in self.columns if c == CODE or c not in own]
        self.reads = CODE in own
        self.code_only = self.columns == [CODE]
        self.reader = RegionReader(scope)
        self.memo: dict[tuple[Any, ...], Any] = {}
        self.dotted = False
        self.says_bps = False

    def read(self, number: int, parsed: dict[str, Any], cells: list[Cell], when: str) -> Reading | None:
        """The row's region in the month or year `when` (as the row says it)."""
        code = parsed.get(CODE)
        self.note(code, parsed.get("source"))
        # A ParsedCode is hashable; most files name the region by its code alone.
        given = (code,) if self.code_only else tuple([parsed.get(c) for c in self.columns])
        key = (given, when)
        reading = self.memo.get(key, _UNREAD)
        if reading is _UNREAD:
            reading = self.reader.read(dict(zip(self.columns, given, strict=True)), when)
            if len(self.memo) < self.MEMO_LIMIT:
                self.memo[key] = reading
        elif reading is not None and not reading.errors and not reading.warnings:
            return reading  # read before without a word to say, and its mapping is noted already
        name = self.result.file_name
        if reading is None:
            if not any(values.text_of(self._cell(cells, c)) for c in self.columns):
                self.result.problems.append(
                    Problem(
                        name,
                        number,
                        self.columns[0] if self.columns else CODE,
                        "",
                        _("the row names no region: fill region_code, kode_bps or region_name"),
                    )
                )
            return None
        for column, reason in reading.errors:
            self.result.problems.append(
                Problem(name, number, column, shown(self._cell(cells, column)), reason)
            )
        for column, reason in reading.warnings:
            self.result.warnings.append(
                Problem(name, number, column, shown(self._cell(cells, column)), reason)
            )
        if reading.stored is not None and reading.translated:
            self.result.region_mapping[(reading.written, reading.system)] = reading.stored
        return reading

    def note(self, code: object, source: object) -> None:
        """What the file-level warning (`finish`) weighs: a code written dotted, a source naming BPS."""
        if not self.dotted and isinstance(code, ParsedCode) and code.dotted_input:
            self.dotted = True
        if not self.says_bps and isinstance(source, str):
            self.says_bps = any(word in source.casefold() for word in ("bps", "sakernas"))

    def _cell(self, cells: list[Cell], column: str) -> Cell:
        index = self.positions.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def finish(self) -> None:
        """The file-level warning: codes that look like BPS codes in the Kemendagri column."""
        if CODE in self.columns and NAME_COLUMN not in self.columns and not self.dotted and self.says_bps:
            self.result.warnings.insert(
                0,
                Problem(
                    self.result.file_name,
                    0,
                    CODE,
                    "",
                    _(
                        "the source says BPS or Sakernas, but the codes are in region_code, which is read as "
                        "Kemendagri codes (BPS 5301 is Sumba Barat, Kemendagri 53.01 is Kupang): if they are "
                        "BPS codes, name the column kode_bps; dotted codes are never BPS codes"
                    ),
                ),
            )


def _total_label_at(cells: list[Cell], indexes: Iterable[int]) -> int | None:
    """Where a total row ("Jumlah", "TOTAL") writes its label among these columns, or None."""
    for index in indexes:
        if index < len(cells):
            cell = cells[index]
            # A label is words: a code or a number is never one (most cells end here).
            if type(cell) is str and cell[:1].isalpha() and total_row_label([cell]) is not None:
                return index
    return None


def _as_read(
    columns: list[Column], positions: Mapping[str, int], cells: list[Cell], parsed: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(column, the cell as the file had it, the value stored) for each column of a valid row."""
    out = []
    for column in sorted(columns, key=lambda c: positions[c.name]):
        index = positions[column.name]
        cell = cells[index] if index < len(cells) else None
        value = parsed.get(column.name)
        if column.name in (BPS_CODE, NAME_COLUMN) and CODE not in positions and CODE in parsed:
            value = parsed[CODE]  # the code the BPS code or the name is stored as
        stored = value.code if isinstance(value, ParsedCode) else "" if value is None else str(value)
        out.append((column.name, shown(values.as_read(cell)), shown(stored)))
    return out


def _key_part(value: Any) -> Any:
    return value.code if isinstance(value, ParsedCode) else value
