"""Validating the Monev datasets (`vulnerable_funding`, `benefits`): every problem of a file with its
row, column, value and reason, through the readers, value parsers and problems of `cakupan.imports`.
Stores nothing. A row typed in a form goes through the same checks as a row of a file."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.common.periods import of_date
from cakupan.imports import values
from cakupan.imports.datasets import PERIOD, REGION, Column
from cakupan.imports.problems import Problem, shown
from cakupan.imports.readers import Cell, FileRefused, read_table, sheet_hint
from cakupan.imports.region_check import region_problems
from cakupan.regions.codes import ParsedCode
from cakupan.regions.scope import RegionScope

MAX_YEARS_AHEAD = 2


@dataclass(frozen=True)
class MonevDataset:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify one row

    @property
    def expected(self) -> str:
        return ", ".join(c.name for c in self.columns)


VULNERABLE_FUNDING = MonevDataset(
    name="vulnerable_funding",
    columns=(
        REGION,
        Column("year", "year", aliases=("tahun",)),
        Column(
            "funder",
            "choice",
            aliases=("sumber_dana", "pendana"),
            choices=(
                ("apbd_provinsi", "APBD_PROVINSI"),
                ("apbd_kabkota", "APBD_KABKOTA"),
                ("apbd_kabupaten", "APBD_KABKOTA"),
                ("apbd_kota", "APBD_KABKOTA"),
                ("apbdes", "APBDES"),
                ("csr", "CSR"),
                ("other", "OTHER"),
                ("lainnya", "OTHER"),
            ),
        ),
        Column("workers", "count", aliases=("pekerja", "jumlah_pekerja")),
        Column("months", "count", aliases=("bulan", "jumlah_bulan")),
        Column("amount_idr", "count", aliases=("anggaran", "nilai", "jumlah_rupiah")),
        Column("villages", "count", aliases=("desa", "jumlah_desa"), required=False),
        Column("workers_per_village", "count", aliases=("pekerja_per_desa",), required=False),
    ),
    key=("region_code", "year", "funder"),
)

BENEFITS = MonevDataset(
    name="benefits",
    columns=(
        REGION,
        PERIOD,
        Column(
            "program",
            "choice",
            aliases=("program_manfaat",),
            choices=(
                ("jkk", "JKK"),
                ("jkm", "JKM"),
                ("jht", "JHT"),
                ("jp", "JP"),
                ("jkp", "JKP"),
                ("beasiswa", "BEASISWA"),
                ("scholarship", "BEASISWA"),
            ),
        ),
        Column("claims", "count", aliases=("klaim", "jumlah_klaim", "kasus")),
        Column("amount_idr", "count", aliases=("nominal", "jumlah_rupiah", "nilai")),
    ),
    key=("region_code", "period", "program"),
)

MONEV_DATASETS: dict[str, MonevDataset] = {d.name: d for d in (VULNERABLE_FUNDING, BENEFITS)}


@dataclass(frozen=True)
class Row:
    row: int
    region: str
    values: dict[str, Any]

    def key(self, dataset: MonevDataset) -> tuple[Any, ...]:
        return tuple(self.region if k == "region_code" else self.values[k] for k in dataset.key)


@dataclass
class MonevValidation:
    dataset: MonevDataset
    file_name: str
    sha256: str
    size: int
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def region_codes(self) -> list[str]:
        return sorted({r.region for r in self.rows})


def _normal(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _map_header(
    dataset: MonevDataset, header: list[str], file_name: str
) -> tuple[dict[str, int], list[Problem]]:
    lookup = {alias: c.name for c in dataset.columns for alias in (c.name, *c.aliases)}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        name = _normal(raw)
        target = lookup.get(name)
        if not name:
            problems.append(Problem(file_name, 1, str(index + 1), "", _("a column has no name")))
        elif target is None:
            problems.append(
                Problem(
                    file_name,
                    1,
                    shown(raw),
                    shown(raw),
                    _("unknown column for %(dataset)s; expected: %(expected)s")
                    % {"dataset": dataset.name, "expected": dataset.expected},
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
                    _("required column is missing; expected: %(expected)s") % {"expected": dataset.expected},
                )
            )
    return positions, problems


_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,  ])\d{3}(?:(?P=sep)\d{3})*")
MAX_AMOUNT_IDR = 10**16  # a national month of JHT payouts is in the trillions; more is a typing error


def parse_amount(cell: Cell) -> int:
    """Whole rupiah: like a count (thousands separators only where they cannot be decimals), but up to
    Rp10 quadrillion: national benefit amounts are far larger than any count of people."""
    if isinstance(cell, bool):
        raise values.ValueProblem(_("not a number"))
    raw = values.text_of(cell).replace("Rp", "").replace("rp", "").strip()
    if isinstance(cell, float) and not cell.is_integer():
        raise values.ValueProblem(_("an amount is whole rupiah"))
    if raw.isdigit():
        value = int(raw)
    else:
        grouped = _GROUPED.fullmatch(raw)
        if grouped is None or (raw.count(grouped.group("sep")) == 1 and grouped.group("sep") in ".,"):
            return values.parse_count(cell)  # its reason: empty, negative, ambiguous or not a number
        value = int(re.sub(r"\D", "", raw))
    if value > MAX_AMOUNT_IDR:
        raise values.ValueProblem(_("implausibly large for an amount in rupiah"))
    return value


def _parse(column: Column, cell: Cell) -> Any:
    now = timezone.localdate()
    if column.name == "amount_idr":
        return parse_amount(cell)
    if column.kind == "region":
        return values.parse_region(cell)
    if column.kind == "period":
        return values.parse_month(cell, latest=of_date(now))
    if column.kind == "year":
        return values.parse_year(cell, latest=now.year + MAX_YEARS_AHEAD)
    if column.kind == "count":
        return values.parse_count(cell)
    if column.kind == "choice":
        raw = values.text_of(cell).lower()
        for spelling, stored in column.choices:
            if raw == spelling:
                return stored
        allowed = ", ".join(dict.fromkeys(stored for _s, stored in column.choices))
        raise values.ValueProblem(_("not one of: %(allowed)s") % {"allowed": allowed})
    return values.parse_text(cell, max_length=column.max_length)


def _check_row(dataset: MonevDataset, parsed: dict[str, Any]) -> tuple[str, str] | None:
    """Rules across cells of one row: (column, reason), or None."""
    if dataset is VULNERABLE_FUNDING:
        if parsed["months"] < 1 or parsed["months"] > 12:
            return "months", _("months of a year's funding are 1 to 12")
        villages, per_village = parsed.get("villages"), parsed.get("workers_per_village")
        if (villages is None) != (per_village is None):
            return "villages", _("a village programme needs both villages and workers_per_village")
        if villages is not None and villages * per_village != parsed["workers"]:
            return "workers", _(
                "a village programme covers villages × workers_per_village = %(n)d workers, not %(w)d"
            ) % {"n": villages * per_village, "w": parsed["workers"]}
    if dataset is BENEFITS and parsed["claims"] == 0 and parsed["amount_idr"] > 0:
        return "claims", _("an amount paid needs at least one claim")
    return None


def validate_rows(
    result: MonevValidation,
    rows: Iterable[tuple[int, list[Cell]]],
    positions: Mapping[str, int],
    scope: RegionScope | None,
) -> None:
    dataset, name = result.dataset, result.file_name
    columns = [c for c in dataset.columns if c.name in positions]
    width = max(positions.values()) + 1
    seen: dict[tuple[Any, ...], int] = {}
    code_rows: dict[str, list[tuple[int, str]]] = {}
    try:
        for number, cells in rows:
            if all(values.text_of(c) == "" for c in cells):
                continue
            if len(cells) > width and any(values.text_of(c) for c in cells[width:]):
                result.problems.append(
                    Problem(
                        name,
                        number,
                        str(width + 1),
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
                    parsed[column.name] = None
                    continue
                try:
                    parsed[column.name] = _parse(column, cell)
                except values.ValueProblem as problem:
                    result.problems.append(Problem(name, number, column.name, shown(cell), str(problem)))
                    row_ok = False
            for column in dataset.columns:
                parsed.setdefault(column.name, None)
            if parsed["region_code"] is not None:
                code_rows.setdefault(parsed["region_code"].code, []).append(
                    (number, values.text_of(cells[positions["region_code"]]))
                )
            if not row_ok:
                continue
            cross = _check_row(dataset, parsed)
            if cross is not None:
                column_name, reason = cross
                result.problems.append(Problem(name, number, column_name, shown(parsed[column_name]), reason))
                continue
            code: ParsedCode = parsed.pop("region_code")
            row = Row(row=number, region=code.code, values=parsed)
            key = row.key(dataset)
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
            result.rows.append(row)
    except FileRefused as exc:
        result.problems.append(Problem(name, exc.row, "", "", str(exc)))
        return
    result.problems += region_problems(file_name=name, dataset=dataset.name, code_rows=code_rows, scope=scope)
    if not result.rows and not result.problems:
        result.problems.append(Problem(name, 0, "", "", _("The file has a header but no data rows.")))
    result.problems.sort(key=lambda p: (p.row, p.column))


def validate_monev_file(
    *, dataset_name: str, file_name: str, content: bytes, scope: RegionScope | None = None
) -> MonevValidation:
    """Every problem of the file. With a `scope`, rows for regions outside it are problems too; without
    one (the operator's command line) every region is allowed."""
    dataset = MONEV_DATASETS[dataset_name]
    result = MonevValidation(
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
    validate_rows(result, table.rows, positions, scope)
    return result


def validate_monev_entry(
    *, dataset_name: str, data: Mapping[str, object], scope: RegionScope, label: str
) -> MonevValidation:
    """One row typed in a form, checked exactly like a row of a file (`label` names it in problems)."""
    dataset = MONEV_DATASETS[dataset_name]
    names = [c.name for c in dataset.columns]
    cells: list[Cell] = []
    for column_name in names:
        value = data.get(column_name)
        cells.append(None if value is None else str(value))
    digest = hashlib.sha256(repr(sorted((k, str(v)) for k, v in data.items())).encode()).hexdigest()
    result = MonevValidation(dataset=dataset, file_name=label, sha256=digest, size=0)
    with contextlib.suppress(FileRefused):
        validate_rows(result, iter([(2, cells)]), {n: i for i, n in enumerate(names)}, scope)
    return result
