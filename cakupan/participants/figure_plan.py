"""What a participant file's rollup changes, computed as sets: the engine's Arrow figures joined with the
figures stored for the same months (one read of each table), never a Python loop over every stored
figure. Only the figures that change become Python objects; the import pipeline writes them.

- Participation figures: the figures the file is authoritative for (its own codes, every level inside a
  region it covers) with their origin, against `ParticipationFigure`: new, replaced (another value or
  origin), unchanged, and removed (stored in its area and months and not repeated, and participant-made
  figures above its area, which become sums of their children) — the plan `import_commit` stores.
- Counts per program: the same against `ProgramFigure`, as (key, stored, new) changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from django.db import connection

from cakupan.analytics.rollup import FIGURE_KEY, PROGRAM_KEY
from cakupan.imports.arrow_rows import ArrowRows
from cakupan.indicators.figure_store import (
    Coverage,
    Plan,
    Removal,
    Replacement,
    Stored,
    covering,
    origin_label,
)
from cakupan.indicators.models import FigureOrigin, ParticipantsComplete, ParticipationFigure
from cakupan.participants.models import ProgramFigure

# The keys of the engine's tables, which it gives in this order (`analytics.rollup`).
FIGURE_KEYS = list(FIGURE_KEY)
PROGRAM_KEYS = list(PROGRAM_KEY)

ProgramKey = tuple[str, str, str, str]
# (region, period, program, status), the stored count (None: a new figure), the count of the file (None:
# the stored count is removed).
ProgramChange = tuple[ProgramKey, int | None, int | None]


def by_region(regions: pa.ChunkedArray | pa.Array, value_of: Callable[[str], Any], kind: pa.DataType) -> Any:
    """`value_of(code)` for every row, asked once per distinct region (a hundred thousand at most)."""
    distinct = pc.unique(regions)
    values = pa.array([value_of(code) for code in distinct.to_pylist()], kind)
    return pc.take(values, pc.index_in(regions, value_set=distinct))


def _empty(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


def _read(
    table: str, columns: Sequence[str], where: str, params: Sequence[Any], schema: pa.Schema
) -> pa.Table:
    """The rows of `table` matching `where` as an Arrow table of `schema` (the ORM's connection, in the
    caller's transaction), without a Python object per row: on PostgreSQL as the CSV of a COPY that Arrow
    reads, on SQLite as one text per column (its values joined by the unit separator, never in a code or a
    label) that Arrow splits. The columns are NOT NULL."""
    quote = connection.ops.quote_name
    select = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} WHERE {where}"  # noqa: S608
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)", params) as copy,
        ):
            for data in copy:
                buffer.write(data)
        if not buffer.tell():
            return _empty(schema)
        buffer.seek(0)
        return pcsv.read_csv(
            buffer,
            read_options=pcsv.ReadOptions(column_names=schema.names),
            convert_options=pcsv.ConvertOptions(column_types=schema, strings_can_be_null=False),
        )
    joined = ", ".join(f"group_concat(CAST({quote(c)} AS TEXT), char(31))" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), {joined} FROM ({select})", params)  # noqa: S608
        count, *texts = cursor.fetchone()
    if not count:
        return _empty(schema)
    arrays = [pc.split_pattern(pa.array([text], pa.large_string()), "\x1f").flatten() for text in texts]
    if any(len(a) != count for a in arrays):
        raise ValueError(f"a value of {table} holds the unit separator")
    return pa.table([a.cast(f.type) for a, f in zip(arrays, schema, strict=True)], schema=schema)


def _in_months(column: str, months: Sequence[str]) -> tuple[str, list[str]]:
    return f"{column} IN ({', '.join(['%s'] * len(months))})", list(months)


STORED_FIGURES = pa.schema(
    [
        ("pk", pa.int64()),
        ("region_code", pa.string()),
        ("period", pa.string()),
        ("segment", pa.string()),
        ("status", pa.string()),
        ("stored", pa.int64()),
        ("stored_batch", pa.int64()),
        ("origin", pa.string()),
        ("covered_by", pa.string()),
    ]
)


def stored_figures(months: Sequence[str]) -> pa.Table:
    """The participation figures stored for these months, with their origin label (`origin_label`)."""
    where, params = _in_months("period", months)
    columns = (
        "id",
        "region_id",
        "period",
        "segment",
        "status",
        "participants",
        "batch_id",
        "origin",
        "covered_by",
    )
    found = _read(ParticipationFigure._meta.db_table, columns, where, params, STORED_FIGURES)
    participants = pc.equal(found["origin"], FigureOrigin.PARTICIPANTS.value)
    label = pc.if_else(
        participants, pc.binary_join_element_wise("participants:", found["covered_by"], ""), ""
    )
    return found.append_column("stored_source", label)


@dataclass
class FigurePlan:
    """The authoritative figures as the pipeline's rows (read from Arrow, `ArrowRows`), and the plan of
    storing them."""

    rows: ArrowRows
    plan: Plan


def authoritative(table: pa.Table, coverage: Coverage) -> pa.Table:
    """The rows of the file's figures (or counts per program) in its area: its own codes, and every level
    inside a region it covers (a parent it does not cover is derived from all its children)."""
    if table.num_rows == 0:
        return table
    return table.filter(by_region(table["region_code"], coverage.in_area, pa.bool_()))


def figure_plan(figures: pa.Table, coverage: Coverage) -> FigurePlan:
    """The rollup's participation figures the file is authoritative for, in key order (the engine's, kept
    by position through the join), with their origin, and what storing them changes: new, replaced,
    unchanged and removed figures, and the regions × months it declares complete. Only the replaced and
    removed figures become Python objects."""
    mine = authoritative(figures, coverage)  # in key order, as the engine sorted it
    # Every figure of a participant file is participant-made; its origin label names the region it covers.
    covered_by = by_region(
        mine["region_code"], lambda code: covering(code, coverage.covers) or "", pa.string()
    )
    mine = (
        mine.append_column("covered_by", covered_by)
        .append_column("source", pc.binary_join_element_wise(origin_label(""), covered_by, ""))
        .append_column("index", pa.array(range(mine.num_rows), pa.int64()))
    )
    rows = _figure_rows(mine)
    months = sorted(coverage.months)
    stored = (
        stored_figures(months)
        if months
        else _empty(STORED_FIGURES.append(pa.field("stored_source", pa.string())))
    )
    joined = mine.drop_columns(["covered_by"]).join(stored, keys=FIGURE_KEYS, join_type="full outer")

    is_new = pc.is_null(joined["pk"])
    in_file = pc.is_valid(joined["index"])
    both = pc.and_kleene(pc.invert(is_new), in_file)
    differs = pc.or_kleene(
        pc.not_equal(joined["participants"], joined["stored"]),
        pc.not_equal(joined["source"], joined["stored_source"]),
    )
    replaced_t = joined.filter(pc.and_kleene(both, differs))
    unchanged = int(pc.sum(pc.and_kleene(both, pc.invert(differs))).as_py() or 0)

    not_repeated = joined.filter(pc.invert(in_file))
    above = coverage.above_area()
    removed_t = not_repeated.filter(
        pc.or_kleene(
            by_region(not_repeated["region_code"], coverage.in_area, pa.bool_()),
            pc.and_kleene(
                pc.is_in(not_repeated["region_code"], value_set=pa.array(sorted(above), pa.string())),
                pc.starts_with(not_repeated["stored_source"], "participants"),
            ),
        )
    ).sort_by([(k, "ascending") for k in FIGURE_KEYS])

    replaced = [
        Replacement(parsed, Stored(pk, Decimal(value), batch, source))
        for parsed, pk, value, batch, source in zip(
            _figure_rows(replaced_t),
            *(replaced_t[c].to_pylist() for c in ("pk", "stored", "stored_batch", "stored_source")),
            strict=True,
        )
    ]
    removed = [
        Removal(region, period, (segment, status), Stored(pk, Decimal(value), batch, source))
        for region, period, segment, status, pk, value, batch, source in zip(
            *(
                removed_t[c].to_pylist()
                for c in (*FIGURE_KEYS, "pk", "stored", "stored_batch", "stored_source")
            ),
            strict=True,
        )
    ]
    # The file's rows that are new, and those new or replaced, kept in the key order of `mine`.
    new_at = _positions(joined.filter(is_new)["index"])
    written_at = _positions(joined.filter(pc.or_kleene(is_new, pc.and_kleene(both, differs)))["index"])
    complete = [(code, month) for code in coverage.covers for month in months]
    stored_complete = set(
        ParticipantsComplete.objects.filter(period__in=months).values_list("region_id", "period")
    )
    plan = Plan(
        new=rows.take(new_at),
        replaced=sorted(replaced, key=lambda r: (r.parsed.region, r.parsed.when, r.parsed.item)),
        unchanged=unchanged,
        removed=removed,
        complete=complete,
        complete_changes=sum(1 for key in complete if key not in stored_complete),
        written=_written(mine.take(written_at)),
    )
    return FigurePlan(rows=rows, plan=plan)


def _figure_rows(table: pa.Table) -> ArrowRows:
    """A table of participation figures with their origin label (`source`) as the pipeline's rows."""
    return ArrowRows(
        region=table["region_code"],
        when=table["period"],
        items=[table["segment"], table["status"]],
        value=table["participants"],
        source=table["source"],
    )


def _positions(index: pa.ChunkedArray) -> pa.Array:
    """Row positions of the file's figures, ascending (a hash join gives them in no order)."""
    positions = index.combine_chunks() if isinstance(index, pa.ChunkedArray) else index
    return positions.take(pc.sort_indices(positions))


def _written(rows: pa.Table) -> pa.Table:
    """The figures to write (new and replaced, in key order) as the participation table's fields."""
    return pa.table(
        {
            "region": rows["region_code"],
            "period": rows["period"],
            "segment": rows["segment"],
            "status": rows["status"],
            "participants": rows["participants"],
            "origin": pa.repeat(FigureOrigin.PARTICIPANTS.value, rows.num_rows),
            "covered_by": rows["covered_by"],
        }
    )


STORED_PROGRAMS = pa.schema(
    [
        ("pk", pa.int64()),
        ("region_code", pa.string()),
        ("period", pa.string()),
        ("program", pa.string()),
        ("status", pa.string()),
        ("stored", pa.int64()),
    ]
)


def stored_programs(months: Sequence[str]) -> pa.Table:
    if not months:
        return _empty(STORED_PROGRAMS)
    where, params = _in_months("period", months)
    columns = ("id", "region_id", "period", "program", "status", "participants")
    return _read(ProgramFigure._meta.db_table, columns, where, params, STORED_PROGRAMS)


@dataclass
class ProgramPlan:
    """The counts per program to write (new and changed, an Arrow table of the model's fields), the stored
    counts they replace or that go, with their values before and after, and the ids of those."""

    written: pa.Table  # region, period, program, status, participants
    replaced: list[ProgramChange]  # sorted by key; new count None: removed
    old_ids: list[int]

    @property
    def changes(self) -> int:
        """Counts written or removed."""
        return self.written.num_rows + sum(1 for _key, _old, new in self.replaced if new is None)


def program_plan(programs: pa.Table | None, coverage: Coverage) -> ProgramPlan:
    """The counts per program that differ from those stored, with the stored ones, where the file is
    authoritative (as its participation figures); in its area and months a stored count it does not repeat
    is removed, and so are the counts above its area, which no file covers whole. Only the stored counts
    that change become Python objects."""
    stored = stored_programs(sorted(coverage.months))
    if programs is None:
        programs = pa.table(
            {k: pa.array([], pa.string()) for k in PROGRAM_KEYS} | {"participants": pa.array([], pa.int64())}
        )
    # In key order, as the engine sorted them; `index` keeps that order through the join.
    wanted = authoritative(programs, coverage).select([*PROGRAM_KEYS, "participants"])
    wanted = wanted.append_column("index", pa.array(range(wanted.num_rows), pa.int64()))
    joined = wanted.join(stored, keys=PROGRAM_KEYS, join_type="full outer")
    in_file = pc.is_valid(joined["index"])
    changed = joined.filter(
        pc.and_kleene(
            in_file,
            pc.or_kleene(pc.is_null(joined["pk"]), pc.not_equal(joined["participants"], joined["stored"])),
        )
    )
    not_repeated = joined.filter(pc.invert(in_file))
    above = coverage.above_area()
    removed = not_repeated.filter(
        pc.or_kleene(
            by_region(not_repeated["region_code"], coverage.in_area, pa.bool_()),
            pc.is_in(not_repeated["region_code"], value_set=pa.array(sorted(above), pa.string())),
        )
    )
    removed = removed.set_column(
        removed.schema.get_field_index("participants"), "participants", pa.nulls(removed.num_rows, pa.int64())
    )
    gone = pa.concat_tables([changed.filter(pc.is_valid(changed["pk"])), removed]).sort_by(
        [(k, "ascending") for k in PROGRAM_KEYS]
    )
    columns = [gone[c].to_pylist() for c in (*PROGRAM_KEYS, "stored", "participants")]
    replaced: list[ProgramChange] = [
        ((region, period, program, status), old, new)
        for region, period, program, status, old, new in zip(*columns, strict=True)
    ]
    pks = gone["pk"]
    old_ids: list[int] = pks.take(pc.sort_indices(pks)).to_pylist()
    written = (
        wanted.take(_positions(changed["index"]))
        .select([*PROGRAM_KEYS, "participants"])
        .rename_columns(["region", "period", "program", "status", "participants"])
    )
    return ProgramPlan(written=written, replaced=replaced, old_ids=old_ids)
