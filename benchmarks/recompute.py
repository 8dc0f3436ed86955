"""A full recompute of every region's effective figures (`indicators.services.rollup_refresh`: the supplied
figures, the sums of the children, completeness and the like-for-like footprint, one `RegionMonth` per
region and month) beside bare SQL of the same sums on the same database, in the same run.

    python -m benchmarks.recompute --months 60 --province 53 --markdown docs/benchmarks.md

The data: participants supplied at every level of one province (each village, district, regency, the
province and the nation; the parents equal to the sums of their children) for every month, and the
workforce of each district, so that the districts are the leaves where participants and workforce meet.
Each database is filled in a child process of its own (SQLite in a temporary folder; PostgreSQL in a
database of its own made from the role in CAKUPAN_TEST_POSTGRES_URL), then the recompute and the bare SQL
are timed there, each `--repeat` times, with their CPU time (the PostgreSQL server's is not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.checkout import ROOT, byte_compiled
from benchmarks.sections import write_section

SECTION = "recompute"

# The same sums as the recompute, by hand: participants from the villages to every level above them,
# workforce from the districts up, how many children report participants, and how many leaves (districts)
# have both figures: the completeness and like-for-like counts. Written into a table, as the recompute
# writes its rows.
BARE_SQL = [
    "DROP TABLE IF EXISTS bare_sums",
    """
CREATE TABLE bare_sums AS
WITH levels AS (SELECT 0 AS l UNION ALL SELECT 2 UNION ALL SELECT 5 UNION ALL SELECT 8),
village AS (
  SELECT region_id, period,
         sum(CASE WHEN status = 'active' AND segment = 'PU' THEN participants END) AS active_pu,
         sum(CASE WHEN status = 'active' AND segment = 'BPU' THEN participants END) AS active_bpu,
         sum(CASE WHEN status = 'active' AND segment = 'JAKON' THEN participants END) AS active_jakon,
         sum(CASE WHEN status = 'active' AND segment = 'PMI' THEN participants END) AS active_pmi,
         sum(CASE WHEN status = 'inactive' THEN participants END) AS inactive
  FROM indicators_participationfigure WHERE length(region_id) = 13 GROUP BY region_id, period
),
district AS (
  SELECT v.period, substr(v.region_id, 1, 8) AS code, sum(v.active_pu) AS active_pu,
         sum(v.active_bpu) AS active_bpu, sum(v.active_jakon) AS active_jakon,
         sum(v.active_pmi) AS active_pmi,
         sum(v.inactive) AS inactive, count(*) AS children_reporting
  FROM village v GROUP BY v.period, substr(v.region_id, 1, 8)
),
leaf AS (
  SELECT d.*, w.workers FROM district d
  JOIN (SELECT region_id, period, sum(CASE WHEN sector = 'total' THEN workers END) AS workers
        FROM indicators_workforcefigure GROUP BY region_id, period) w
    ON w.region_id = d.code AND w.period = d.period
)
SELECT CASE WHEN l.l = 0 THEN '00' ELSE substr(leaf.code, 1, l.l) END AS code, leaf.period,
       sum(active_pu) AS active_pu, sum(active_bpu) AS active_bpu, sum(active_jakon) AS active_jakon,
       sum(active_pmi) AS active_pmi, sum(inactive) AS inactive, sum(workers) AS workers,
       sum(active_pu + active_bpu + active_jakon + active_pmi) AS covered_active,
       count(*) AS leaves_reporting, sum(children_reporting) AS villages_reporting
FROM leaf, levels l WHERE l.l < 8
GROUP BY CASE WHEN l.l = 0 THEN '00' ELSE substr(leaf.code, 1, l.l) END, leaf.period
UNION ALL
SELECT code, period, active_pu, active_bpu, active_jakon, active_pmi, inactive, workers,
       active_pu + active_bpu + active_jakon + active_pmi, 1, children_reporting FROM leaf
""",
]


def _months(count: int) -> list[str]:
    months, year, month = [], 2020, 1
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def fill(province: str, months: list[str]) -> dict[str, int]:
    """Participants at every level of the province (and the nation) and the districts' workforce."""
    import numpy as np
    from django.db import transaction

    from cakupan.common.bulk import bulk_insert
    from cakupan.imports.models import ImportBatch
    from cakupan.indicators.models import ParticipationFigure, WorkforceFigure
    from cakupan.regions.models import Region

    villages = sorted(
        Region.objects.filter(level=4, code__startswith=province + ".").values_list("code", flat=True)
    )
    districts = sorted({v[:8] for v in villages})
    keys = [(s, st) for st in ("active", "inactive") for s in ("PU", "BPU", "JAKON", "PMI")]
    rng = np.random.default_rng(20241231)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            dataset="participation",
            file_name="bench",
            sha256="0" * 64,
            size_bytes=0,
            source="cli",
            actor="bench",
            rows=0,
            new_figures=0,
            replaced_figures=0,
            unchanged_figures=0,
            regions=0,
        )
        rows = 0
        for month in months:
            values = rng.integers(0, 400, size=(len(villages), len(keys)))
            sums: dict[str, np.ndarray[Any, Any]] = {}
            for code, row in zip(villages, values, strict=True):
                for parent in (code[:8], code[:5], code[:2], "00"):
                    sums[parent] = sums.get(parent, 0) + row
            figures = [
                (code, month, segment, status, int(n), batch.pk, "aggregate", "")
                for code, row in [*zip(villages, values, strict=True), *sums.items()]
                for (segment, status), n in zip(keys, row, strict=True)
            ]
            rows += bulk_insert(
                ParticipationFigure,
                ("region", "period", "segment", "status", "participants", "batch", "origin", "covered_by"),
                figures,
            )
            workers = rng.integers(2000, 9000, size=len(districts))
            bulk_insert(
                WorkforceFigure,
                ("region", "period", "sector", "workers", "source", "batch"),
                [
                    (code, month, sector, int(n * share), "Sakernas", batch.pk)
                    for code, n in zip(districts, workers, strict=True)
                    for sector, share in (("total", 1.0), ("formal", 0.4), ("informal", 0.6))
                ],
            )
    return {"villages": len(villages), "districts": len(districts), "figures": rows}


def _timed(action: Any, repeat: int) -> dict[str, Any]:
    runs, cpus = [], []
    result = None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        runs.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"runs": runs, "cpu": statistics.median(cpus), "result": result}


PHASES = {"_inputs": "read", "_write_sqlite": "write", "_write_postgresql": "write"}


def _clock_phases() -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds of each call of the recompute's reading and writing (the rest is DuckDB's
    derivation, the NIK check and the delete): `rollup_sets`'s functions wrapped where they are looked up."""
    from cakupan.indicators import rollup_sets

    spent: dict[str, list[tuple[float, float]]] = {}

    def clocked(function: Any, phase: str) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent.setdefault(phase, []).append((time.perf_counter() - started, time.process_time() - cpu))

        return run

    for name, phase in PHASES.items():
        if hasattr(rollup_sets, name):
            setattr(rollup_sets, name, clocked(getattr(rollup_sets, name), phase))
    return spent


def child(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from cakupan.indicators.models import RegionMonth
    from cakupan.indicators.services import rollup_refresh

    months = _months(args.months)
    filled = fill(args.province, months)

    def bare() -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in BARE_SQL:
                cursor.execute(statement)
            cursor.execute("SELECT count(*) FROM bare_sums")
            return int(cursor.fetchone()[0])

    phases = _clock_phases()
    recompute = _timed(lambda: rollup_refresh(months=months), args.repeat)
    sums = _timed(bare, args.repeat)
    regions = RegionMonth.objects.filter(period=months[-1]).count()
    spent = {
        phase: [statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)]
        for phase, runs in phases.items()
    }
    found = {"filled": filled, "recompute": recompute, "bare": sums, "regions": regions, "phases": spent}
    print(json.dumps(found), flush=True)
    return 0


def _run_child(kind: str, args: argparse.Namespace, work: Path, code: Path | None = None) -> dict[str, Any]:
    """One database filled and measured in child processes; `code`: a checkout of another version of
    Cakupan to run instead of this one (its own `benchmarks.recompute`)."""
    data = work / f"data-{kind}-{'previous' if code else 'this'}"
    data.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        CAKUPAN_ENV="test",
        CAKUPAN_SECRET_KEY=secrets.token_hex(32),
        CAKUPAN_DATA_DIR=str(data),
        CAKUPAN_SERVE_WORKER="false",
    )
    if code is not None:
        env["PYTHONPATH"] = str(code)
    byte_compiled(code or ROOT)
    env.pop("CAKUPAN_DATABASE_URL", None)
    admin = ""
    if kind == "postgresql":
        import psycopg

        admin = args.postgres_url.rpartition("/")[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute("DROP DATABASE IF EXISTS cakupan_bench_recompute WITH (FORCE)")
            con.execute("CREATE DATABASE cakupan_bench_recompute")
        env["CAKUPAN_DATABASE_URL"] = args.postgres_url.rpartition("/")[0] + "/cakupan_bench_recompute"
    command = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]
    try:
        subprocess.run([*command, "init"], env=env, check=True, capture_output=True, cwd=code)
        argv = [sys.executable, "-m", "benchmarks.recompute", "--child", "--months", str(args.months)]
        argv += ["--province", args.province, "--repeat", str(args.repeat)]
        load = os.getloadavg()[0]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=code)
        if done.returncode != 0:
            raise SystemExit(f"{kind}: {done.stderr[-3000:]}")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]), load=load)
    finally:
        if admin:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as con:
                con.execute("DROP DATABASE IF EXISTS cakupan_bench_recompute WITH (FORCE)")


def _fmt(measured: dict[str, Any]) -> str:
    runs = sorted(measured["runs"])
    return (
        f"{statistics.median(runs):.2f} s (runs {', '.join(f'{r:.2f}' for r in runs)}), "
        f"CPU {measured['cpu']:.1f} s"
    )


def _rows(name: str, kind: str, label: str, found: dict[str, Any], args: argparse.Namespace) -> list[str]:
    filled = found["filled"]
    what = (
        f"{args.months} months, province {args.province} at every level "
        f"({filled['villages']:,} villages, {filled['figures']:,} figures)"
    )
    recompute, bare = found["recompute"], found["bare"]
    ratio = statistics.median(recompute["runs"]) / statistics.median(bare["runs"])
    # On PostgreSQL the bare SQL's work is the server's, which no client CPU time shows.
    cpu_ratio = (
        f"CPU {recompute['cpu'] / max(bare['cpu'], 0.01):.1f}×"
        if kind == "sqlite"
        else "the server's CPU is not counted"
    )
    version = f", {label}" if label else ""
    load = f", load {found['load']:.1f}" if "load" in found else ""
    rows = [
        f"| {name} | Full recompute{version}, {what}: `rollup_refresh` ({found['regions']:,} region-months a "
        f"month{load}) | {_fmt(recompute)} | – |",
        f"| {name} | The same sums in bare SQL, same database ({bare['result']:,} rows) | {_fmt(bare)} | – |",
        f"| {name} | Recompute{version} / bare SQL | {ratio:.1f}× ({cpu_ratio}) | ≤ 2× |",
    ]
    phases = found.get("phases") or {}
    if "read" in phases and "write" in phases:
        total = statistics.median(recompute["runs"])
        read, write = phases["read"], phases["write"]
        derive = total - read[0] - write[0]
        derive_cpu = recompute["cpu"] - read[1] - write[1]
        rows.append(
            f"| {name} | Where the recompute{version}'s time goes: reading the figures · DuckDB's "
            "derivation, the checks and the delete · writing the rows | "
            f"{read[0]:.2f} s (CPU {read[1]:.1f}) · "
            f"{derive:.2f} s (CPU {derive_cpu:.1f}) · {write[0]:.2f} s (CPU {write[1]:.1f}) | – |"
        )
    return rows


# What is left of the recompute, measured apart from this script on its 60-month database; see
# docs/benchmarks.md and docs/adr/0011-village-months-are-read-from-their-figures.md.
FLOORS = (
    "\nMeasured apart on the same 60-month database (2026-12-07 07:40–08:05 UTC, load about 1, wall seconds; "
    "the bare SQL 1.0–1.1 s): the one query that pivots the figures and sums the villages whose months are "
    "not stored by district (`_figures_sql`) takes 1.33 s on SQLite with one helper thread for its sorter "
    "(1.70–1.80 s without; the same grouping written with one level and `count(DISTINCT)` 1.34 s, no "
    "faster) and 1.00–1.04 s on PostgreSQL with 64 MiB of `work_mem` (1.57–1.65 s with its default 4 MiB, "
    "spilling to disk); the bare SQL is not faster with either setting. DuckDB's five levels over the "
    "39,240 rows read take about 0.25 s, the rest of the derivation (the workforce in use, the result's "
    "JSON text) about 0.15 s; the 20,340 rows are written in 0.15–0.2 s. Before this version the "
    "recompute copied the 1.8 M figures out in long form (SQLite: into a temporary table read by ADBC, "
    "1.3 s; PostgreSQL: pivoted by the server, COPY) and wrote 226,860 rows, 206,520 of them villages' "
    "months that repeat their own figures (1.45 s on SQLite).\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--province", default="53", help="the province whose every level is supplied")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument("--markdown", type=Path)
    parser.add_argument(
        "--previous",
        type=Path,
        help="a checkout of the previous version (git worktree), measured before this one on each database",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    kinds = args.database or (["sqlite", "postgresql"] if args.postgres_url else ["sqlite"])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    measured_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = []
    with tempfile.TemporaryDirectory(prefix="cakupan-bench-recompute-") as folder:
        for kind in kinds:
            name = "SQLite" if kind == "sqlite" else "PostgreSQL"
            versions = (
                [("the previous version", args.previous), ("", None)] if args.previous else [("", None)]
            )
            for label, code in versions:
                found = _run_child(kind, args, Path(folder), code)
                lines += _rows(name, kind, label, found, args)
                print("\n".join(lines[-3:]), flush=True)
    command = "python -m benchmarks.recompute " + shlex.join(argv if argv is not None else sys.argv[1:])
    from benchmarks.participants import _machine

    text = (
        "## Full recompute of every parent figure (issue 20, goal 3)\n\n"
        f"Written by `{command}` (part of `make bench`); do not edit by hand.\n\n"
        f"- Measured: {measured_at}; machine: {_machine()}\n"
        f"- Load average when the run started: {load} (a shared machine: CPU seconds vary less than "
        "wall-clock)\n\n"
        "| database | measure | result | goal |\n|---|---|---|---|\n"
        + "\n".join(lines)
        + "\n\nWhat is measured (`benchmarks/recompute.py`): participants supplied at every level of the "
        "province (villages, districts, regencies, the province, the nation; each parent the sum of its "
        "children) for every month, and the districts' workforce. *Full recompute*: `rollup_refresh` of "
        "every month (what an import runs for the months it touches), writing each region's `RegionMonth` "
        "with its completeness (children and leaves reporting) and like-for-like footprint (a village's "
        "month that repeats its own figures is read from them, not stored: ADR 0011). *Bare SQL*: "
        "the participants summed from the villages and the workforce from the districts to every level, "
        "children and leaves reporting, written into a table in one statement.\n"
        + (
            "\nThe previous version (a worktree of the commit before, `--previous`) stored every region's "
            "month, villages included, and read the figures in long form (SQLite: copied into a temporary "
            "table that ADBC read into Arrow; PostgreSQL: pivoted by the server, COPY); each database "
            "measured it first, then this version, one after the other. This version stores no village month "
            "that only repeats the village's own figures (ADR 0011): one query pivots every other region's "
            "figures and sums those villages by district, with what large sorts need "
            "(`common/bulk.large_sorts`), and DuckDB derives the rest.\n"
            if args.previous
            else ""
        )
        + FLOORS
    )
    print(text)
    if args.markdown:
        write_section(args.markdown, SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
