"""Participants → participation figures at every level, and counts per program: written once as ibis
expressions, run on DuckDB or PySpark.

The distinct segments, statuses and programs of the file are read first (a few values each) and checked;
each valid value as written then gets a number. The records of a person in a month are merged into one
(`analytics.persons`: active if any record is active, segment by precedence, in the deciding record's
village), and the people are grouped by region code, month and a single number for segment, status and
programs. The hashes, and free text long enough to hold a NIK,
are counted by a scan of their own (lengths in bytes, which need no walk through the text). Validation of
the codes and months looks at the distinct values of the small grouped table, and the figures (every
level by code prefix, one sum per program) are computed from it.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.analytics import checks, persons
from cakupan.analytics.engine import EngineConfig, EngineName, byte_length, connect, disconnect
from cakupan.analytics.ingest import Prepared, prepare, report_located
from cakupan.analytics.nik import HASH_LENGTH, masked
from cakupan.analytics.problems import N_, NIK_DIGITS, Problem, Translate, untranslated
from cakupan.analytics.schema import (
    LEVEL_LENGTHS,
    SEGMENT_SPELLINGS,
    SEGMENTS,
    STATUS_SPELLINGS,
    STATUSES,
    dotted,
)
from cakupan.analytics.store import store_table
from cakupan.core.engine_files import PARTICIPANTS
from cakupan.core.nik import ENGINE_PATTERN
from cakupan.core.vocabulary import spelling

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


@dataclass(frozen=True)
class Codebook:
    """The valid values of segment, status and programs as written in the file, each numbered: segments
    and statuses by what they mean (`aktif` and `active` are one number), programs by how they are
    written. The scan's key is one number for the three."""

    segments: dict[str, int]  # as written → index in SEGMENTS
    statuses: dict[str, int]  # as written → index in STATUSES
    programs: list[str | None]  # as written; the position is the number

    def key(self, source: ir.Table) -> ir.IntegerValue:
        segment, status, program = self.numbers(source)
        return ((segment * len(STATUSES) + status) * len(self.programs) + program).cast("int64")

    def numbers(self, source: ir.Table) -> tuple[ir.IntegerValue, ir.IntegerValue, ir.IntegerValue]:
        """The segment's index in SEGMENTS, the status' in STATUSES and the programs' number."""
        segment = _numbered(source.segment, self.segments)
        status = _numbered(source.status, self.statuses)
        written = [(v, i) for i, v in enumerate(self.programs) if v is not None]
        default = self.programs.index(None) if None in self.programs else 0
        program = source.programs.cases(*written, else_=default) if written else ibis.literal(default)
        return segment, status, program

    def rank(self, source: ir.Table) -> ir.IntegerValue:
        """The order of a person's records (persons.decision_rank)."""
        segment, status, program = self.numbers(source)
        return persons.decision_rank(status, segment, program, len(self.programs))

    def written_programs(self, program_set: ir.IntegerValue) -> ir.StringValue:
        """The programs as the file writes them, from their number."""
        written = [(i, v) for i, v in enumerate(self.programs) if v is not None]
        return program_set.cases(*written, else_=ibis.null("string")) if written else ibis.null("string")

    def holding(self) -> dict[str, list[int]]:
        """Each single program → the numbers of the ways of writing the programs that include it."""
        split = program_split(self.programs)
        programs = sorted({p for names in split.values() for p in names})
        return {
            p: [number for number, written in enumerate(self.programs) if p in split.get(written or "", [])]
            for p in programs
        }

    def decoded(self, groups: ir.Table) -> ir.Table:
        """The groups with segment and status as stored, and the programs' number (`program_set`)."""
        programs = len(self.programs)
        return groups.mutate(
            segment=(groups.key // (programs * len(STATUSES))).cases(*enumerate(SEGMENTS)),
            status=((groups.key // programs) % len(STATUSES)).cases(*enumerate(STATUSES)),
            program_set=groups.key % programs,
        )


def _numbered(column: ir.StringValue, numbers: dict[str, int]) -> ir.IntegerValue:
    """The value's number (a file with no rows has no values, and every row the number 0)."""
    if not numbers:
        return ibis.literal(0, "int64")
    return column.cases(*numbers.items(), else_=0)


def codebook(values: dict[str, list[str | None]]) -> Codebook:
    """Numbers for values already checked (every segment and status is one of the contract's)."""
    segments = {v: SEGMENTS.index(SEGMENT_SPELLINGS[spelling(v)]) for v in values["segment"] if v}
    statuses = {v: STATUSES.index(STATUS_SPELLINGS[spelling(v)]) for v in values["status"] if v}
    return Codebook(segments, statuses, list(values.get("programs") or [None]))


def _count_if(condition: ir.BooleanValue) -> ir.IntegerScalar:
    return condition.fill_null(False).cast("int64").sum()


def row_checks(source: ir.Table, text_columns: list[str], engine: EngineName) -> ir.Table:
    """One row: the rows of the file, those whose nik_hash is missing or is not a hash (`bad_hashes`), and
    those with free text of 16 characters or more, where a NIK could be (`long_text`). A scan of its own:
    the hash is the widest column of the file, and carrying it through the group-by costs more than
    reading it again."""
    digest = source.nik_hash
    counts = {
        "rows": source.count(),
        "bad_hashes": _count_if(digest.isnull() | (byte_length(digest, engine) != HASH_LENGTH)),
    }
    if text_columns:
        long_text = [byte_length(source[c], engine) >= NIK_DIGITS for c in text_columns]
        counts["long_text"] = _count_if(functools.reduce(operator.or_, long_text))
    return source.aggregate(**counts)


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


ValueMap = dict[str, str]  # raw value as written → stored value


def value_maps(distinct: dict[str, list[str | None]]) -> dict[str, ValueMap]:
    """For the region codes and months, when (valid) values are not all written as stored, raw → stored. A
    file written the way the contract prints it (the usual case) needs no map, and no work per row.
    Segments and statuses are read through the codebook, which maps every spelling already."""
    normal: dict[str, Callable[[str], str | None]] = {"region_code": dotted, "period": str.strip}
    maps: dict[str, ValueMap] = {}
    for column, values in distinct.items():
        if column == "region_code" and checks.all_dotted(values):
            continue
        mapping = {v: normal[column](v) for v in values if v is not None}
        if any(raw != stored for raw, stored in mapping.items()):
            maps[column] = {raw: stored for raw, stored in mapping.items() if stored is not None}
    return maps


def normalised(groups: ir.Table, maps: dict[str, ValueMap]) -> ir.Table:
    """The groups with codes and months as stored: a code written without dots gets them."""
    table = groups
    for column, mapping in maps.items():
        if len(mapping) <= 50:
            table = table.mutate(**{column: table[column].cases(*mapping.items())})
        else:  # region codes: a join with the (small) table of distinct values
            lookup = ibis.memtable({"raw": list(mapping), "stored": list(mapping.values())})
            joined = table.join(lookup, table[column] == lookup.raw)
            table = joined.mutate(**{column: joined.stored}).drop("raw", "stored")
    return table


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


def leveled_figures(normal: ir.Table, book: Codebook) -> ir.Table:
    """Participants by region (every level), month, segment and status, with one column per program
    counting those of them who hold it. The programs as written (a few combinations, numbered by the
    codebook) become one sum each, and each level is summed from the one below it (plus the rows known
    only at that level)."""
    keys = ["region_code", "period", "segment", "status"]
    counts = {
        _program_column(p): ibis.ifelse(normal.program_set.isin(numbers), normal.participants, 0).sum()
        for p, numbers in book.holding().items()
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


FIGURE_KEY = ("region_code", "period", "segment", "status")
PROGRAM_KEY = ("region_code", "period", "program", "status")


def participation_figures(leveled: ir.Table) -> ir.Table:
    """Participants by region (every level), month, segment and status."""
    return leveled.select("region_code", "period", "segment", "status", "participants")


def program_figures(leveled: ir.Table, book: Codebook) -> ir.Table:
    """Participants by region (every level), month, program and status: the program columns of the
    leveled figures summed over the segments, one row for each program someone holds."""
    programs = list(book.holding())
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
    # A person once a month (analytics.persons): people, records merged into another of the same person,
    # extra copies of identical rows (and a few of them), people kept in another file's village.
    persons: int = 0
    merged_records: int = 0
    identical_rows: int = 0
    identical_examples: list[dict[str, Any]] = field(default_factory=list)
    kept_elsewhere: int = 0
    kept_examples: list[dict[str, Any]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # the region codes of the rows, as stored
    persons_path: str = ""  # the store of the file's months, when asked for (`persons_written`)
    persons_writing: Future[None] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def persons_written(self) -> None:
        """Wait until the person store is written at `persons_path` (in a thread of its own, while the
        caller stores the figures); raises what writing it raised."""
        if self.persons_writing is not None:
            self.persons_writing.result()

    def persons_settled(self) -> None:
        """Wait until the person store's thread has ended, however: for a caller that is failing, or that
        leaves without the store, before it removes the file."""
        if self.persons_writing is not None:
            futures_wait([self.persons_writing])

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


def distinct_values(con: Any, table: ir.Table, column: str) -> list[str | None]:
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
    covers: tuple[str, ...] | None = None,
    stored: Callable[[list[str]], list[tuple[str, list[str]]]] | None = None,
    persons_out: str | os.PathLike[str] | None = None,
    content: bytes | None = None,
) -> RollupResult:
    """Validate a participants file and roll it up, a person once a month. With problems, `figures` is
    empty.

    `covers`: the regions (dotted, "00" the nation) the file declares complete; a row keyed above village
    level outside all of them is refused (None, the engine alone as the benchmark runs it: none checked).
    `stored(months)`: the person store's Parquet files of the months, each with the months it holds; its
    people in another file's village stay there. With `persons_out` the store of the file's months after
    the file is written there, in a thread of its own that outlives this call: `persons_written()` waits
    for it. `content`: the file held in memory (`path` names it), never written as sent."""
    config = engine or EngineConfig()
    # The scratch folder (spilled data, the hash-only copy of the file) outlives this call while the person
    # store is written from it: the thread that writes the store removes it when done.
    scratch = tempfile.mkdtemp(prefix="cakupan-rollup-", dir=work_dir)
    remove_scratch = functools.partial(shutil.rmtree, scratch, ignore_errors=True)
    result: RollupResult | None = None
    try:
        config = config.spilling_in(scratch)
        read = functools.partial(
            prepare,
            path=path,
            spec=PARTICIPANTS,
            work_dir=scratch,
            key=key,
            file_name=file_name,
            translate=translate,
            content=content,
        )
        run = functools.partial(
            _rollup_prepared,
            config=config,
            known_codes=known_codes,
            latest_period=latest_period,
            translate=translate,
            covers=covers,
            stored=stored,
            persons_out=str(persons_out) if persons_out is not None else None,
            after_store=remove_scratch,
        )
        # Free text is checked for NIKs by the engine's own scan, not row by row; found, the row-by-row
        # scan names every row.
        prepared = read(scan_text=False)
        result = _started(prepared)
        if prepared.problems and not prepared.columns:
            return result
        if (not prepared.problems or prepared.pseudonymised) and run(result, prepared) == NIK_IN_TEXT:
            prepared = read()
            result = _started(prepared)
            if not prepared.problems:
                run(result, prepared)
        if on_prepared is not None and result.ok:
            on_prepared(prepared)
        result.prepared_path = prepared.path
        return result
    except BaseException:
        if result is not None:
            result.persons_settled()
        raise
    finally:
        if result is None or result.persons_writing is None:
            remove_scratch()


def _started(prepared: Prepared) -> RollupResult:
    return RollupResult(
        file_name=prepared.file_name,
        rows=prepared.rows,
        pseudonymised=prepared.pseudonymised,
        problems=list(prepared.problems),
        columns=dict(prepared.columns),
    )


def _niks_in_text(prepared: Prepared, config: EngineConfig) -> bool:
    """Whether any unscanned free-text column may hold a NIK (the detector's engine pattern: sixteen
    digits, alone or in groups); the row-by-row scan that follows confirms each row and names it."""
    con = connect(config)
    try:
        table = con.read_parquet(prepared.path)
        hits = [
            table[prepared.columns[c]].cast("string").re_search(ENGINE_PATTERN)
            for c in prepared.unscanned_text
        ]
        return bool(con.execute(functools.reduce(operator.or_, hits).fill_null(False).any()))
    finally:
        disconnect(con, config)


NIK_IN_TEXT = "nik-in-text"  # what `_rollup_prepared` returns when free text holds a NIK


def _rollup_prepared(
    result: RollupResult,
    prepared: Prepared,
    *,
    config: EngineConfig,
    known_codes: checks.KnownCodes | None,
    latest_period: str | None,
    translate: Translate,
    covers: tuple[str, ...] | None = None,
    stored: Callable[[list[str]], list[tuple[str, list[str]]]] | None = None,
    persons_out: str | None = None,
    after_store: Callable[[], None] = lambda: None,
) -> str | None:
    """Check every value and compute the figures into `result`; NIK_IN_TEXT (and nothing done) when a
    free-text column holds a NIK. With `persons_out`, the person store is left writing in a thread
    (`result.persons_writing`) that then closes the connection and calls `after_store()`."""
    con = connect(config)
    people: ir.Table | None = None
    places: ir.Table | None = None

    def close() -> None:
        for cached in (people, places):
            if cached is not None:
                cached.release()
        disconnect(con, config)

    try:
        wanted = (
            "nik_hash",
            *GROUP_KEYS,
            "employer_id",
            *persons.carried(prepared.columns),
            *prepared.unscanned_text,
        )
        source = canonical(con.read_parquet(prepared.path), prepared.columns, wanted)
        month = single_period(prepared.path, prepared.columns["period"])
        has_programs = "programs" in prepared.columns
        chosen = ("segment", "status", *(["programs"] if has_programs else []))
        choices = {c: distinct_values(con, source, c) for c in chosen}
        counted = con.to_pyarrow(row_checks(source, prepared.unscanned_text, config.name)).to_pylist()[0]
        if (counted.get("long_text") or 0) > 0 and _niks_in_text(prepared, config):
            return NIK_IN_TEXT
        bad_values = {
            "segment": checks.segment_problems(choices["segment"], translate),
            "status": checks.status_problems(choices["status"], translate),
        }
        if has_programs:
            bad_values["programs"] = checks.program_problems(choices["programs"], translate)
        v2_values = {c: distinct_values(con, source, c) for c in persons.carried(prepared.columns)}
        bad_values |= checks.participant_v2_problems(v2_values, latest=latest_period, translate=translate)
        if any(bad_values.values()):
            # Values that mean nothing get no number: the codes and months are read without the codebook,
            # for a report of every problem.
            codes = {c: distinct_values(con, source, c) for c in ("region_code", "period")}
            bad_values |= _code_problems(codes, known_codes, latest_period, translate, covers)
            report_located(result, prepared, bad_values, counted["bad_hashes"] or 0, translate)
            return None
        book = codebook(choices)
        places = persons.region_places(source).cache()
        codes = {
            "region_code": con.to_pyarrow(places)["o_code"].to_pylist(),
            "period": [month] if month is not None else distinct_values(con, source, "period"),
        }
        bad_values = _code_problems(codes, known_codes, latest_period, translate, covers)
        if (counted["rows"] or 0) == 0 and not result.problems:
            result.problems.append(
                Problem(result.file_name, 0, "", "", translate(N_("The file has a header but no data rows.")))
            )
        report_located(result, prepared, bad_values, counted["bad_hashes"] or 0, translate)
        if result.problems:
            return None
        maps = value_maps(codes)
        merged = persons.merged(
            source, book.rank(source), len(book.programs), places, len(codes["region_code"])
        )
        people = normalised(merged, maps).cache()
        _person_counts(con, result, source, people, counted["rows"] or 0)
        region_map = maps.get("region_code", {})
        result.codes = sorted({region_map.get(c, c) for c in codes["region_code"] if c is not None})
        area = persons.Area(covers or (), result.codes)
        months = sorted({maps.get("period", {}).get(p, p) for p in codes["period"] if p is not None})
        previous = store_table(con, stored(months) if stored is not None else [])
        counted_people = people
        if previous is not None:
            elsewhere = persons.counted_elsewhere(people, previous, area)
            result.kept_elsewhere = int(con.execute(elsewhere.count()))
            if result.kept_elsewhere:
                shown = elsewhere.order_by(["period", "region_code"]).limit(10)
                result.kept_examples = [
                    {**row, "nik_hash": masked(row["nik_hash"])} for row in con.to_pyarrow(shown).to_pylist()
                ]
                counted_people = people.anti_join(
                    elsewhere, (people.nik_hash == elsewhere.nik_hash) & (people.period == elsewhere.period)
                )
        groups = counted_people.group_by(["region_code", "period", "key"]).aggregate(
            participants=counted_people.count()
        )
        leveled = leveled_figures(book.decoded(groups), book).cache()
        try:
            # In key order, sorted on the engine's threads: the caller writes them in this order.
            result.figures_table = con.to_pyarrow(participation_figures(leveled).order_by(FIGURE_KEY))
            if has_programs:
                result.programs_table = con.to_pyarrow(program_figures(leveled, book).order_by(PROGRAM_KEY))
        finally:
            leveled.release()
        if persons_out is not None:
            decoded = book.decoded(counted_people)
            new = persons.store_rows(decoded, book.written_programs(decoded.program_set))
            kept = area.outside(previous) if previous is not None else None
            store = persons.month_store(kept, new)

            # Written while the caller compares and stores the figures (DuckDB works outside the GIL); the
            # thread then closes the connection, which the store is read from.
            def finish() -> None:
                try:
                    close()
                finally:
                    after_store()

            result.persons_writing = _in_thread(
                lambda: _write(con, store, persons_out, config.name), then=finish
            )
            result.persons_path = persons_out
        return None
    finally:
        if result.persons_writing is None:
            close()


def _in_thread(work: Callable[[], None], *, then: Callable[[], None]) -> Future[None]:
    """`work()`, then `then()` whatever it raised, in a thread of their own; the future holds what `work`
    raised. The interpreter waits for the thread at exit, so a store is never left half written."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="person-store")

    def run() -> None:
        _yield_to_the_caller()
        try:
            work()
        finally:
            then()

    try:
        return pool.submit(run)
    finally:
        pool.shutdown(wait=False)


PERSON_STORE_NICENESS = 10


def _yield_to_the_caller() -> None:
    """This thread's priority lowered by PERSON_STORE_NICENESS (Linux keeps one per thread): the caller
    stores the figures meanwhile, which the user waits for, and on two cores would otherwise give this
    thread a third of its own. DuckDB's worker threads, started with the connection, keep their priority,
    so the store goes on at least at one normal thread's pace when the caller waits for it (inside its
    transaction) on a busy machine."""
    # A system without per-thread priorities does the same work, in turn.
    with contextlib.suppress(AttributeError, OSError):
        me = threading.get_native_id()
        lowered = min(os.getpriority(os.PRIO_PROCESS, me) + PERSON_STORE_NICENESS, 19)
        os.setpriority(os.PRIO_PROCESS, me, lowered)


def _person_counts(con: Any, result: RollupResult, source: ir.Table, people: ir.Table, rows: int) -> None:
    """People, the records merged into them and the identical rows, into `result`."""
    result.persons = int(con.execute(people.count()))
    result.merged_records = rows - result.persons
    if not result.merged_records:  # one record a person: no row can be written twice
        return
    identical = persons.identical_rows(source, people)
    extra = con.execute((identical.copies - 1).sum().fill_null(0))
    result.identical_rows = int(extra or 0)
    if result.identical_rows:
        shown = identical.order_by(["period", "region_code", "segment", "status"]).limit(10)
        result.identical_examples = [
            {
                "nik_hash": masked(row["nik_hash"]),
                "region_code": row["region_code"],
                "period": row["period"],
                "segment": row["segment"],
                "status": row["status"],
                "copies": row["copies"],
            }
            for row in con.to_pyarrow(shown).to_pylist()
        ]


def _write(con: Any, table: ir.Table, path: str, engine: str) -> None:
    """A table to one Parquet file: DuckDB writes it itself (its COPY, on every thread); from Spark, which
    would write a folder of parts, batch by batch."""
    schema = pa.schema([(name, pa.string()) for name in persons.STORE_COLUMNS])
    if engine == "duckdb":
        con.to_parquet(table.select(*(table[name].cast("string") for name in persons.STORE_COLUMNS)), path)
        return
    with pq.ParquetWriter(path, schema) as writer:
        for batch in con.to_pyarrow_batches(table.select(*persons.STORE_COLUMNS)):
            writer.write_table(pa.Table.from_batches([batch]).cast(schema))


def _code_problems(
    codes: dict[str, list[str | None]],
    known_codes: checks.KnownCodes | None,
    latest_period: str | None,
    translate: Translate,
    covers: tuple[str, ...] | None = None,
) -> dict[str, dict[str | None, str]]:
    regions = checks.region_problems(codes["region_code"], known=known_codes, translate=translate)
    return {
        "region_code": regions | _uncovered(codes["region_code"], regions, covers, translate),
        "period": checks.period_problems(codes["period"], latest=latest_period, translate=translate),
    }


def _uncovered(
    values: list[str | None], bad: dict[str | None, str], covers: tuple[str, ...] | None, translate: Translate
) -> dict[str | None, str]:
    """Codes above village level outside every region the file declares complete: such a row would stand
    for a whole region the file does not say it covers."""
    if covers is None or "00" in covers:
        return {}
    found: dict[str | None, str] = {}
    for value in values:
        if value is None or value in bad:
            continue
        code = dotted(value)
        if code is None or len(code) == LEVEL_LENGTHS[-1]:
            continue
        if not any(code == c or code.startswith(c + ".") for c in covers):
            found[value] = translate(
                N_(
                    "region %(code)s is above village level, and the file does not declare it complete: "
                    "declare the file complete for it (covers %(code)s) or key the rows by village"
                )
            ) % {"code": code}
    return found
