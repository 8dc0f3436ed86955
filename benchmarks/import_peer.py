"""What an officer waits for when importing a file: `cakupan import participation FILE`, from process start
to figures stored, through this checkout's one import framework and, in the same run, through the version
before it (a git worktree of BASELINE), each on a fresh database of its own: SQLite, and PostgreSQL when
CAKUPAN_TEST_POSTGRES_URL (or --postgres-url) names a server whose role may create databases. Writes its
section of docs/benchmarks.md (`--markdown`) beside the sections other benchmarks write.

    python -m benchmarks.import_peer [--rows 100000] [--repeat 3] [--baseline REV] [--database sqlite]
        [--database postgresql] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from benchmarks.checkout import byte_compiled, worktree, worktree_removed
from benchmarks.sections import write_section
from benchmarks.soak import _database

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the import framework of issue 13 (three validations, a CSV round trip).
BASELINE = "30d024a5bd686c464b00c980e0aac03de9c5f969"
SECTION = "## Import through the one framework, beside the previous version"


def _files(folder: Path, rows: int, repeat: int) -> list[Path]:
    # The generator is the one `make bench` uses; it needs the settings, not a database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    os.environ.setdefault("CAKUPAN_ENV", "test")
    os.environ.setdefault("CAKUPAN_SECRET_KEY", secrets.token_hex(32))
    os.environ.setdefault("CAKUPAN_DATA_DIR", str(folder / "settings"))
    import django

    django.setup()
    from benchmarks.workloads import participation_csv

    paths = []
    for index, end in enumerate(("2010-12", "2012-12", "2014-12", "2016-12", "2018-12")[:repeat]):
        path = folder / f"peserta-{index}.csv"
        path.write_bytes(participation_csv(rows, end=end))
        paths.append(path)
    return paths


# One more run of this version, each step's CPU and wall seconds clocked where the command looks it up.
PHASES = r"""
import json, sys, time
started, cpu = time.perf_counter(), time.process_time()
spent = {}
def clocked(function, phase):
    def run(*args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            done = spent.setdefault(phase, [0.0, 0.0])
            done[0] += time.perf_counter() - w
            done[1] += time.process_time() - c
    return run
import django
setup = django.setup
def setup_then_clock(*args, **kwargs):
    setup(*args, **kwargs)
    spent["start-up"] = [time.perf_counter() - started, time.process_time() - cpu]
    from cakupan.cli import importing
    from cakupan.indicators import figure_store
    importing.validate_file = clocked(importing.validate_file, "validation")
    figure_store.FigureStore.plan = clocked(figure_store.FigureStore.plan, "plan")
    figure_store._figures_commit = clocked(figure_store._figures_commit, "writes")
    figure_store.rollup_refresh = clocked(figure_store.rollup_refresh, "rollup")
    from django.db.backends.base.base import BaseDatabaseWrapper
    BaseDatabaseWrapper.commit = clocked(BaseDatabaseWrapper.commit, "commit")
django.setup = setup_then_clock
from cakupan.cli import main
code = main()
spent["total"] = [time.perf_counter() - started, time.process_time() - cpu]
print("PHASES " + json.dumps(spent))
sys.exit(code)
"""


# What the steps above came to, and what changed them (issue 20 §2): written into docs/benchmarks.md.
BLOCKERS = (
    "The goal is 2 s. Both versions are byte-compiled before they are measured (`benchmarks/checkout.py`: "
    "this machine sets PYTHONDONTWRITEBYTECODE, and every process compiled the package again, 0.17 s of "
    "each start). Against 9d7979b (2026-12-07): the file's figures are the regencies', so ADR 0011 (no "
    "village month stored that repeats its own figures) has nothing to leave out here; the rollup reads "
    "the figures in one query that the database pivots, without ADBC: the same time. Earlier the same day, "
    "against c15bedf: *validation* reads a clean file column by column (`imports/clean_files.py`: each "
    "column's distinct cells parsed once, each region and month read once, the keys compared as a set; any "
    "row with something to say sends the file back to the row-by-row reading), 0.53 → 0.38 s in process; "
    "*the rollup* no longer imports pandas (0.17 s: DuckDB is handed Arrow streams, small tables come "
    "through CSV) and reads the parameters once for every month; *the writes* run under a 64 MiB SQLite "
    "page cache (`common/bulk.sqlite_write_cache`), 0.58–0.64 → 0.50–0.53 s for a second file. What is "
    "left is near its floor: 100,000 rows into the figures table with its keys and indexes take 0.41 s "
    "through bare `sqlite3` executemany; start-up is Python, Django and the apps' modules. On PostgreSQL "
    "the transaction's commit is where the server checks the deferred foreign keys of the 100,000 figures "
    "(their region and batch) one row at a time: ADR 0010 keeps the keys, and with them the 2 s is not met "
    "there; the writes and the rollup's reads are COPY, whose server work the CPU seconds do not count."
)


class _Contender:
    """One version's `cakupan` command on a fresh database of its own: a SQLite file, or with `database_url`
    a PostgreSQL database (made and dropped by `benchmarks.soak._database`)."""

    def __init__(self, name: str, source: Path, work: Path, database_url: str = "") -> None:
        self.name, self.source = name, source
        data = work / f"data-{name}"
        data.mkdir()
        self.env = dict(
            os.environ,
            PYTHONPATH=str(source),
            CAKUPAN_DATA_DIR=str(data),
            CAKUPAN_ENV="test",
            CAKUPAN_SECRET_KEY=secrets.token_hex(32),
            CAKUPAN_SERVE_WORKER="false",
        )
        self.env.pop("CAKUPAN_DATABASE_URL", None)
        if database_url:
            self.env["CAKUPAN_DATABASE_URL"] = database_url
        self.command = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]
        subprocess.run([*self.command, "init"], env=self.env, cwd=source, check=True, capture_output=True)
        self.seconds: list[float] = []
        self.cpu: list[float] = []

    def phases(self, path: Path) -> dict[str, list[float]]:
        """Wall and CPU seconds of each step of one more import of the file (another database's)."""
        done = subprocess.run(
            [sys.executable, "-c", PHASES, "import", "participation", str(path)],
            env=self.env,
            cwd=self.source,
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(line for line in done.stdout.splitlines() if line.startswith("PHASES "))
        return dict(json.loads(line.removeprefix("PHASES ")))

    def run(self, path: Path) -> None:
        """Seconds of one `cakupan import participation`, the process started anew, and the CPU seconds
        it used (user and system: what the machine's other work does not inflate)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [*self.command, "import", "participation", str(path)],
            env=self.env,
            cwd=self.source,
            capture_output=True,
            text=True,
        )
        self.seconds.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: the import failed\n{done.stdout}\n{done.stderr}")


def _measure(
    kind: str, files: list[Path], baseline: Path, baseline_name: str, work: Path, server: str
) -> tuple[dict[str, tuple[list[float], list[float]]], dict[str, list[float]]]:
    """The contenders' runs on one kind of database, turn by turn, and this version's steps."""
    with ExitStack() as stack:
        url = {
            name: stack.enter_context(_database(server)) if kind == "postgresql" else ""
            for name in ("current", "baseline", "phases")
        }
        contenders = {
            "this version": _Contender(f"{kind}-current", ROOT, work, url["current"]),
            baseline_name: _Contender(f"{kind}-baseline", baseline, work, url["baseline"]),
        }
        # Turn by turn, file by file: a load that comes and goes on the machine falls on both alike.
        for path in files:
            for contender in contenders.values():
                contender.run(path)
        steps = _Contender(f"{kind}-phases", ROOT, work, url["phases"]).phases(files[0])
    return {name: (c.seconds, c.cpu) for name, c in contenders.items()}, steps


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
STEPS = {
    "start-up": "start-up (Python, Django and every app's modules)",
    "validation": "reading and validating the file",
    "plan": "the plan (what is new, replaced, unchanged)",
    "writes": "writing the figures and their history",
    "rollup": "the rollup of the months (`rollup_refresh`)",
    "commit": "the transaction's commit (PostgreSQL checks the deferred foreign keys of every row here)",
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 6))
    parser.add_argument("--baseline", default=BASELINE, help="the revision to compare with")
    parser.add_argument("--database", action="append", choices=sorted(NAMES))
    parser.add_argument("--postgres-url", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    kinds = args.database or ["sqlite", *(["postgresql"] if args.postgres_url else [])]
    if "postgresql" in kinds and not args.postgres_url:
        parser.error("PostgreSQL needs --postgres-url or CAKUPAN_TEST_POSTGRES_URL")
    baseline_name = f"previous version ({args.baseline[:7]})"
    measured = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = _files(work, args.rows, args.repeat)
        baseline = work / "baseline"
        worktree(args.baseline, baseline)
        byte_compiled(ROOT)
        try:
            for kind in kinds:
                measured[kind] = _measure(kind, files, baseline, baseline_name, work, args.postgres_url)
        finally:
            worktree_removed(baseline)
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.import_peer --rows {args.rows} --repeat {args.repeat} --baseline "
        f"{args.baseline[:10]}{''.join(f' --database {k}' for k in kinds)} --markdown docs/benchmarks.md`, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}: `cakupan import participation` of a "
        f"{args.rows:,}-row CSV, "
        "from process start to the figures stored (validation, history, rollup to every level), each run a "
        f"new process on {' and on '.join(NAMES[k] for k in kinds)}; every contender imports the same files "
        "into a database of its own, the contenders taking turns file by file (the PostgreSQL server's CPU "
        "is not in the CPU seconds).",
        "",
        "| database | contender | median | runs | median CPU | CPU of each run |",
        "|---|---|---:|---|---:|---|",
    ]
    for kind, (results, _steps) in measured.items():
        for name, (seconds, cpu) in results.items():
            runs = ", ".join(f"{s:.2f}" for s in seconds)
            cpu_runs = ", ".join(f"{s:.2f}" for s in cpu)
            wall, busy = statistics.median(seconds), statistics.median(cpu)
            lines.append(f"| {NAMES[kind]} | {name} | {wall:.2f} s | {runs} | {busy:.2f} s | {cpu_runs} |")
    load = os.getloadavg()[0]
    lines += ["", f"Load average at the end of the run: {load:.1f} on {os.cpu_count()} cores."]
    lines += [
        "",
        "Where this version's time goes (one more import of the first file into a fresh database of each "
        "kind; wall seconds, CPU seconds after the slash):",
        "",
        "| step | " + " | ".join(NAMES[k] for k in measured) + " |",
        "|---|" + "---:|" * len(measured),
    ]
    for key, words in STEPS.items():
        cells = [f"{s[key][0]:.2f} / {s[key][1]:.2f} s" if key in s else "–" for _r, s in measured.values()]
        lines.append(f"| {words} | " + " | ".join(cells) + " |")
    rests = []
    for _results, steps in measured.values():
        rest = [steps["total"][i] - sum(steps.get(k, [0.0, 0.0])[i] for k in STEPS) for i in (0, 1)]
        rests.append(f"{rest[0]:.2f} / {rest[1]:.2f} s")
    lines.append("| the rest (batch, audit, arguments, output) | " + " | ".join(rests) + " |")
    totals = [f"**{s['total'][0]:.2f}** / {s['total'][1]:.2f} s" for _r, s in measured.values()]
    lines += ["| in all | " + " | ".join(totals) + " |", "", BLOCKERS]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        write_section(args.markdown, "import-peer", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
