"""What an officer waits for when importing a participant file: `cakupan import participants FILE
--covers 00`, from process start to the figures stored and visible (every check, the history, the parent
refresh), beside bare DuckDB SQL computing the same figures and checks in a process of its own,
in the same run.

    python -m benchmarks.participants_import --rows 10000000 --repeat 3 --markdown docs/benchmarks.md

Each contender is a new process, timed from its start to its exit, with the file in the page cache; its CPU
time is that of the process and its threads (the PostgreSQL server's own work is not in it). The import
runs into a database holding the region master and nothing else (a copy of one made by `cakupan init`:
a copy of the SQLite file, or a PostgreSQL database made from a template), and then once more with the
same file into the database it filled: every figure compared and none changed. The files are the
deterministic synthetic participants of `benchmarks.participants` (all 83,762 villages, one month).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.checkout import ROOT, byte_compiled
from benchmarks.participants import BARE_PERSONS
from benchmarks.sections import write_section

SECTION = "participants-import"

# The same figures as the import, and the checks it makes, by hand: a person once a month (the hash and
# month grouped; the deciding record, the engine's rule: active first, then PU > JAKON > PMI > BPU, then
# the programs and the smallest region code, its region, segment, status and programs), every hash 64
# characters, no sixteen digits in the free text, the codes against the region master, the segments and
# statuses against their lists, the rows written twice (among the people with more than one record, as
# the engine counts them); then every level by code prefix, and the counts per program.
BARE_SQL = r"""
SET threads={threads};
{limits}
SET enable_progress_bar=false;
SET preserve_insertion_order=false;
CREATE TEMP TABLE known AS SELECT * FROM read_parquet('{codes}');
"""
BARE_SQL += BARE_PERSONS  # a person once a month, with the checks (benchmarks.participants)
BARE_CHECKS = """
SELECT (SELECT count(*) FROM (SELECT DISTINCT region_code FROM g)
        WHERE region_code NOT IN (SELECT code FROM known))
     + (SELECT count(*) FROM g WHERE segment NOT IN ('PU', 'BPU', 'JAKON', 'PMI')
                                  OR status NOT IN ('active', 'inactive'))
     + (SELECT coalesce(sum(bad_hashes + nik_like), 0) FROM g)
"""
# Rows written twice: only a person with more than one record in a month can have them.
BARE_MERGED = "SELECT coalesce(sum(records - 1), 0) FROM people"
BARE_IDENTICAL = """
SELECT coalesce(sum(copies - 1), 0) FROM (
  SELECT count(*) AS copies FROM read_parquet('{file}')
  WHERE nik_hash IN (SELECT nik_hash FROM people WHERE records > 1) GROUP BY ALL)
"""
BARE_FIGURES = """
SELECT left(region_code, l.len) AS region_code, period, segment, status, sum(n) AS participants
FROM g, (VALUES (2), (5), (8), (13)) AS l(len)
WHERE length(region_code) >= l.len GROUP BY ALL
UNION ALL SELECT '00', period, segment, status, sum(n) FROM g GROUP BY ALL
"""
BARE_PROGRAMS = """
SELECT left(region_code, l.len) AS region_code, period, program, status, sum(n) AS participants
FROM (SELECT *, unnest(string_split(programs, ';')) AS program FROM g WHERE programs IS NOT NULL),
     (VALUES (2), (5), (8), (13)) AS l(len)
WHERE length(region_code) >= l.len GROUP BY ALL
"""
BARE_CHILD = """
import sys, duckdb
file, codes, threads, limits = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
con = duckdb.connect()
for statement in {bare!r}.format(file=file, codes=codes, threads=threads, limits=limits).split(";"):
    if statement.strip():
        con.execute(statement)
problems = con.execute({checks!r}).fetchone()[0]
identical = 0
if con.execute({merged!r}).fetchone()[0]:
    identical = con.execute({identical!r}.format(file=file)).fetchone()[0]
figures = con.execute({figures!r}).fetch_arrow_table()
programs = con.execute({programs!r}).fetch_arrow_table()
print(problems, figures.num_rows, programs.num_rows, identical)
"""


# The first import once more, in a process that times its parts (wall and CPU seconds, all threads): each
# named function of the import wrapped, the rest of a part by difference.
BREAKDOWN_CHILD = r"""
import json, os, resource, sys, time
started = time.perf_counter()
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
import django
django.setup()
from cakupan.imports.models import ImportBatch
from cakupan.indicators.figure_store import ParticipationStore
from cakupan.participants import services
from cakupan.analytics.rollup import RollupResult
spans = {}
def timed(owner, name, label):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        wall, used = time.perf_counter(), cpu()
        try:
            return inner(*args, **kwargs)
        finally:
            total = spans.setdefault(label, [0.0, 0.0])
            total[0] += time.perf_counter() - wall
            total[1] += cpu() - used
    setattr(owner, name, wrapper)
for owner, name, label in (
    (services, "participants_rollup_import", "import"),
    (services, "rollup_run", "engine"),
    (services, "_sha256", "hash"),
    (services, "figure_plan", "figure_diff"),
    (services, "import_commit", "commit"),
    (ParticipationStore, "commit", "figure_writes"),
    (ParticipationStore, "refresh", "parent_refresh"),
    (services, "program_plan", "program_diff"),
    (services, "_write_programs", "program_writes"),
    (services, "_audit_programs", "program_history"),
    (RollupResult, "persons_written", "store_wait"),
):
    timed(owner, name, label)
spans["setup"] = [time.perf_counter() - started, cpu()]
services.participants_rollup_import(
    path=sys.argv[1], user=None, covers=("00",), source=ImportBatch.Source.CLI
)
print(json.dumps(spans))
"""
# The parts as the section lists them: (label, spans added, spans taken away).
PARTS = (
    ("start: Python, Django and its settings", ("setup",), ()),
    (
        "engine: every value checked, a person once a month, the figures (the person store is then "
        "written in a thread of its own while the parts below run)",
        ("hash", "engine"),
        (),
    ),
    ("diff of the participation figures against the stored ones (Arrow join)", ("figure_diff",), ()),
    ("batch, its audit event and the regions it touches", ("commit",), ("figure_writes", "parent_refresh")),
    ("participation figures written (with what they replace and remove)", ("figure_writes",), ()),
    ("parent refresh: every region's figures recomputed for the month", ("parent_refresh",), ()),
    ("diff of the counts per program (Arrow join)", ("program_diff",), ()),
    ("counts per program written", ("program_writes",), ("program_history",)),
    ("history of the counts per program (audit events)", ("program_history",), ()),
    ("the wait for the person store's thread, when it was still writing", ("store_wait",), ()),
    (
        "the rest: the ingest record, the person store moved into place, the transaction's commit",
        ("import",),
        ("hash", "engine", "figure_diff", "commit", "program_diff", "program_writes", "store_wait"),
    ),
)


@dataclass
class Timed:
    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds from the process' start to its exit, its CPU seconds (all threads), and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(
            f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, done.stdout


def _warm(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(8 << 20):
            pass


COMMAND = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]


class Database:
    """A database holding the region master only, copied afresh for each first import."""

    def __init__(self, kind: str, work: Path, threads: int, postgres_url: str) -> None:
        self.kind, self.work, self.threads, self.postgres_url = kind, work, threads, postgres_url
        self.template = work / f"template-{kind}"
        self.run_dir = work / f"run-{kind}"

    def env(self, database: str | None = None) -> dict[str, str]:
        env = dict(
            os.environ,
            CAKUPAN_ENV="test",
            CAKUPAN_SECRET_KEY=secrets.token_hex(32),
            CAKUPAN_SERVE_WORKER="false",
            CAKUPAN_ENGINE_THREADS=str(self.threads),
            CAKUPAN_DATA_DIR=str(self.template if database == "template" else self.run_dir),
        )
        env.pop("CAKUPAN_DATABASE_URL", None)
        if self.kind == "postgresql":
            env["CAKUPAN_DATABASE_URL"] = self._url(database or "run")
        return env

    def _url(self, which: str) -> str:
        base, _, _name = self.postgres_url.rpartition("/")
        return f"{base}/cakupan_bench_import_{which}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.postgres_url.rpartition("/")[0] + "/postgres", autocommit=True) as con:
            con.execute(sql)

    def prepare(self) -> None:
        self.template.mkdir(parents=True, exist_ok=True)
        if self.kind == "postgresql":
            self._admin("DROP DATABASE IF EXISTS cakupan_bench_import_template WITH (FORCE)")
            self._admin("CREATE DATABASE cakupan_bench_import_template")
        subprocess.run([*COMMAND, "init"], env=self.env("template"), check=True, capture_output=True)

    def fresh(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        if self.kind == "sqlite":
            shutil.copytree(self.template, self.run_dir)
            return
        self.run_dir.mkdir(parents=True)
        self._admin("DROP DATABASE IF EXISTS cakupan_bench_import_run WITH (FORCE)")
        self._admin("CREATE DATABASE cakupan_bench_import_run TEMPLATE cakupan_bench_import_template")

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._admin("DROP DATABASE IF EXISTS cakupan_bench_import_run WITH (FORCE)")
            self._admin("DROP DATABASE IF EXISTS cakupan_bench_import_template WITH (FORCE)")

    def counts(self) -> tuple[int, int]:
        """Participation figures and region-months stored (what the pages read)."""
        sql = (
            "SELECT (SELECT count(*) FROM indicators_participationfigure), "
            "(SELECT count(*) FROM indicators_regionmonth)"
        )
        if self.kind == "sqlite":
            import sqlite3

            with sqlite3.connect(self.run_dir / "cakupan.sqlite3") as con:
                row = con.execute(sql).fetchone()
        else:
            import psycopg

            with psycopg.connect(self._url("run")) as con:
                row = con.execute(sql).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])


def import_runs(db: Database, file: Path, repeat: int) -> tuple[Timed, Timed, tuple[int, int]]:
    """`repeat` first imports, each into a fresh copy, each followed by the same import again."""
    first, again = Timed(), Timed()
    argv = [*COMMAND, "import", "participants", str(file), "--covers", "00"]
    counts = (0, 0)
    for _ in range(repeat):
        db.fresh()
        _warm(file)
        seconds, cpu, _out = _run(argv, db.env())
        first.runs.append(seconds)
        first.cpu.append(cpu)
        counts = db.counts()
        seconds, cpu, _out = _run(argv, db.env())
        again.runs.append(seconds)
        again.cpu.append(cpu)
        assert db.counts() == counts, "the same file again changed what is stored"
    return first, again, counts


def breakdown(db: Database, file: Path) -> list[tuple[str, float, float]]:
    """Where a first import's time goes: (part, wall seconds, CPU seconds), in a fresh copy."""
    import json

    db.fresh()
    _warm(file)
    _seconds, _cpu, out = _run([sys.executable, "-c", BREAKDOWN_CHILD, str(file)], db.env())
    spans = json.loads(out.strip().splitlines()[-1])
    parts = []
    for label, added, taken in PARTS:
        wall = sum(spans.get(n, [0, 0])[0] for n in added) - sum(spans.get(n, [0, 0])[0] for n in taken)
        cpu = sum(spans.get(n, [0, 0])[1] for n in added) - sum(spans.get(n, [0, 0])[1] for n in taken)
        parts.append((label, wall, cpu))
    return parts


def bare_limits(memory_limit: str | None, spill: Path) -> str:
    """The bare SQL's memory settings: the engine's limit and a folder to spill into (as the import runs
    with CAKUPAN_ENGINE_MEMORY), or, with None, DuckDB's own (80 % of the machine's memory)."""
    if memory_limit is None:
        return ""
    return f"SET memory_limit='{memory_limit}'; SET temp_directory='{spill}';"


def bare_runs(file: Path, codes: Path, repeat: int, threads: int, limits: str = "") -> tuple[Timed, str]:
    code = BARE_CHILD.format(
        bare=BARE_SQL,
        checks=BARE_CHECKS,
        merged=BARE_MERGED,
        identical=BARE_IDENTICAL,
        figures=BARE_FIGURES,
        programs=BARE_PROGRAMS,
    )
    timed, out = Timed(), ""
    for _ in range(repeat):
        _warm(file)
        seconds, cpu, out = _run(
            [sys.executable, "-c", code, str(file), str(codes), str(threads), limits], dict(os.environ)
        )
        timed.runs.append(seconds)
        timed.cpu.append(cpu)
    return timed, out.strip()


def _setup_django(work: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    os.environ.setdefault("CAKUPAN_ENV", "test")
    os.environ.setdefault("CAKUPAN_SECRET_KEY", secrets.token_hex(32))
    os.environ.setdefault("CAKUPAN_DATA_DIR", str(work / "settings"))
    import django

    django.setup()


def _codes_file(work: Path, villages: list[str]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    codes = set(villages)
    codes |= {c[:8] for c in villages} | {c[:5] for c in villages} | {c[:2] for c in villages}
    path = work / "codes.parquet"
    pq.write_table(pa.table({"code": sorted(codes)}), path)
    return path


def _fmt(t: Timed) -> str:
    runs = ", ".join(f"{r:.2f}" for r in sorted(t.runs))
    return f"{t.median:.2f} s (runs {runs}), CPU {t.median_cpu:.1f} s"


def _machine() -> str:
    from benchmarks.participants import _machine as machine

    return machine()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="participants (repeat; default 10000000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database",
        action="append",
        choices=["sqlite", "postgresql"],
        help="default: both (PostgreSQL when a URL is given)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""),
        help="a role that may create databases (default CAKUPAN_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--threads", type=int, default=2, help="engine and DuckDB threads (default 2)")
    parser.add_argument(
        "--work", type=Path, help="folder for the files and databases (default: a temporary one)"
    )
    parser.add_argument("--markdown", type=Path, help="write this benchmark's section of FILE")
    parser.add_argument(
        "--keep-files",
        action="store_true",
        help="keep the generated files in --work, and use one already there (the generator is deterministic)",
    )
    parser.add_argument(
        "--no-breakdown",
        dest="breakdown",
        action="store_false",
        help="skip the one more first import that times its parts",
    )
    args = parser.parse_args(argv)
    byte_compiled(ROOT)  # as installed: no process compiles the package (benchmarks.checkout)
    totals = args.rows or [10_000_000]
    kinds = args.database or (["sqlite", "postgresql"] if args.postgres_url else ["sqlite"])
    work = args.work or Path(tempfile.mkdtemp(prefix="cakupan-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    _setup_django(work)
    from benchmarks.participants import generate_participants, villages

    codes = villages()
    codes_file = _codes_file(work, codes)
    from cakupan.analytics.engine import EngineConfig

    memory_limit = EngineConfig.from_env().memory_limit
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    measured = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines: list[str] = []
    notes: list[str] = []
    databases = {kind: Database(kind, work, args.threads, args.postgres_url) for kind in kinds}
    for db in databases.values():
        db.prepare()
    try:
        for total in totals:
            file = work / f"participants-{total}.parquet"
            if not (args.keep_files and file.exists()):
                started = time.perf_counter()
                generate_participants(file, total, codes)
                print(f"generated {total:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            label = f"{total / 1e6:g} M participants"
            for kind, db in databases.items():
                name = "SQLite" if kind == "sqlite" else "PostgreSQL"
                # The peer is measured right before each database's imports, on the machine as it is then,
                # with the engine's memory limit (the import's), and once more with DuckDB's own.
                limits = bare_limits(memory_limit, work / "bare-spill")
                bare, out = bare_runs(file, codes_file, args.repeat, args.threads, limits)
                problems, figures, programs, _identical = (int(x) for x in out.splitlines()[-1].split())
                assert problems == 0, f"the bare SQL found {problems} problems"
                lines.append(
                    f"| {name} | {label}: bare DuckDB SQL, the same figures and checks ({figures:,} figures, "
                    f"{programs:,} per program) with the engine's memory limit ({memory_limit}), run just "
                    f"before this database's imports | {_fmt(bare)} | – |"
                )
                own, _out = bare_runs(file, codes_file, args.repeat, args.threads, bare_limits(None, work))
                lines.append(
                    f"| {name} | {label}: the same bare SQL with DuckDB's own memory limit (80 % of the "
                    f"machine's) | {_fmt(own)} | – |"
                )
                print("\n".join(lines[-2:]), flush=True)
                first, again, (stored, months) = import_runs(db, file, args.repeat)
                lines.append(
                    f"| {name} | {label}: `cakupan import participants --covers 00`, into a database "
                    f"with the region master only ({stored:,} figures and {months:,} region-months stored) "
                    f"| {_fmt(first)} | – |"
                )
                lines.append(
                    f"| {name} | {label}: import / bare SQL | {first.median / bare.median:.1f}× "
                    f"(CPU {first.median_cpu / bare.median_cpu:.1f}×) | ≤ 2× |"
                )
                lines.append(
                    f"| {name} | {label}: import / the bare SQL with DuckDB's own memory limit | "
                    f"{first.median / own.median:.1f}× (CPU {first.median_cpu / own.median_cpu:.1f}×) | – |"
                )
                lines.append(
                    f"| {name} | {label}: the same file again (every figure compared, none changed) "
                    f"| {_fmt(again)} | – |"
                )
                lines.append(
                    f"| {name} | {label}: the same file again / bare SQL | {again.median / bare.median:.1f}× "
                    f"(CPU {again.median_cpu / bare.median_cpu:.1f}×) | ≤ 2× |"
                )
                print("\n".join(lines[-5:]), flush=True)
                if args.breakdown:
                    parts = breakdown(db, file)
                    for part, wall, cpu in parts:
                        result = f"{wall:.2f} s, CPU {cpu:.1f} s"
                        lines.append(f"| {name} | {label}, first import, part: {part} | {result} | – |")
                    print("\n".join(lines[-len(PARTS) :]), flush=True)
                    notes.append(gap(f"{name}, {label}", bare.median_cpu, first.median_cpu, parts))
            if not args.keep_files:
                file.unlink()
    finally:
        for db in databases.values():
            db.drop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    command = "python -m benchmarks.participants_import " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    text = section(lines, command, measured, load, args.threads, notes)
    print(text)
    if args.markdown:
        write_section(args.markdown, SECTION, text)
    return 0


def gap(label: str, bare_cpu: float, import_cpu: float, parts: list[tuple[str, float, float]]) -> str:
    """Where the first import's CPU goes against the goal of twice the bare SQL's, from its parts."""
    start, engine, *storing = (cpu for _part, _wall, cpu in parts)
    return (
        f"- {label}: the import used {import_cpu:.1f} s of CPU where the goal allows "
        f"{2 * bare_cpu:.1f} s (twice the bare SQL's {bare_cpu:.1f} s). Its parts, timed in one more "
        f"import: {start:.1f} s to start Python and Django, {engine:.1f} s in the engine "
        f"({engine / bare_cpu:.1f}× the whole bare SQL: beyond it, it reads each column's distinct values "
        f"before the rollup, one scan each), and {sum(storing):.1f} s to compare and store, with the person "
        f"store, which the bare SQL does not write, written by a thread beside them (its CPU counted with "
        f"theirs), of which {parts[5][2]:.1f} s are the parent refresh."
    )


def section(
    lines: list[str], command: str, measured: str, load: str, threads: int, notes: list[str] | None = None
) -> str:
    gaps = (
        (
            "\nWhere the time goes against the goal (CPU seconds, which the machine's load moves less):\n\n"
            + "\n".join(notes)
            + "\n"
        )
        if notes
        else ""
    )
    return (
        "## Participant import end to end (issue 20, goal 1)\n\n"
        f"Written by `{command}` (part of `make bench`); do not edit by hand.\n\n"
        f"- Measured: {measured}\n"
        f"- Machine: {_machine()}\n"
        f"- Load average when the run started: {load} (the machine is shared: wall-clock times vary; "
        "CPU seconds, summed over threads, vary less)\n"
        f"- Engine and DuckDB threads: {threads}; each figure is the median of the runs, each a new process "
        "timed from its start to its exit, with the file in the page cache\n\n"
        "| database | measure | result | goal |\n|---|---|---|---|\n" + "\n".join(lines) + "\n\n"
        "What is measured (`benchmarks/participants_import.py`): the synthetic participants of "
        "`benchmarks/participants.py` (all 83,762 villages, one month, 1 % known only at regency level), "
        "declared complete for the nation.\n\n"
        "- *Import*: `cakupan import participants FILE --covers 00`, a new process, from its start to its "
        "exit: the engine's validation and rollup (a person once a month), the person store written by "
        "the engine meanwhile in a thread of its own at a lower priority (nice +10: the storing keeps its "
        "core), the figures compared with the stored ones as sets, the batch, its history and audit "
        "events, the figures and counts per program written straight from the engine's Arrow tables, in "
        "the key order the engine sorted them in (COPY of Arrow's CSV "
        "on PostgreSQL, INSERT … SELECT FROM json_each on SQLite), and every "
        "parent region's figures refreshed, in one transaction. Its CPU time is the command's; the "
        "PostgreSQL server's work is not in it.\n"
        "- *The same file again*: the import run once more into the database it filled: every figure "
        "computed and compared, nothing written.\n"
        "- *Bare DuckDB SQL*: a new process that imports DuckDB and, by hand, groups the records by "
        "person and month with the engine's rule for the deciding record (active first, then PU > JAKON > "
        "PMI > BPU, the programs, the smallest region code), checks every hash, the free text for sixteen "
        "digits, the region codes against the master and the segments and statuses, counts the rows "
        "written twice among the people with more than one record (as the engine does; in this file every "
        "hash differs, so neither side groups the rows by every column), and computes the figures at "
        "every level (the nation's too, which the import leaves to the parent refresh) and the counts "
        "per program into Arrow tables; nothing is stored (the person store is neither a figure nor a "
        "check: only the import writes it). It runs with the engine's memory limit (CAKUPAN_ENGINE_MEMORY, "
        "spilling to disk beyond it, as the import's engine does), and once more with DuckDB's own limit "
        "(80 % of the machine's memory), which the import is not given.\n"
        "- *Parts*: the first import once more into a fresh copy, in a process that wraps the import's "
        "functions and times each (wall and CPU seconds of the process and its threads); the rest of a "
        "part by difference.\n" + gaps
    )


if __name__ == "__main__":
    sys.exit(main())
