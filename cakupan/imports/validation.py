"""Validating a whole file against its dataset: every problem, not just the first. Stores nothing."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.common.periods import of_date
from cakupan.imports import values
from cakupan.imports.datasets import DATASETS, Column, Dataset
from cakupan.imports.problems import Problem, shown
from cakupan.imports.readers import Cell, FileRefused, read_table, sheet_hint
from cakupan.imports.region_check import region_problems
from cakupan.regions.codes import ParsedCode
from cakupan.regions.scope import RegionScope

MAX_TARGET_YEARS_AHEAD = 10


@dataclass(frozen=True)
class ParsedRow:
    row: int
    region: str
    when: str  # period YYYY-MM, or year
    item: tuple[str, ...]  # e.g. ("total",), ("PU", "active"), ("coverage_rate",)
    value: int | Decimal
    source: str = ""


@dataclass
class Validation:
    dataset: Dataset
    file_name: str
    sha256: str
    size: int
    rows: list[ParsedRow] = field(default_factory=list)  # the valid rows
    problems: list[Problem] = field(default_factory=list)
    data_rows: int = 0  # every non-blank row read below the header, valid or not

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def periods(self) -> list[str]:
        return sorted({r.when for r in self.rows})

    @property
    def regions(self) -> int:
        return len({r.region for r in self.rows})


def _normal_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _map_header(dataset: Dataset, header: list[str], file_name: str) -> tuple[dict[str, int], list[Problem]]:
    lookup: dict[str, str] = {}
    for column in dataset.columns:
        for alias in (column.name, *column.aliases):
            lookup[alias] = column.name
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    expected = ", ".join(c.name for c in dataset.columns)
    for index, raw in enumerate(header):
        name = _normal_header(raw)
        letter = _column_letter(index)
        if not name:
            problems.append(Problem(file_name, 1, letter, "", _("a column has no name")))
            continue
        target = lookup.get(name)
        if target is None:
            problems.append(
                Problem(
                    file_name,
                    1,
                    shown(raw),
                    shown(raw),
                    _("unknown column for %(dataset)s; expected: %(expected)s")
                    % {"dataset": dataset.name, "expected": expected},
                )
            )
        elif target in positions:
            problems.append(Problem(file_name, 1, shown(raw), shown(raw), _("the column appears twice")))
        else:
            positions[target] = index
    for column in dataset.columns:
        if column.required and column.name not in positions:
            problems.append(
                Problem(
                    file_name,
                    1,
                    column.name,
                    "",
                    _("required column is missing; expected: %(expected)s") % {"expected": expected},
                )
            )
    return positions, problems


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Parsers:
    """Cell parsers with a memory: the same region code or month repeats thousands of times in a file."""

    def __init__(self, dataset: Dataset) -> None:
        now = timezone.localdate()
        self.latest_period = of_date(now)
        self.latest_year = now.year + MAX_TARGET_YEARS_AHEAD
        self.memo: dict[tuple[str, Any], Any] = {}
        self.dataset = dataset

    def parse(self, column: Column, cell: Cell) -> Any:
        cache_key = (column.name, cell if not isinstance(cell, list) else tuple(cell))
        try:
            cached = self.memo[cache_key]
        except (KeyError, TypeError):
            cached = None
        else:
            if isinstance(cached, values.ValueProblem):
                raise cached
            return cached
        try:
            result = self._parse(column, cell)
        except values.ValueProblem as problem:
            self._remember(cache_key, problem)
            raise
        self._remember(cache_key, result)
        return result

    def _remember(self, key: tuple[str, Any], result: Any) -> None:
        if len(self.memo) < 200_000:
            with contextlib.suppress(TypeError):  # an unhashable cell is simply not remembered
                self.memo[key] = result

    def _parse(self, column: Column, cell: Cell) -> Any:
        if column.kind == "region":
            return values.parse_region(cell)
        if column.kind == "period":
            return values.parse_month(cell, latest=self.latest_period)
        if column.kind == "year":
            return values.parse_year(cell, latest=self.latest_year)
        if column.kind == "count":
            return values.parse_count(cell)
        if column.kind == "decimal":
            return values.parse_decimal(cell)
        if column.kind == "choice":
            raw = values.text_of(cell).lower()
            for spelling, stored in column.choices:
                if raw == spelling:
                    return stored
            allowed = ", ".join(dict.fromkeys(stored for _s, stored in column.choices))
            raise values.ValueProblem(_("not one of: %(allowed)s") % {"allowed": allowed})
        return values.parse_text(cell, max_length=column.max_length)


def validate_file(
    *, dataset_name: str, file_name: str, content: bytes, scope: RegionScope | None = None
) -> Validation:
    """Every problem of the file. With a `scope`, rows for regions outside it are problems too (an officer
    imports for their own regions); without one (the operator's command line) every region is allowed."""
    dataset = DATASETS[dataset_name]
    result = Validation(
        dataset=dataset, file_name=file_name, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )
    try:
        table = read_table(file_name, content)
    except FileRefused as exc:
        result.problems.append(Problem(file_name, exc.row, "", "", str(exc)))
        return result
    positions, header_problems = _map_header(dataset, table.header, file_name)
    if header_problems:
        result.problems.extend(header_problems)
        hint = sheet_hint(table)
        if hint:
            result.problems.insert(0, Problem(file_name, 0, "", "", hint))
        return result
    _validate_rows(result, table.rows, positions, scope)
    return result


def _validate_rows(
    result: Validation, rows: Any, positions: dict[str, int], scope: RegionScope | None
) -> None:
    dataset, name = result.dataset, result.file_name
    parsers = _Parsers(dataset)
    columns = [c for c in dataset.columns if c.name in positions]
    width = max(positions.values()) + 1
    seen: dict[tuple[Any, ...], int] = {}
    code_rows: dict[str, list[tuple[int, str]]] = {}
    try:
        for number, cells in rows:
            if all(values.text_of(c) == "" for c in cells):
                continue  # blank lines, e.g. at the end of a file
            result.data_rows += 1
            if len(cells) > width and any(values.text_of(c) for c in cells[width:]):
                result.problems.append(
                    Problem(
                        name,
                        number,
                        _column_letter(width),
                        shown(cells[width]),
                        _("the row has more cells than the header has columns"),
                    )
                )
                continue
            parsed: dict[str, Any] = {}
            row_ok = True
            for column in columns:
                index = positions[column.name]
                cell = cells[index] if index < len(cells) else None
                if not column.required and values.text_of(cell) == "":
                    parsed[column.name] = ""
                    continue
                try:
                    parsed[column.name] = parsers.parse(column, cell)
                except values.ValueProblem as problem:
                    result.problems.append(Problem(name, number, column.name, shown(cell), str(problem)))
                    row_ok = False
            if "region_code" in parsed:
                # Checked against the master even when another cell of the row is wrong: every error counts.
                code_rows.setdefault(parsed["region_code"].code, []).append(
                    (number, values.text_of(cells[positions["region_code"]]))
                )
            if not row_ok:
                continue
            code: ParsedCode = parsed["region_code"]  # dotted or not as written; stored dotted
            row_problem = _check_row(dataset, parsed)
            if row_problem is not None:
                result.problems.append(
                    Problem(name, number, dataset.value, shown(parsed[dataset.value]), row_problem)
                )
                continue
            key = tuple(parsed[k].code if k == "region_code" else parsed[k] for k in dataset.key)
            if key in seen:
                result.problems.append(
                    Problem(
                        name,
                        number,
                        ", ".join(dataset.key),
                        " / ".join(str(k) for k in key),
                        _("duplicate of row %(row)d (same region, time and item)") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            result.rows.append(
                ParsedRow(
                    row=number,
                    region=code.code,
                    when=str(parsed[dataset.when]),
                    item=tuple(parsed[c] for c in dataset.item),
                    value=parsed[dataset.value],
                    source=parsed.get("source", ""),
                )
            )
    except FileRefused as exc:
        result.problems.append(Problem(name, exc.row, "", "", str(exc)))
        return
    result.problems += region_problems(file_name=name, dataset=dataset.name, code_rows=code_rows, scope=scope)
    if not result.rows and not result.problems:
        result.problems.append(Problem(name, 0, "", "", _("The file has a header but no data rows.")))
    result.problems.sort(key=lambda p: (p.row, p.column))


def _check_row(dataset: Dataset, parsed: dict[str, Any]) -> str | None:
    """Rules that look at more than one cell."""
    if dataset.name == "targets":
        value: Decimal = parsed["value"]
        if parsed["indicator"] == "coverage_rate":
            if not Decimal(0) < value <= Decimal(100):
                return _("a coverage_rate target is a percentage above 0 and at most 100")
        elif value != value.to_integral_value():
            return _("a target of %(indicator)s is a number of people: a whole number") % {
                "indicator": parsed["indicator"]
            }
    return None
