"""The rule of `rollup.py`, set-based: every region and month of a recompute at once, one level at a time.

`rollup.rollup` states the rule region by region in Python and stays its reference (the worked cases test
it, and `tests/test_rollup_sets.py` holds the two equal on generated uneven data). `rollup_refresh` runs
this one: the stored figures are read as a few columns (the participants pivoted by the database, the
villages whose months are not stored summed by district, the workforce of the months in use, the
declarations of completeness and the size of every region in the master), DuckDB derives every region's
figures in five set-based steps (villages, districts, regencies, provinces, the nation: each step a
grouping of the level below by parent), and the rows are written in bulk. The rows are what the rule
gives, value for value, and their JSON text as `json.dumps` writes it; a village's month that only
repeats its own participant figures is not stored (ADR 0011: `region_months` builds it when read).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Field
from django.utils.translation import gettext

from cakupan.common.bulk import large_sorts
from cakupan.common.nik_guard import refused_fields
from cakupan.core import periods
from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik
from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import (
    SECTORS,
    SEGMENTS,
    STATUSES,
    ParticipantsComplete,
    ParticipationFigure,
    RegionMonth,
    WorkforceFigure,
)
from cakupan.indicators.params import Params
from cakupan.indicators.rollup import ACTIVE_KEYS, PARTICIPATION_KEYS
from cakupan.regions.models import Region

# Codes by level: the nation "00", then provinces, regencies, districts and villages (fixed widths).
LEVEL_LENGTHS = (2, 5, 8, 13)
VILLAGE_LENGTH = LEVEL_LENGTHS[-1]
P = PARTICIPATION_KEYS  # active_pu … inactive_pmi
W = SECTORS  # total, formal, informal

ROW_FIELDS = (
    "region",
    "period",
    "workers_total",
    "workers_formal",
    "workers_informal",
    "workers_period",
    *PARTICIPATION_KEYS,
    "participation_supplied",
    "children_reporting",
    "children_total",
    "simulated",
    "warnings",
    "measured",
    "covered_active",
    "covered_active_pu",
    "covered_active_bpu",
    "covered_workers",
    "covered_workers_formal",
    "covered_workers_informal",
    "covered_period_from",
    "covered_period_to",
    "covered_sources",
    "leaves_reporting",
    "leaves_total",
    "footprint",
    "unmeasured",
)


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _read(cursor: Any, sql: str, params: Sequence[Any], schema: pa.Schema) -> pa.Table:
    """The rows of a query as an Arrow table, with no Python object per value: on PostgreSQL as CSV through
    COPY; on SQLite as one line of text a row, each text quoted by `quote()`. The database has summed the
    villages' figures: a month gives about 15,000 rows for the nation (7,300 districts' sums of villages,
    the 8,000 other regions), 60 months of a province 39,240."""
    names = [f.name for f in schema]
    if cursor.db.vendor == "postgresql":
        data = bytearray()
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
            for block in copy:
                data += block
        quote = '"'
    else:
        line = " || ',' || ".join(
            f"quote({name})" if pa.types.is_string(f.type) else f"coalesce({name}, '')"
            for name, f in zip(names, schema, strict=True)
        )
        cursor.execute(f"SELECT {line} FROM ({sql}) AS q", params)  # noqa: S608
        data = bytearray("\n".join(text for (text,) in cursor.fetchall()).encode())
        quote = "'"
    if not data.strip():
        return _empty(schema)
    return pa_csv.read_csv(
        pa.py_buffer(data),
        read_options=pa_csv.ReadOptions(column_names=names),
        parse_options=pa_csv.ParseOptions(quote_char=quote, double_quote=True, newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False),
    ).cast(schema)


def _empty(schema: pa.Schema) -> pa.Table:
    return pa.Table.from_batches([], schema=schema)  # `schema.empty_table()` imports pandas


def _small(schema: pa.Schema, rows: Sequence[Sequence[object]]) -> pa.Table:
    """A few rows made here (the simulated batches, each month's workforce window) as an Arrow table,
    through CSV text: `pa.array` of Python values imports pandas."""
    if not rows:
        return _empty(schema)
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return pa_csv.read_csv(
        pa.py_buffer(text.getvalue().encode()),
        read_options=pa_csv.ReadOptions(column_names=schema.names),
        convert_options=pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False),
    )


def _months_where(column: str, months: list[str]) -> tuple[str, list[str]]:
    """SQL selecting the months: a range when they are consecutive (a full recompute reads the table
    through without a look-up of each row's month), else the list."""
    if months == [periods.shift(months[0], i) for i in range(len(months))]:
        return f"{column} >= %s AND {column} <= %s", [months[0], months[-1]]
    return f"{column} IN ({', '.join(['%s'] * len(months))})", months


def _inputs(cursor: Any, months: list[str]) -> dict[str, pa.Table]:
    """The stored figures the months need, as Arrow tables."""

    # The batches are numbers read from the database; the segments and statuses fixed here.
    simulated = list(ImportBatch.objects.filter(simulated=True).values_list("pk", flat=True))
    is_simulated = (
        f"f.batch_id IN ({', '.join(str(int(pk)) for pk in simulated)})" if simulated else NOTHING_SIMULATED
    )
    windows = []
    valid = Params.at_days(periods.last_day(month) for month in months)  # one reading for every month
    for month in months:
        max_age = valid[periods.last_day(month)].workforce_max_age_months
        windows.append((month, periods.shift(month, -(max_age - 1))))
    oldest = min(o for _, o in windows)
    where, params = _months_where("f.period", months)
    kept, kept_params = _stored_villages(windows)
    figures = _read(
        cursor,
        _figures_sql(where, kept, is_simulated),
        [*params, *kept_params],
        pa.schema(
            [("code", pa.string()), ("period", pa.string()), ("plain", pa.int64()), ("n", pa.int64())]
            + [(key, pa.int64()) for key in P]
            + [("with_p", pa.int64()), ("sim", pa.int64())]
        ),
    )
    window = _small(pa.schema([("period", pa.string()), ("oldest", pa.string())]), windows)
    workforce = _read(
        cursor,
        "SELECT f.region_id AS code, f.period AS period, f.sector AS sector, f.workers AS workers, "  # noqa: S608
        f"f.source AS source, CASE WHEN {is_simulated} THEN 1 ELSE 0 END AS sim "
        f"FROM {_table(WorkforceFigure)} f WHERE f.period >= %s AND f.period <= %s",
        [oldest, max(months)],
        pa.schema(
            [
                ("code", pa.string()),
                ("period", pa.string()),
                ("sector", pa.string()),
                ("workers", pa.int64()),
                ("source", pa.string()),
                ("sim", pa.int64()),
            ]
        ),
    )
    where, params = _months_where("period", months)
    complete = _read(
        cursor,
        f"SELECT region_id AS code, period FROM {_table(ParticipantsComplete)} WHERE {where}",  # noqa: S608
        params,
        pa.schema([("code", pa.string()), ("period", pa.string())]),
    )
    sizes = _read(
        cursor,
        f"SELECT parent_id AS code, count(*) AS n FROM {_table(Region)} WHERE parent_id IS NOT NULL "  # noqa: S608
        "GROUP BY parent_id",
        [],
        pa.schema([("code", pa.string()), ("n", pa.int64())]),
    )
    return {
        "figures": figures,
        "wfraw": workforce,
        "win": window,
        "comp": complete,
        "sizes": sizes,
    }


def _stored_villages(windows: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """SQL of the village months that are stored (`region_id`, `period`), and its parameters: a village's
    month with a workforce figure within the month's window (the months a figure stays in use), or
    declared complete that month. A function of the figures alone, whichever months are recomputed
    together. `windows`: each month with the oldest month of its window."""
    # A VALUES list, not a compound SELECT: SQLite allows 500 terms in one, and a recompute of every month
    # since 1985 would pass that.
    values = ", ".join("(%s, %s)" for _ in windows)
    window = f"SELECT column1 AS period, column2 AS oldest FROM (VALUES {values}) AS v"  # noqa: S608
    months = [month for month, _ in windows]
    complete_months, complete_params = _months_where("c.period", months)
    sql = (
        f"SELECT DISTINCT w.region_id AS region_id, x.period AS period FROM {_table(WorkforceFigure)} w "  # noqa: S608
        f"JOIN ({window}) x ON w.period >= x.oldest AND w.period <= x.period "
        f"WHERE length(w.region_id) = {VILLAGE_LENGTH} "
        f"UNION SELECT c.region_id, c.period FROM {_table(ParticipantsComplete)} c "
        f"WHERE length(c.region_id) = {VILLAGE_LENGTH} AND {complete_months}"
    )
    return sql, [*(value for pair in windows for value in pair), *complete_params]


NOTHING_SIMULATED = "1 = 0"


def _figures_sql(where: str, kept: str, is_simulated: str) -> str:
    """The participant figures of the months, one row a region and month (`plain` 0), but the villages' months
    not stored (ADR 0011: no workforce figure in use, not declared complete: `_stored_villages`), summed by
    district and month (`plain` 1) as the level above reads its children (`_kids`): how many report
    (`n`), the sum of each figure, how many give an active figure (`with_p`), and whether any figure is
    simulated. Plain SQL, the same on SQLite and PostgreSQL; the database sums 1.7 M village figures into
    a few thousand rows (a copy of them all into DuckDB took longer than the bare sums: measured)."""
    pivot = ", ".join(
        f"max(f.participants) FILTER (WHERE f.status = '{status}' AND f.segment = '{segment}') "
        f"AS {status}_{segment.lower()}"
        for status in STATUSES
        for segment in SEGMENTS
    )
    # With no simulated batch, no aggregate a figure (SQLite: 0.03-0.05 s of 1.3 s).
    sim = "0" if is_simulated == NOTHING_SIMULATED else f"max(CASE WHEN {is_simulated} THEN 1 ELSE 0 END)"
    regions = (
        f"SELECT f.region_id AS code, f.period AS period, {pivot}, "  # noqa: S608
        f"{sim} AS sim "
        f"FROM {_table(ParticipationFigure)} f WHERE {where} GROUP BY f.region_id, f.period"
    )
    # Joined, not `NOT IN`: the parameters follow the text, the months' first.
    plain = f"length(r.code) = {VILLAGE_LENGTH} AND k.region_id IS NULL"
    marked = (
        f"SELECT r.*, CASE WHEN {plain} THEN 1 ELSE 0 END AS plain "  # noqa: S608
        f"FROM ({regions}) r LEFT JOIN ({kept}) k ON k.region_id = r.code AND k.period = r.period"
    )
    code = f"CASE WHEN v.plain = 1 THEN substr(v.code, 1, {LEVEL_LENGTHS[-2]}) ELSE v.code END"
    active = " OR ".join(f"v.{key} IS NOT NULL" for key in ACTIVE_KEYS)
    sums = ", ".join(f"sum(v.{key}) AS {key}" for key in P)
    return (
        f"SELECT {code} AS code, v.period AS period, v.plain AS plain, count(*) AS n, {sums}, "  # noqa: S608
        f"sum(CASE WHEN {active} THEN 1 ELSE 0 END) AS with_p, max(v.sim) AS sim "
        f"FROM ({marked}) v GROUP BY {code}, v.period, v.plain"
    )


def _parent(code: str) -> str:
    """SQL: the parent code ('00' for a province, NULL for the nation)."""
    return (
        f"CASE WHEN {code} = '00' THEN NULL WHEN length({code}) = 2 THEN '00' "
        f"ELSE substr({code}, 1, length({code}) - 1 - length(regexp_extract({code}, '[0-9]+$'))) END"
    )


def _level(code: str) -> str:
    return f"CASE WHEN {code} = '00' THEN 0 ELSE length({code}) - length(replace({code}, '.', '')) + 1 END"


def _first_present(values: Sequence[str]) -> str:
    return f"coalesce({', '.join(values)}) IS NOT NULL"


def _active_of(prefix: str) -> str:
    """Active participants over the segments present; NULL when none is (rollup.active_of)."""
    keys = [f"{prefix}{key}" for key in ACTIVE_KEYS]
    return f"CASE WHEN {_first_present(keys)} THEN {' + '.join(f'coalesce({k}, 0)' for k in keys)} END"


def _num(value: str) -> str:
    return f"CAST({value} AS VARCHAR)"


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """The supplied figures of each region and month: participants, the workforce in use, completeness."""
    # The regions' own figures, and the villages summed by district (`_figures_sql`).
    part = f"SELECT code, period, {', '.join(P)}, sim FROM figures WHERE plain = 0"  # noqa: S608
    con.execute(f"CREATE TABLE part AS {part}")
    sums = ", ".join(f"{key} AS s_{key}" for key in P)
    plain = f"SELECT code, period, n, {sums}, with_p, sim FROM figures WHERE plain = 1"  # noqa: S608
    con.execute(f"CREATE TABLE plain AS {plain}")
    sectors = ", ".join(
        f"max(CASE WHEN w.sector = '{s}' THEN w.workers END) AS w_{s}, "
        f"max(CASE WHEN w.sector = '{s}' AND w.source <> '' THEN w.source END) AS src_{s}"
        for s in W
    )
    # The latest month of each region's workforce within the months in use; a newer month replaces the
    # whole set of sectors; the source of the total, else of the first sector named with one; simulated
    # when any row within the months in use is.
    con.execute(
        f"""
        CREATE TABLE wf AS
        WITH latest AS (
            SELECT x.period, r.code, max(r.period) AS wf_period, max(r.sim) AS sim
            FROM win x JOIN wfraw r ON r.period BETWEEN x.oldest AND x.period
            GROUP BY x.period, r.code
        ),
        figures AS (
            SELECT w.code, w.period, {sectors},
                   min(CASE WHEN w.source <> '' AND w.sector <> 'total' THEN w.sector END) AS first_named
            FROM wfraw w GROUP BY w.code, w.period
        )
        SELECT l.period, l.code, l.wf_period, l.sim > 0 AS sim,
               f.w_total, f.w_formal, f.w_informal,
               coalesce(f.src_total, CASE f.first_named WHEN 'formal' THEN f.src_formal
                        WHEN 'informal' THEN f.src_informal END, '') AS source
        FROM latest l JOIN figures f ON f.code = l.code AND f.period = l.wf_period
        """  # noqa: S608
    )
    con.execute(
        f"""
        CREATE TABLE supplied AS
        SELECT code, period, {_level("code")} AS lvl FROM (
            SELECT code, period FROM part UNION SELECT code, period FROM wf
            UNION SELECT code, period FROM comp
        )
        """  # noqa: S608
    )


def _kids(level_below: str) -> str:
    """The aggregates of the children present of each parent (the level below's rows, by parent)."""
    measured = "FILTER (WHERE k.measured)"
    parts = [
        "k.parent AS code",
        "k.period",
        "count(*) AS n_kids",
        *(f"sum(k.{key}) AS s_{key}" for key in P),
        "bool_or(k.simulated) AS k_sim",
        "count(*) FILTER (WHERE k.has_p) AS with_p",
        "count(*) FILTER (WHERE k.w_total IS NOT NULL) AS with_w",
        "count(*) FILTER (WHERE k.has_p AND k.w_total IS NOT NULL) AS with_pw",
        "count(*) FILTER (WHERE k.measured) AS n_meas",
        # Every workforce figure of the children reporting one (a sum over those present).
        *(f"sum(k.w_{s}) AS k_w_{s}" for s in W),
        # The children's workforce where every child gives the sector (rollup._sum_workforce).
        *(f"CASE WHEN count(k.w_{s}) = count(*) THEN sum(k.w_{s}) END AS e_w_{s}" for s in W),
        "min(k.wp_from) FILTER (WHERE k.wp_from <> '') AS k_wp_from",
        "max(k.wp_to) FILTER (WHERE k.wp_to <> '') AS k_wp_to",
        "list_sort(list_distinct(flatten(list(k.w_sources)))) AS k_src",
        "sum(greatest(k.leaves_total, 1)) AS leaves_every",
        "sum(k.leaves_reporting) AS k_leaves_reporting",
        "sum(k.leaves_total) AS k_leaves_total",
        # The measured children: their footprints.
        *(f"sum(k.cov_{key}) {measured} AS m_{key}" for key in P),
        *(
            f"CASE WHEN count(k.cov_w_{s}) {measured} = count(*) {measured} "
            f"THEN sum(k.cov_w_{s}) {measured} END AS m_w_{s}"
            for s in W
        ),
        "min(k.cov_from) FILTER (WHERE k.measured AND k.cov_from <> '') AS m_from",
        "max(k.cov_to) FILTER (WHERE k.measured AND k.cov_to <> '') AS m_to",
        f"list_sort(list_distinct(flatten(list(k.cov_sources) {measured}))) AS m_src",
        f"flatten(list(k.footprint ORDER BY k.code) {measured}) AS m_fp",
    ]
    return f"SELECT {', '.join(parts)} FROM {level_below} k GROUP BY k.parent, k.period"  # noqa: S608


# The columns `_kids` gives a parent from no child at all.
NO_KIDS = {
    "n_kids": "0",
    **{f"s_{key}": "NULL::BIGINT" for key in P},
    "k_sim": "false",
    "with_p": "0",
    "with_w": "0",
    "with_pw": "0",
    "n_meas": "0",
    **{f"k_w_{s}": "NULL::BIGINT" for s in W},
    **{f"e_w_{s}": "NULL::BIGINT" for s in W},
    "k_wp_from": "NULL::VARCHAR",
    "k_wp_to": "NULL::VARCHAR",
    "k_src": "[]::VARCHAR[]",
    "leaves_every": "0",
    "k_leaves_reporting": "0",
    "k_leaves_total": "0",
    **{f"m_{key}": "NULL::BIGINT" for key in P},
    **{f"m_w_{s}": "NULL::BIGINT" for s in W},
    "m_from": "NULL::VARCHAR",
    "m_to": "NULL::VARCHAR",
    "m_src": "[]::VARCHAR[]",
    "m_fp": "[]::STRUCT(code VARCHAR, a BIGINT, w BIGINT)[]",
}


def _with_plain(kids: str) -> str:
    """The children of each district: those derived here (`kids`) and the villages summed by the database
    (`plain`), as `_kids` would have aggregated them all. A village of `plain` has its participants alone:
    no workforce, no source, never measured, one leaf place as `greatest(leaves_total, 1)` counts it; so
    it adds to the counts, the sums of participants and the leaf places, and takes away a sector summed
    only where every child gives it. Joined, not grouped again: grouping lists cost more (measured)."""
    columns = {name: f"coalesce(k.{name}, {value})" for name, value in NO_KIDS.items()}
    columns |= {
        name: f"coalesce(k.{name}, 0) + coalesce(p.{plain}, 0)"
        for name, plain in (("n_kids", "n"), ("with_p", "with_p"), ("leaves_every", "n"))
    }
    columns |= {f"s_{key}": f"coalesce(k.s_{key} + p.s_{key}, k.s_{key}, p.s_{key})" for key in P}
    columns |= {f"e_w_{s}": f"CASE WHEN p.code IS NULL THEN k.e_w_{s} END" for s in W}
    columns["k_sim"] = "coalesce(k.k_sim, false) OR coalesce(p.sim > 0, false)"
    return (
        "SELECT coalesce(k.code, p.code) AS code, coalesce(k.period, p.period) AS period, "  # noqa: S608
        + ", ".join(f"{value} AS {name}" for name, value in columns.items())
        + f" FROM ({kids}) k FULL OUTER JOIN plain p ON p.code = k.code AND p.period = k.period"
    )


def _level_sql(level: int, below: str | None) -> str:
    """Every region of one level and month: its figures, footprint, completeness and warnings."""
    kids = _kids(below) if below else None
    nodes = f"SELECT code, period FROM supplied WHERE lvl = {level}"  # noqa: S608
    if below:
        nodes += f" UNION SELECT parent, period FROM {below} WHERE parent IS NOT NULL"  # noqa: S608
    if kids and level == len(LEVEL_LENGTHS) - 1:
        kids = _with_plain(kids)
        nodes += " UNION SELECT code, period FROM plain"
    empty_kids = ", ".join(f"{value} AS {name}" for name, value in NO_KIDS.items())
    kid_columns = (
        "kids AS (" + kids + ")"
        if kids
        else f"kids AS (SELECT NULL::VARCHAR AS code, NULL::VARCHAR AS period, {empty_kids} LIMIT 0)"
    )
    any_summed = _first_present([f"s_{key}" for key in P])
    participation = ",\n".join(
        f"CASE WHEN p_rows THEN p_{key} WHEN complete THEN "
        f"(CASE WHEN {any_summed} THEN s_{key} ELSE {'0' if key in ACTIVE_KEYS else 'NULL'} END) "
        f"ELSE s_{key} END AS {key}"
        for key in P
    )
    leaf_p = {
        key: f"CASE branch WHEN 'A' THEN {key} WHEN 'B' THEN s_{key} WHEN 'C' THEN {key} END" for key in P
    }
    covered_p = ",\n".join(
        f"CASE WHEN branch <> 'D' THEN {leaf_p[key]} WHEN n_meas > 0 THEN m_{key} END AS cov_{key}"
        for key in P
    )
    covered_w = ",\n".join(
        f"CASE branch WHEN 'A' THEN w_{s} WHEN 'B' THEN w_{s} WHEN 'C' THEN e_w_{s} "
        f"ELSE (CASE WHEN n_meas > 0 THEN m_w_{s} END) END AS cov_w_{s}"
        for s in W
    )
    mismatches = [
        f"CASE WHEN compare_p AND every_p_kid AND {key} IS NOT NULL AND s_{key} IS NOT NULL "
        f'AND {key} <> s_{key} THEN \'{{"kind": "parent_mismatch", "measure": "{key}", '
        f"\"supplied\": ' || {_num(key)} || ', \"children_sum\": ' || {_num(f's_{key}')} || '}}' END"
        for key in P
    ] + [
        f"CASE WHEN compare_w AND every_w AND w_{s} IS NOT NULL AND k_w_{s} IS NOT NULL "
        f'AND w_{s} <> k_w_{s} THEN \'{{"kind": "parent_mismatch", "measure": "{s}", '
        f"\"supplied\": ' || {_num(f'w_{s}')} || ', \"children_sum\": ' || {_num(f'k_w_{s}')} || '}}' END"
        for s in W
    ]
    warnings = [
        "CASE WHEN (compare_p AND NOT every_p_kid) OR (compare_w AND NOT every_w) THEN "
        '\'{"kind": "children_incomplete", "reporting": \' || CAST(CASE WHEN compare_p AND compare_w '
        "THEN with_pw WHEN compare_p THEN with_p ELSE with_w END AS VARCHAR) || "
        "', \"total\": ' || CAST(ct AS VARCHAR) || '}' END",
        *mismatches,
        'CASE WHEN measured AND cov_from <> cov_to THEN \'{"kind": "mixed_workforce_periods", '
        '"oldest": "\' || cov_from || \'", "newest": "\' || cov_to || \'"}\' END',
    ]
    return f"""
    WITH {kid_columns},
    nodes AS ({nodes}),
    base AS (
        SELECT n.code, n.period, {_parent("n.code")} AS parent,
               coalesce(z.n, 0) AS ct,
               k.code IS NOT NULL AS has_kids,
               p.code IS NOT NULL AS p_rows,
               c.code IS NOT NULL AS complete,
               {", ".join(f"p.{key} AS p_{key}" for key in P)},
               w.code IS NOT NULL AS w_supplied,
               w.w_total AS own_total, w.w_formal AS own_formal, w.w_informal AS own_informal,
               w.wf_period, w.source,
               coalesce(p.sim, 0) > 0 OR coalesce(w.sim, false) OR coalesce(k.k_sim, false) AS simulated,
               k.* EXCLUDE (code, period, k_sim)
        FROM nodes n
        LEFT JOIN kids k ON k.code = n.code AND k.period = n.period
        LEFT JOIN part p ON p.code = n.code AND p.period = n.period
        LEFT JOIN comp c ON c.code = n.code AND c.period = n.period
        LEFT JOIN wf w ON w.code = n.code AND w.period = n.period
        LEFT JOIN sizes z ON z.code = n.code
    ),
    figures AS (
        SELECT *,
               {participation},
               p_rows OR complete AS p_supplied,
               CASE WHEN w_supplied THEN coalesce(own_total, own_formal + own_informal) ELSE k_w_total END
                   AS w_total,
               CASE WHEN w_supplied THEN own_formal ELSE k_w_formal END AS w_formal,
               CASE WHEN w_supplied THEN own_informal ELSE k_w_informal END AS w_informal,
               CASE WHEN w_supplied THEN wf_period ELSE coalesce(k_wp_from, '') END AS wp_from,
               CASE WHEN w_supplied THEN wf_period ELSE coalesce(k_wp_to, '') END AS wp_to,
               CASE WHEN w_supplied THEN (CASE WHEN source <> '' THEN [source] ELSE []::VARCHAR[] END)
                    ELSE coalesce(k_src, []::VARCHAR[]) END AS w_sources
        FROM base
    ),
    decided AS (
        SELECT *,
               CASE WHEN own_p AND own_w THEN 'A' WHEN own_w AND every_p THEN 'B'
                    WHEN own_p AND every_w THEN 'C' ELSE 'D' END AS branch
        FROM (
            SELECT *,
                   {_first_present([key for key in ACTIVE_KEYS])} AS has_p,
                   p_supplied AND {_first_present([key for key in ACTIVE_KEYS])} AS own_p,
                   w_supplied AND w_total IS NOT NULL AS own_w,
                   ct > 0 AND coalesce(with_p, 0) >= ct AS every_p,
                   ct > 0 AND coalesce(with_w, 0) >= ct AS every_w
            FROM figures
        )
    ),
    covered AS (
        SELECT *,
               branch <> 'D' OR n_meas > 0 AS measured,
               {covered_p},
               {covered_w},
               CASE branch WHEN 'C' THEN coalesce(k_wp_from, '') WHEN 'D' THEN coalesce(m_from, '')
                    ELSE wp_from END AS cov_from,
               CASE branch WHEN 'C' THEN coalesce(k_wp_to, '') WHEN 'D' THEN coalesce(m_to, '')
                    ELSE wp_to END AS cov_to,
               CASE branch WHEN 'C' THEN coalesce(k_src, []::VARCHAR[])
                    WHEN 'D' THEN coalesce(m_src, []::VARCHAR[]) ELSE w_sources END AS cov_sources,
               CASE branch WHEN 'A' THEN 1 WHEN 'B' THEN 1 WHEN 'C' THEN leaves_every
                    ELSE k_leaves_reporting END AS leaves_reporting,
               CASE branch WHEN 'A' THEN 1 WHEN 'B' THEN 1 WHEN 'C' THEN leaves_every
                    ELSE (CASE WHEN k_leaves_total = 0 AND own_w THEN 1 ELSE k_leaves_total END)
                    END AS leaves_total,
               CASE branch WHEN 'B' THEN with_p WHEN 'C' THEN with_w ELSE n_meas END AS children_reporting,
               -- Each kind supplied here is compared with the children when some report it (rollup.py).
               (own_p OR own_w) AND p_supplied AND with_p > 0 AS compare_p,
               (own_p OR own_w) AND w_supplied AND with_w > 0 AS compare_w,
               complete OR every_p AS every_p_kid
        FROM (
            SELECT * REPLACE (
                       coalesce(n_meas, 0) AS n_meas, coalesce(with_p, 0) AS with_p,
                       coalesce(with_w, 0) AS with_w, coalesce(with_pw, 0) AS with_pw,
                       coalesce(leaves_every, 0) AS leaves_every,
                       coalesce(k_leaves_reporting, 0) AS k_leaves_reporting,
                       coalesce(k_leaves_total, 0) AS k_leaves_total)
            FROM decided
        )
    )
    SELECT *,
           CASE WHEN branch <> 'D' THEN [{{'code': code, 'a': coalesce({_active_of("cov_")}, 0),
                                          'w': cov_w_total}}]
                ELSE coalesce(m_fp, []::STRUCT(code VARCHAR, a BIGINT, w BIGINT)[]) END AS footprint,
           CASE WHEN NOT measured THEN (
               CASE WHEN NOT has_p THEN '{{"kind": "no_participants"}}'
                    WHEN w_total IS NULL THEN '{{"kind": "no_workforce"}}'
                    WHEN own_w AND with_p > 0 THEN '{{"kind": "partial_participants", "reporting": '
                         || CAST(with_p AS VARCHAR) || ', "total": ' || CAST(ct AS VARCHAR) || '}}'
                    WHEN own_p AND with_w > 0 THEN '{{"kind": "partial_workforce", "reporting": '
                         || CAST(with_w AS VARCHAR) || ', "total": ' || CAST(ct AS VARCHAR) || '}}'
                    ELSE '{{"kind": "no_common_footprint"}}' END) END AS unmeasured,
           '[' || concat_ws(', ', {", ".join(warnings)}) || ']'
               AS warnings
    FROM covered
    """  # noqa: S608


def _result(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Table `result`: the rows to store, in the order of ROW_FIELDS, their JSON as `json.dumps` writes it."""
    union = " UNION ALL ".join(f"SELECT * FROM {t}" for t in tables)  # noqa: S608
    con.execute(f"CREATE VIEW rolled AS {union}")
    # Each list of sources by its JSON as DuckDB writes it, with its text as json.dumps writes it; handed to
    # DuckDB as Arrow: its executemany of Python lists imported numpy and dateutil, 0.12 s of a process.
    distinct = "SELECT DISTINCT to_json(cov_sources) FROM rolled WHERE len(cov_sources) > 0"
    keys = con.execute(distinct).fetchall()
    texts = _small(
        pa.schema([("key", pa.string()), ("text", pa.string())]),
        [[key, json.dumps(json.loads(key))] for (key,) in keys],
    )
    con.register("source_texts_arrow", texts.__arrow_c_stream__())
    con.execute("CREATE TABLE source_texts AS SELECT * FROM source_texts_arrow")
    con.unregister("source_texts_arrow")
    footprint = (
        "CASE WHEN len(footprint) = 0 THEN '{}' ELSE '{' || array_to_string(list_transform(footprint, "
        "x -> '\"' || x.code || '\": [' || CAST(x.a AS VARCHAR) || ', ' || CAST(x.w AS VARCHAR) || ']'), "
        "', ') || '}' END"
    )
    values = [
        "r.code",
        "r.period",
        "w_total",
        "w_formal",
        "w_informal",
        "wp_to",
        *P,
        "p_supplied",
        "children_reporting",
        "ct",
        "simulated",
        "warnings",
        "measured",
        f"CASE WHEN measured THEN {_active_of('cov_')} END",
        *(f"CASE WHEN measured THEN {column} END" for column in ("cov_active_pu", "cov_active_bpu")),
        *(f"CASE WHEN measured THEN cov_w_{s} END" for s in W),
        "cov_from",
        "cov_to",
        "coalesce(s.text, '[]')",
        "leaves_reporting",
        "leaves_total",
        footprint,
        "unmeasured",
    ]
    con.execute(
        f"""
        CREATE TABLE result AS
        SELECT {", ".join(f"{value} AS {name}" for value, name in zip(values, ROW_FIELDS, strict=True))}
        FROM rolled r LEFT JOIN source_texts s ON s.key = to_json(r.cov_sources)
        """  # noqa: S608
    )


def rollup_rows(cursor: Any, months: list[str]) -> list[tuple[Any, ...]]:
    """Every region's `RegionMonth` row of these months (values of ROW_FIELDS), from the stored figures."""
    con = _rolled(cursor, months)
    try:
        return con.execute("SELECT * FROM result").fetchall()
    finally:
        con.close()


def _rolled(cursor: Any, months: list[str]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding the table `result`."""
    # One thread: each level's work is small, and on a shared machine a second thread costs more CPU time
    # than it saves (measured: 1.4 s against 2.2 s for 60 months of a province at every level).
    con = duckdb.connect(config={"threads": 1})
    for name, table in _inputs(cursor, months).items():
        # Its Arrow stream, not the table: DuckDB's scan of a pyarrow table imports pandas, 0.17 s of a
        # process (tests/test_startup_imports.py).
        con.register(f"{name}_arrow", table.__arrow_c_stream__())
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")  # noqa: S608
        con.unregister(f"{name}_arrow")
    _prepare(con)
    below: str | None = None
    tables = []
    for level in (4, 3, 2, 1, 0):
        name = f"level{level}"
        con.execute(f"CREATE TABLE {name} AS {_level_sql(level, below)}")
        tables.append(name)
        below = name
    _result(con, tables)
    return con


def _refuse_niks(con: duckdb.DuckDBPyConnection) -> None:
    """The text a person could have typed is checked as `bulk_insert` checks it (the derived months
    here: each distinct value once)."""
    positions = [ROW_FIELDS.index(name) for name in refused_fields(RegionMonth)]
    for position in positions:
        column = f"#{position + 1}"
        for (value,) in con.execute(f"SELECT DISTINCT {column} FROM result").fetchall():  # noqa: S608
            if contains_nik(value):
                raise ValidationError({ROW_FIELDS[position]: [gettext(LOOKS_LIKE_NIK)]})


CHUNK = 20_000


# A region without figures of workforce or a footprint (a village stored for a declaration of completeness, a
# region whose children have no workforce): these columns are constants, written
# by the statement instead of sent row by row.
PLAIN = {
    "workers_total": None,
    "workers_formal": None,
    "workers_informal": None,
    "workers_period": "",
    "children_reporting": 0,
    "warnings": "[]",
    "measured": False,
    "covered_active": None,
    "covered_active_pu": None,
    "covered_active_bpu": None,
    "covered_workers": None,
    "covered_workers_formal": None,
    "covered_workers_informal": None,
    "covered_period_from": "",
    "covered_period_to": "",
    "covered_sources": "[]",
    "leaves_reporting": 0,
    "leaves_total": 0,
    "footprint": "{}",
}


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))  # type: ignore[call-overload]


def _python(column: pa.ChunkedArray) -> list[Any]:
    """An Arrow column's values for sqlite3, None where null. DuckDB widens a sum of BIGINTs to a 38-digit
    decimal: cast back to whole numbers, each is bound as an integer, not a Decimal turned into text (in the
    recompute of 60 months, 2.3 s of writing as Decimals against 1.4 s as integers)."""
    if pa.types.is_decimal(column.type):
        column = column.cast(pa.int64())
    return column.to_pylist()


def _arrow(result: Any) -> pa.Table:
    table = result.arrow()
    return table.read_all() if hasattr(table, "read_all") else table


def _write_sqlite(con: duckdb.DuckDBPyConnection, cursor: Any, table: str, columns: list[str]) -> int:
    """executemany a chunk at a time, on sqlite3's own cursor (its placeholders, no conversion); the rows
    of plain regions with their constant columns written by the statement."""
    raw = cursor.cursor
    plain = " AND ".join(f"{name} IS NOT DISTINCT FROM {_literal(value)}" for name, value in PLAIN.items())
    sent = [name for name in ROW_FIELDS if name not in PLAIN]
    written = 0
    for where, names in ((plain, sent), (f"NOT ({plain})", list(ROW_FIELDS))):
        values = ", ".join("?" if name in names else _literal(PLAIN[name]) for name in ROW_FIELDS)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"  # noqa: S608
        # In the order of the table's key (region, period): each insert lands beside the one before in its
        # index (the recompute of 60 months wrote in 1.45 s so, 1.6-1.8 s in DuckDB's order).
        select = f"SELECT {', '.join(names)} FROM result WHERE {where} ORDER BY #1, #2"  # noqa: S608
        rows = _arrow(con.execute(select))
        for start in range(0, rows.num_rows, CHUNK):
            part = rows.slice(start, CHUNK)
            sqlite3.Cursor.executemany(raw, sql, zip(*(_python(c) for c in part.columns), strict=True))
            written += part.num_rows
    return written


def _write_postgresql(con: duckdb.DuckDBPyConnection, cursor: Any, table: str, columns: list[str]) -> int:
    """COPY of the rows as CSV (NULL unquoted empty, an empty text quoted)."""
    result = _arrow(con.execute("SELECT * FROM result"))
    data = io.BytesIO()
    pa_csv.write_csv(result, data, write_options=pa_csv.WriteOptions(include_header=False))
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
        view = data.getbuffer()
        for start in range(0, len(view), 1 << 20):
            copy.write(view[start : start + (1 << 20)])
    return int(result.num_rows)


def _column(name: str) -> str:
    field = RegionMonth._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field.column


def refresh(*, months: list[str]) -> int:
    """Replace the `RegionMonth` rows of these months; returns the rows written. In the caller's
    transaction."""
    connection = connections[router.db_for_write(RegionMonth)]
    quote = connection.ops.quote_name
    table = quote(RegionMonth._meta.db_table)
    columns = [quote(_column(name)) for name in ROW_FIELDS]
    with connection.cursor() as cursor:
        with large_sorts(connection.alias):
            con = _rolled(cursor, months)
        try:
            _refuse_niks(con)
            RegionMonth.objects.filter(period__in=months).delete()
            if connection.vendor == "postgresql":
                return _write_postgresql(con, cursor, table, columns)
            return _write_sqlite(con, cursor, table, columns)
        finally:
            con.close()
