"""Participants → participation figures at every level, and counts per program: written once as ibis
expressions, run on DuckDB or PySpark.

The file is scanned once, grouped by its raw values (code, month, segment, status, programs) with a count
of malformed hashes; validation then looks at the distinct values of that small table, and the figures
(normalised values, every level by code prefix) are computed from it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

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


def participant_groups(participants: ir.Table) -> ir.Table:
    """One scan: participants by their raw values, with the rows whose nik_hash is missing or malformed."""
    digest = participants.nik_hash
    malformed = digest.isnull() | (digest.length() != HASH_LENGTH)
    return participants.group_by(list(GROUP_KEYS)).aggregate(
        participants=participants.count(), bad_hashes=malformed.cast("int64").sum()
    )


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


def at_every_level(table: ir.Table) -> ir.Table:
    """Each row once for its own region and once for every region above it (by dotted code prefix)."""
    parts = [
        table.filter(table.region_code.length() >= length).mutate(
            region_code=table.region_code.substr(0, length)
        )
        for length in LEVEL_LENGTHS
    ]
    return ibis.union(*parts, distinct=False)


def participation_figures(normal: ir.Table) -> ir.Table:
    """Participants by region (every level), month, segment and status."""
    rows = at_every_level(normal)
    return rows.group_by(["region_code", "period", "segment", "status"]).aggregate(
        participants=rows.participants.sum().cast("int64")
    )


def program_split(values: list[str | None]) -> dict[str, list[str]]:
    """Each way the programs are written (a handful in a file) → the single programs, e.g.
    "JKK;JKM, JHT" → [JKK, JKM, JHT]."""
    split: dict[str, list[str]] = {}
    for value in values:
        if value is not None:
            names = [p.strip().upper() for p in value.replace(",", ";").split(";")]
            split[value] = list(dict.fromkeys(n for n in names if n))
    return split


def program_figures(normal: ir.Table, split: dict[str, list[str]]) -> ir.Table:
    """Participants by region (every level), month, program and status. The levels are summed on the
    programs as written (a few combinations), then joined with the programs each combination holds."""
    combos = normal.group_by(["region_code", "period", "programs", "status"]).aggregate(
        participants=normal.participants.sum()
    )
    combos = combos.filter(combos.programs.notnull())
    rows = at_every_level(combos)
    leveled = rows.group_by(["region_code", "period", "programs", "status"]).aggregate(
        participants=rows.participants.sum()
    )
    pairs = [(combo, program) for combo, programs in split.items() for program in programs]
    lookup = ibis.memtable(
        {"combo": [c for c, _p in pairs], "program": [p for _c, p in pairs]},
        schema={"combo": "string", "program": "string"},
    )
    single = leveled.join(lookup, leveled.programs == lookup.combo)
    return single.group_by(["region_code", "period", "program", "status"]).aggregate(
        participants=single.participants.sum().cast("int64")
    )


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
        prepared = prepare(
            path=path, spec=PARTICIPANTS, work_dir=scratch, key=key, file_name=file_name, translate=translate
        )
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
        groups = participant_groups(source).cache()
        totals = con.to_pyarrow(
            groups.aggregate(rows=groups.participants.sum(), bad=groups.bad_hashes.sum())
        ).to_pylist()[0]
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
        maps = value_maps(distinct)
        normal = normalised(groups, maps).cache() if maps else normalised(groups, maps)
        try:
            result.figures_table = con.to_pyarrow(participation_figures(normal))
            if "programs" in prepared.columns:
                result.programs_table = con.to_pyarrow(program_figures(normal, program_split(programs)))
        finally:
            if maps:
                normal.release()
    finally:
        if groups is not None:
            groups.release()
        disconnect(con, config)
