"""Validating an `employers` file of the data contract: every problem (file, row, column, value, reason),
not just the first. Stores nothing. Reads with cakupan.imports.readers and parses cells with
cakupan.imports.values, like every other import."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.analytics.problems import NIK_LIKE
from cakupan.common.periods import of_date
from cakupan.compliance.models import PROGRAMS, Employer
from cakupan.imports import values
from cakupan.imports.problems import Problem, shown
from cakupan.imports.readers import Cell, FileRefused, read_table, sheet_hint
from cakupan.imports.region_check import CodeRows, region_problems
from cakupan.regions.codes import NATIONAL
from cakupan.regions.scope import RegionScope

_ID = re.compile(r"[A-Z0-9]{4,20}")
_NIB = re.compile(r"\d{13}")
_PROGRAM_SPLIT = re.compile(r"[;,/+\s]+")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS = (
    ColumnSpec("employer_id", ("npp_nib", "npp_atau_nib", "id_pemberi_kerja", "id_perusahaan")),
    ColumnSpec("name", ("nama", "nama_perusahaan", "nama_pemberi_kerja")),
    ColumnSpec("region_code", ("kode_wilayah", "kode", "kode_daerah", "wilayah")),
    ColumnSpec("period", ("periode", "bulan")),
    ColumnSpec("reported_workers", ("tk_dilaporkan", "pekerja_dilaporkan", "jumlah_tk_wlkp")),
    ColumnSpec("registered_workers", ("tk_terdaftar", "pekerja_terdaftar")),
    ColumnSpec("reported_wages_idr", ("upah_dilaporkan", "upah_dilaporkan_idr")),
    ColumnSpec("registered_wages_idr", ("upah_terdaftar", "upah_terdaftar_idr")),
    ColumnSpec("programs", ("program", "program_terdaftar"), required=False),
)
WAGES_NEED_WORKERS = (
    ("registered_workers", "registered_wages_idr"),
    ("reported_workers", "reported_wages_idr"),
)
COUNT_COLUMNS = ("reported_workers", "registered_workers", "reported_wages_idr", "registered_wages_idr")


@dataclass(frozen=True)
class EmployerRow:
    row: int
    key: str
    kind: str
    name: str
    region: str
    period: str
    reported_workers: int
    registered_workers: int
    reported_wages_idr: int
    registered_wages_idr: int
    programs: str  # canonical, e.g. "JKK;JKM;JHT"

    @property
    def figures(self) -> tuple[int, int, int, int, str]:
        return (
            self.reported_workers,
            self.registered_workers,
            self.reported_wages_idr,
            self.registered_wages_idr,
            self.programs,
        )


@dataclass
class EmployerValidation:
    file_name: str
    sha256: str
    size: int
    rows: list[EmployerRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def periods(self) -> list[str]:
        return sorted({r.period for r in self.rows})

    @property
    def regions(self) -> list[str]:
        return sorted({r.region for r in self.rows})


def employer_key(raw: str) -> tuple[str, str]:
    """(key, kind) of an NPP or NIB as written: upper case without spaces, dots or dashes. A 13-digit
    number is a NIB (OSS business id); anything else of 4 to 20 letters and digits is an NPP."""
    key = re.sub(r"[\s.\-]", "", raw).upper()
    if NIK_LIKE.search(key):
        raise values.ValueProblem(_("looks like a NIK (16 digits): use the employer's NPP or NIB"))
    if not _ID.fullmatch(key):
        raise values.ValueProblem(
            _("not an NPP or NIB: use 4 to 20 letters and digits (a NIB has 13 digits)")
        )
    return key, (Employer.IdKind.NIB if _NIB.fullmatch(key) else Employer.IdKind.NPP)


def parse_programs(cell: Cell) -> str:
    raw = values.text_of(cell).upper()
    found = [p for p in _PROGRAM_SPLIT.split(raw) if p]
    unknown = [p for p in found if p not in PROGRAMS]
    if unknown:
        raise values.ValueProblem(
            _("unknown program %(program)s; programs are %(allowed)s, separated by ;")
            % {"program": shown(unknown[0], 20), "allowed": ", ".join(PROGRAMS)}
        )
    return ";".join(p for p in PROGRAMS if p in found)


def _normal_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _map_header(header: list[str], file_name: str) -> tuple[dict[str, int], list[Problem]]:
    lookup = {alias: c.name for c in COLUMNS for alias in (c.name, *c.aliases)}
    expected = ", ".join(c.name for c in COLUMNS)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        name = _normal_header(raw)
        if not name:
            problems.append(Problem(file_name, 1, str(index + 1), "", _("a column has no name")))
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
                    % {"dataset": "employers", "expected": expected},
                )
            )
        elif target in positions:
            problems.append(Problem(file_name, 1, shown(raw), shown(raw), _("the column appears twice")))
        else:
            positions[target] = index
    for column in COLUMNS:
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


def validate_employers(
    *, file_name: str, content: bytes, scope: RegionScope | None = None
) -> EmployerValidation:
    """Every problem of the file. With a `scope`, rows for regions outside it are problems too."""
    result = EmployerValidation(
        file_name=file_name, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )
    try:
        table = read_table(file_name, content)
    except FileRefused as exc:
        result.problems.append(Problem(file_name, exc.row, "", "", str(exc)))
        return result
    positions, header_problems = _map_header(table.header, file_name)
    if header_problems:
        result.problems.extend(header_problems)
        hint = sheet_hint(table)
        if hint:
            result.problems.insert(0, Problem(file_name, 0, "", "", hint))
        return result
    try:
        code_rows = _rows(result, table.rows, positions)
    except FileRefused as exc:
        result.problems.append(Problem(file_name, exc.row, "", "", str(exc)))
        return result
    _check_regions(result, code_rows, scope)
    if not result.rows and not result.problems:
        result.problems.append(Problem(file_name, 0, "", "", _("The file has a header but no data rows.")))
    result.problems.sort(key=lambda p: (p.row, p.column))
    return result


class _Memo:
    """The same region, month or count repeats thousands of times in a file: parse each once."""

    def __init__(self) -> None:
        self.latest = of_date(timezone.localdate())
        self.cache: dict[tuple[str, Any], Any] = {}

    def get(self, kind: str, cell: Cell) -> Any:
        key = (kind, cell)
        try:
            hit = self.cache[key]
        except (KeyError, TypeError):
            hit = None
        else:
            if isinstance(hit, values.ValueProblem):
                raise hit
            return hit
        try:
            value = self._parse(kind, cell)
        except values.ValueProblem as problem:
            self._keep(key, problem)
            raise
        self._keep(key, value)
        return value

    def _keep(self, key: tuple[str, Any], value: Any) -> None:
        if len(self.cache) < 300_000:
            with contextlib.suppress(TypeError):  # an unhashable cell is simply not remembered
                self.cache[key] = value

    def _parse(self, kind: str, cell: Cell) -> Any:
        if kind == "region_code":
            code = values.parse_region(cell)
            if code.code == NATIONAL:
                raise values.ValueProblem(_("an employer operates in a region, not nationally (00)"))
            return code
        if kind == "period":
            return values.parse_month(cell, latest=self.latest)
        if kind == "programs":
            return parse_programs(cell)
        if kind == "employer_id":
            return employer_key(values.text_of(cell))
        if kind == "name":
            name = values.parse_text(cell, max_length=200)
            if not name:
                raise values.ValueProblem(_("the name is empty"))
            return name
        return values.parse_count(cell)


def _rows(
    result: EmployerValidation, rows: Iterator[tuple[int, list[Cell]]], positions: dict[str, int]
) -> CodeRows:
    """Parse and check every row; returns the rows of each region code, for the region checks (rows
    whose region parsed, even when another cell of theirs failed)."""
    name = result.file_name
    code_rows: CodeRows = {}
    memo = _Memo()
    width = max(positions.values()) + 1
    order = [(c.name, positions[c.name]) for c in COLUMNS if c.name in positions]
    seen: dict[tuple[str, str], int] = {}
    problems = result.problems
    for number, cells in rows:
        if all(values.text_of(c) == "" for c in cells):
            continue
        if len(cells) > width and any(values.text_of(c) for c in cells[width:]):
            problems.append(
                Problem(
                    name,
                    number,
                    str(width + 1),
                    shown(cells[width]),
                    _("the row has more cells than the header has columns"),
                )
            )
            continue
        parsed: dict[str, Any] = {"programs": ""}
        ok = True
        for column, index in order:
            cell = cells[index] if index < len(cells) else None
            if column == "programs" and values.text_of(cell) == "":
                continue
            try:
                parsed[column] = memo.get(column, cell)
            except values.ValueProblem as problem:
                problems.append(Problem(name, number, column, shown(cell), str(problem)))
                ok = False
        # Every check whose cells parsed runs, even when another cell of the row failed: the file's
        # problems are listed all at once, not one round of corrections at a time.
        region = parsed.get("region_code")
        if region is not None:
            code_rows.setdefault(region.code, []).append((number, region.code))
        for workers, wages in WAGES_NEED_WORKERS:
            if parsed.get(workers) == 0 and (parsed.get(wages) or 0) > 0:
                reason = (
                    _("a registered wage bill without registered workers")
                    if workers == "registered_workers"
                    else _("a reported wage bill without reported workers")
                )
                problems.append(Problem(name, number, wages, shown(parsed[wages]), reason))
                ok = False
        if "employer_id" in parsed and "period" in parsed:
            key = parsed["employer_id"][0]
            seen_key = (key, parsed["period"])
            if seen_key in seen:
                problems.append(
                    Problem(
                        name,
                        number,
                        "employer_id, period",
                        f"{key} / {parsed['period']}",
                        _("duplicate of row %(row)d (same employer and month)") % {"row": seen[seen_key]},
                    )
                )
                ok = False
            else:
                seen[seen_key] = number
        if not ok:
            continue
        key, kind = parsed["employer_id"]
        result.rows.append(
            EmployerRow(
                row=number,
                key=key,
                kind=kind,
                name=parsed["name"],
                region=parsed["region_code"].code,
                period=parsed["period"],
                reported_workers=parsed["reported_workers"],
                registered_workers=parsed["registered_workers"],
                reported_wages_idr=parsed["reported_wages_idr"],
                registered_wages_idr=parsed["registered_wages_idr"],
                programs=parsed["programs"],
            )
        )
    return code_rows


def _check_regions(result: EmployerValidation, code_rows: CodeRows, scope: RegionScope | None) -> None:
    problems = region_problems(
        file_name=result.file_name, dataset="employers", code_rows=code_rows, scope=scope
    )
    result.problems += problems
    bad_rows = {p.row for p in problems}
    if bad_rows:
        result.rows = [r for r in result.rows if r.row not in bad_rows]
