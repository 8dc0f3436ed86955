"""Participants → participation figures at every level, and counts per program: written once as ibis
expressions, run on DuckDB or PySpark.

The file is scanned once, grouped by its raw values (code, month, segment, status, programs), and its hash
column once more for a count of malformed hashes; validation then looks at the distinct values of that
small table, and the figures (normalised values, every level by code prefix, one sum per program) are
computed from it.
"""

from __future__ import annotations

import functools
import operator
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.analytics import checks
from cakupan.analytics.engine import EngineConfig, connect, disconnect
from cakupan.analytics.ingest import MAX_PROBLEMS, Prepared, locate, prepare
from cakupan.analytics.nik import HASH_LENGTH
from cakupan.analytics.problems import N_, Problem, Translate, untranslated
from cakupan.analytics.schema import LEVEL_LENGTHS, PARTICIPANTS, SEGMENT_SPELLINGS, STATUS_SPELLINGS, dotted

GROUP_KEYS = ("region_code", "period", "segment", "status", "programs")
Figure = tuple[str, str, str, str, int]  # region_code, period, segment | program, status, participants


def canonical(table: ir.Table, columns: dict[str, str], wanted: tuple[str, ...]) -> ir.Table:
    """The wanted columns under their canonical names, as text; a missing optional column is empty."""
    return table.select(
        **{
            name: table[columns[name]].cast("string") if name in columns else ibis.literal(None, "string")
            for name in wanted
        }
    )


def participant_groups(participants: ir.Table, *, period: str | None = None) -> ir.Table:
    """The one scan of the figures: participants by their raw values. With `period` (a file of one month,
    as its Parquet statistics say), the month is not a key of the scan but written on every group."""
    keys = [k for k in GROUP_KEYS if not (period is not None and k == "period")]
    groups = participants.group_by(keys).aggregate(participants=participants.count())
    if period is not None:
        groups = groups.mutate(period=ibis.literal(period, "string"))
    return groups.select(*GROUP_KEYS, "participants")


def malformed_hashes(participants: ir.Table) -> ir.Scalar:
    """The rows whose nik_hash is missing or is not a hash: an aggregate of the hash column alone, cheaper
    than a count in every group of the scan."""
    digest = participants.nik_hash
    return (digest.isnull() | (digest.length() != HASH_LENGTH)).cast("int64").sum()


def single_period(path: str, column: str) -> str | None:
    """The month of a file that holds one month, from the statistics of its Parquet row groups (every one
    with the same minimum and maximum, and no missing values); None when they do not say so."""
    metadata = pq.ParquetFile(path).metadata
    names = [metadata.schema.column(i).name for i in range(metadata.num_columns)]
    if column not in names or metadata.num_row_groups == 0:
        return None
    index = names.index(column)
    found: set[object] = set()
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(index).statistics
        if stats is None or not stats.has_min_max or stats.null_count != 0 or stats.min != stats.max:
            return None
        found.add(stats.min)
    value = found.pop() if len(found) == 1 else None
    return value if isinstance(value, str) else None


def trimmed(value: ir.StringValue) -> ir.StringValue:
    """Without surrounding white space. (ibis' `strip` compiles to a TRIM whose escapes Spark SQL reads
    as the letters v and f, so it would cut the f of "aktif".)"""
    return value.re_replace(r"^\s+|\s+$", "")


def dotted_code(code: ir.StringValue) -> ir.StringValue:
    """A Kemendagri code written dotted, from dotted or bare digits (already checked to be one of them)."""
    c = trimmed(code)
    n = c.length()
    return ibis.cases(
        (c.contains("."), c),
        (n == 4, c.substr(0, 2) + "." + c.substr(2, 2)),
        (n == 6, c.substr(0, 2) + "." + c.substr(2, 2) + "." + c.substr(4, 2)),
        (n == 10, c.substr(0, 2) + "." + c.substr(2, 2) + "." + c.substr(4, 2) + "." + c.substr(6, 4)),
        else_=c,
    )


def normal_segment(value: ir.StringValue) -> ir.StringValue:
    return trimmed(value).lower().cases(*SEGMENT_SPELLINGS.items())


def normal_status(value: ir.StringValue) -> ir.StringValue:
    return trimmed(value).lower().cases(*STATUS_SPELLINGS.items())


ValueMap = dict[str, str]  # raw value as written → stored value


def value_maps(distinct: dict[str, list[str | None]]) -> dict[str, ValueMap]:
    """For each column whose (valid) values are not all written as stored, raw → stored. A file written
    the way the contract prints it (the usual case) needs no map, and no work per row."""
    normal: dict[str, Callable[[str], str | None]] = {
        "region_code": dotted,
        "period": str.strip,
        "segment": lambda v: SEGMENT_SPELLINGS.get(v.strip().lower()),
        "status": lambda v: STATUS_SPELLINGS.get(v.strip().lower()),
    }
    maps: dict[str, ValueMap] = {}
    for column, values in distinct.items():
        if column == "region_code" and checks.all_dotted(values):
            continue
        mapping = {v: normal[column](v) for v in values if v is not None}
        if any(raw != stored for raw, stored in mapping.items()):
            maps[column] = {raw: stored for raw, stored in mapping.items() if stored is not None}
    return maps


def normalised(groups: ir.Table, maps: dict[str, ValueMap]) -> ir.Table:
    """The groups with values as stored: a code written without dots gets them, `aktif` is `active`…"""
    table = groups
    for column, mapping in maps.items():
        if len(mapping) <= 50:
            table = table.mutate(**{column: table[column].cases(*mapping.items())})
        else:  # region codes: a join with the (small) table of distinct values
            lookup = ibis.memtable({"raw": list(mapping), "stored": list(mapping.values())})
            joined = table.join(lookup, table[column] == lookup.raw)
            table = joined.mutate(**{column: joined.stored}).drop("raw", "stored")
    return table.select("region_code", "period", "segment", "status", "programs", "participants")


def program_split(values: list[str | None]) -> dict[str, list[str]]:
    """Each way the programs are written (a handful in a file) → the single programs, e.g.
    "JKK;JKM, JHT" → [JKK, JKM, JHT]."""
    split: dict[str, list[str]] = {}
    for value in values:
        if value is not None:
            names = [p.strip().upper() for p in value.replace(",", ";").split(";")]
            split[value] = list(dict.fromkeys(n for n in names if n))
    return split


def _program_column(program: str) -> str:
    return f"program_{program}"


def leveled_figures(normal: ir.Table, split: dict[str, list[str]]) -> ir.Table:
    """Participants by region (every level), month, segment and status, with one column per program
    counting those of them who hold it. The programs as written (a few combinations) become one sum each,
    and each level is summed from the one below it (plus the rows known only at that level)."""
    programs = sorted({p for names in split.values() for p in names})
    holding = {p: [combo for combo, names in split.items() if p in names] for p in programs}
    keys = ["region_code", "period", "segment", "status"]
    counts = {
        _program_column(p): ibis.ifelse(normal.programs.isin(holding[p]), normal.participants, 0).sum()
        for p in programs
    }
    by_region = normal.group_by(keys).aggregate(participants=normal.participants.sum(), **counts)
    measures = ["participants", *counts]
    by_region = by_region.mutate(**{m: by_region[m].cast("int64") for m in measures})
    parts: list[ir.Table] = []
    below: ir.Table | None = None
    for length in sorted(LEVEL_LENGTHS, reverse=True):
        own = by_region.filter(by_region.region_code.length() == length)
        if below is None:  # the lowest level: one row a region already
            level = own
        else:
            rows = ibis.union(below, own, distinct=False)
            rows = rows.mutate(region_code=rows.region_code.substr(0, length))
            level = rows.group_by(keys).aggregate(**{m: rows[m].sum().cast("int64") for m in measures})
        parts.append(level)
        below = level
    return ibis.union(*parts, distinct=False)


def participation_figures(leveled: ir.Table) -> ir.Table:
    """Participants by region (every level), month, segment and status."""
    return leveled.select("region_code", "period", "segment", "status", "participants")


def program_figures(leveled: ir.Table, split: dict[str, list[str]]) -> ir.Table:
    """Participants by region (every level), month, program and status: the program columns of the
    leveled figures summed over the segments, one row for each program someone holds."""
    programs = sorted({p for names in split.values() for p in names})
    by_status = leveled.group_by(["region_code", "period", "status"]).aggregate(
        **{_program_column(p): leveled[_program_column(p)].sum() for p in programs}
    )
    parts = [
        by_status.filter(by_status[_program_column(p)] > 0).select(
            "region_code",
            "period",
            program=ibis.literal(p, "string"),
            status=by_status.status,
            participants=by_status[_program_column(p)].cast("int64"),
        )
        for p in programs
    ]
    if not parts:
        return by_status.select(
            "region_code",
            "period",
            program=ibis.null("string"),
            status=by_status.status,
            participants=ibis.literal(0, "int64"),
        ).limit(0)
    return ibis.union(*parts, distinct=False)


@dataclass
class RollupResult:
    """`figures_table` (region_code, period, segment, status, participants) and `programs_table` (region_code,
    period, program, status, participants) as Arrow; `figures` and `programs` as sorted tuples."""

    file_name: str
    rows: int = 0
    figures_table: pa.Table | None = None
    programs_table: pa.Table | None = None
    problems: list[Problem] = field(default_factory=list)
    problems_found: int = 0  # problems in all, of which `problems` lists the first MAX_PROBLEMS
    pseudonymised: bool = False
    prepared_path: str = ""  # the hash-only Parquet file the engine read (inside work_dir when rewritten)
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def figures(self) -> list[Figure]:
        return _tuples(self.figures_table)

    @cached_property
    def programs(self) -> list[Figure]:
        return _tuples(self.programs_table)


def _tuples(table: pa.Table | None) -> list[Figure]:
    if table is None:
        return []
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return sorted(zip(*columns, strict=True))


def _values(con: Any, table: ir.Table, column: str) -> list[str | None]:
    return list(con.to_pyarrow(table.select(column).distinct())[column].to_pylist())


def rollup_run(
    *,
    path: str | os.PathLike[str],
    engine: EngineConfig | None = None,
    key: bytes | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    file_name: str | None = None,
    known_codes: checks.KnownCodes | None = None,
    latest_period: str | None = None,
    translate: Translate = untranslated,
    on_prepared: Callable[[Prepared], None] | None = None,
) -> RollupResult:
    """Validate a participants file and roll it up. With problems, `figures` is empty."""
    config = engine or EngineConfig()
    with tempfile.TemporaryDirectory(prefix="cakupan-rollup-", dir=work_dir) as scratch:
        if config.temp_directory is None:
            config = EngineConfig(**{**config.__dict__, "temp_directory": os.path.join(scratch, "spill")})
        read = functools.partial(
            prepare,
            path=path,
            spec=PARTICIPANTS,
            work_dir=scratch,
            key=key,
            file_name=file_name,
            translate=translate,
        )
        # Free text is checked for NIKs by the engine's own scan, not row by row; found, the row-by-row
        # scan names every row.
        prepared = read(scan_text=False)
        if prepared.unscanned_text and _niks_in_text(prepared, config):
            prepared = read()
        result = RollupResult(
            file_name=prepared.file_name,
            rows=prepared.rows,
            pseudonymised=prepared.pseudonymised,
            problems=list(prepared.problems),
            columns=dict(prepared.columns),
        )
        if prepared.problems and not prepared.columns:
            return result
        if not prepared.problems or prepared.pseudonymised:
            _rollup_prepared(result, prepared, config, known_codes, latest_period, translate)
        if on_prepared is not None and result.ok:
            on_prepared(prepared)
        result.prepared_path = prepared.path
    return result


def _niks_in_text(prepared: Prepared, config: EngineConfig) -> bool:
    """Whether any unscanned free-text column holds sixteen digits in a row (a NIK would be stored)."""
    con = connect(config)
    try:
        table = con.read_parquet(prepared.path)
        hits = [
            table[prepared.columns[c]].cast("string").re_search(r"\d{16}") for c in prepared.unscanned_text
        ]
        return bool(con.execute(functools.reduce(operator.or_, hits).fillna(False).any()))
    finally:
        disconnect(con, config)


def _rollup_prepared(
    result: RollupResult,
    prepared: Prepared,
    config: EngineConfig,
    known_codes: checks.KnownCodes | None,
    latest_period: str | None,
    translate: Translate,
) -> None:
    _ = translate
    con = connect(config)
    groups: ir.Table | None = None
    try:
        source = canonical(con.read_parquet(prepared.path), prepared.columns, ("nik_hash", *GROUP_KEYS))
        month = single_period(prepared.path, prepared.columns["period"])
        groups = participant_groups(source, period=month).cache()
        totals = {
            "rows": con.execute(groups.participants.sum()),
            "bad": con.execute(malformed_hashes(source)),
        }
        distinct_values = {c: _values(con, groups, c) for c in ("region_code", "period", "segment", "status")}
        bad_values = {
            "region_code": checks.region_problems(
                distinct_values["region_code"], known=known_codes, translate=translate
            ),
            "period": checks.period_problems(
                distinct_values["period"], latest=latest_period, translate=translate
            ),
            "segment": checks.segment_problems(distinct_values["segment"], translate),
            "status": checks.status_problems(distinct_values["status"], translate),
        }
        programs = _values(con, groups, "programs") if "programs" in prepared.columns else []
        if "programs" in prepared.columns:
            bad_values["programs"] = checks.program_problems(programs, translate)
        distinct = {c: list(values) for c, values in distinct_values.items()}
        if (totals["rows"] or 0) == 0 and not result.problems:
            result.problems.append(
                Problem(result.file_name, 0, "", "", _(N_("The file has a header but no data rows.")))
            )
        if any(bad_values.values()) or (totals["bad"] or 0) > 0:
            listed, found = locate(
                prepared,
                bad_values,
                check_hash=(totals["bad"] or 0) > 0,
                limit=max(0, MAX_PROBLEMS - len(result.problems)),
                translate=translate,
            )
            result.problems.extend(listed)
            result.problems.sort(key=lambda p: (p.row, p.column))
            result.problems_found = len(prepared.problems) + found
        if result.problems:
            result.problems_found = max(result.problems_found, len(result.problems))
            return
        split = program_split(programs)
        leveled = leveled_figures(normalised(groups, value_maps(distinct)), split).cache()
        try:
            result.figures_table = con.to_pyarrow(participation_figures(leveled))
            if "programs" in prepared.columns:
                result.programs_table = con.to_pyarrow(program_figures(leveled, split))
        finally:
            leveled.release()
    finally:
        if groups is not None:
            groups.release()
        disconnect(con, config)
