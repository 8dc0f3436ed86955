"""Monev reports with an empty chart store (issue 20 §5): a province PDF, and all provinces and regencies as
PDF in one zip, this version side by side with a previous one, on the same demo data, in one run.

For SQLite and (with --postgres or CAKUPAN_TEST_POSTGRES_URL) PostgreSQL, the full simulated demo data is
loaded once; then each version, checked out from git (`--previous`, by default the commit before the report
changes of issue 20 §5) or this tree, measures on it in turn:

- *province PDF*: NTT (53) made as the download button and `cakupan report` make it (`report_render`),
  in a process that has made one report before (another province) but has no chart drawn: the chart store
  and the in-process chart caches are emptied before each report; the median of `--rounds` processes
  of each version, taken in turn (previous, this, previous, …) so that a change in the machine's speed
  meets both alike, each making `--repeat` reports.
- *fresh process*: `cakupan report 53 <month> --out x.pdf` from process start (Python, Django and
  WeasyPrint start-up included), the chart store emptied before each; the median of 3.
- *batch*: the report batch job of every province and regency with figures as PDF, run by the job worker
  as `cakupan worker` runs it, from an empty chart store, to the zip.

    python -m benchmarks.reports [--postgres URL] [--previous COMMIT] [--rounds 3] [--repeat 5]
                                 [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.checkout import byte_compiled, worktree, worktree_removed
from benchmarks.sections import write_section

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Monev reports with an empty chart store: province PDF and the batch of all regions"
# The commit before the reports were made faster (issue 20 §5): the peer measured beside this version.
PREVIOUS = "fb13bfb4aeb3114588a0042d45a091aeade05b80"
COMMAND = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]
FACTS = """
from cakupan.indicators.library import latest_period
print("FACTS", latest_period())
"""
# Empties the chart store and every chart drawn in the process (both versions have these names); the
# compiled chart layouts of this version stay, as in any process that has made a report before.
COLD = """
from django.core.cache import caches
from cakupan import charts
from cakupan.charts import render
def cold():
    caches["charts"].clear()
    render.cache_clear()
    for name in ("_trend_svg", "_segments_svg", "_compare_svg"):
        getattr(charts, name).cache_clear()
"""
PROVINCE = (
    COLD
    + """
import time
from django.contrib.auth.models import AnonymousUser
from cakupan.indicators.library import latest_period
from cakupan.reports.services import report_render
period = latest_period()
report_render(user=AnonymousUser(), code="52", period=period, fmt="pdf", lang="id")  # the process warmed up
times, cpu = [], []
for _ in range(REPEAT):
    cold()
    started, used = time.perf_counter(), time.process_time()
    report_render(user=AnonymousUser(), code="53", period=period, fmt="pdf", lang="id")
    times.append(time.perf_counter() - started)
    cpu.append(time.process_time() - used)
print("PROVINCE", ",".join(map(str, times)), ",".join(map(str, cpu)))
"""
)
BATCH = (
    COLD
    + """
import resource, threading, time
from cakupan.indicators.library import latest_period
from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
from cakupan.reports.services import BATCH_KIND, batch_params
Job.objects.filter(kind=BATCH_KIND).delete()
cold()
params = batch_params(level="LEVEL", period=latest_period(), fmt="pdf", lang="id")
job, _ = job_enqueue(kind=BATCH_KIND, params=params)
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
started, used = time.perf_counter(), cpu()
worker_run(stop=threading.Event(), once=True)
elapsed = time.perf_counter() - started
used = cpu() - used  # the pool's processes are counted once they have ended, with the zip
job.refresh_from_db()
assert job.status == Job.Status.DONE, job.error
print("BATCH", elapsed, job.total, used)
"""
)


@dataclass
class Row:
    database: str
    version: str
    measure: str
    value: str
    goal: str = "–"


def _env(data: Path, database_url: str | None, tree: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        CAKUPAN_DATA_DIR=str(data),
        CAKUPAN_ENV="test",
        CAKUPAN_SECRET_KEY="benchmark-" + "x" * 40,
        CAKUPAN_SERVE_WORKER="false",
        CAKUPAN_CHART_PREDRAW_LANGUAGES="",
        PYTHONPATH=str(tree),  # the version measured, ahead of the installed (editable) one
    )
    env.pop("CAKUPAN_DATABASE_URL", None)
    if database_url:
        env["CAKUPAN_DATABASE_URL"] = database_url
    return env


def _cakupan(env: dict[str, str], tree: Path, *args: str) -> str:
    done = subprocess.run([*COMMAND, *args], env=env, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cakupan {' '.join(args)[:80]} failed\n{done.stdout}\n{done.stderr[-4000:]}")
    return done.stdout


def _shell(env: dict[str, str], tree: Path, code: str, tag: str) -> list[str]:
    output = _cakupan(env, tree, "manage", "shell", "-c", code)
    return next(line.split()[1:] for line in output.splitlines() if line.startswith(tag + " "))


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def measure(
    database: str,
    data: Path,
    database_url: str | None,
    *,
    versions: dict[str, Path],
    rounds: int,
    repeat: int,
    batch: bool,
    level: str = "semua",
) -> list[Row]:
    print(f"{database}: demo data…", flush=True)
    _cakupan(_env(data, database_url, ROOT), ROOT, "demo", "--no-serve")
    (period,) = _shell(_env(data, database_url, ROOT), ROOT, FACTS, "FACTS")
    rows: list[Row] = []
    samples: dict[str, tuple[list[float], list[float], list[str]]] = {v: ([], [], []) for v in versions}
    for round_ in range(rounds):
        for version, tree in versions.items():
            times, cpu, loads = samples[version]
            loads.append(_load())
            print(f"{database}: {version}: province PDF, round {round_ + 1} (load {loads[-1]})…", flush=True)
            wall, spent = _shell(
                _env(data, database_url, tree), tree, PROVINCE.replace("REPEAT", str(repeat)), "PROVINCE"
            )
            times += [float(t) for t in wall.split(",")]
            cpu += [float(t) for t in spent.split(",")]
    for version, (times, cpu, loads) in samples.items():
        rows.append(
            Row(
                database,
                version,
                "Province Monev report (NTT), PDF, chart store empty: wall (min, max) · CPU, medians of "
                f"{len(times)} in {rounds} processes taken in turn with the other version's "
                f"(load {min(loads)}–{max(loads)})",
                f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f}, "
                f"{max(times) * 1000:.0f}) · CPU {statistics.median(cpu) * 1000:.0f} ms",
                "≤ 1 s",
            )
        )
    fresh: dict[str, tuple[list[float], list[float]]] = {v: ([], []) for v in versions}
    load = _load()
    for _ in range(3):
        for version, tree in versions.items():
            shutil.rmtree(data / "cache" / "charts", ignore_errors=True)
            out = data.parent / "53.pdf"
            started, used = time.perf_counter(), _children_cpu()
            _cakupan(_env(data, database_url, tree), tree, "report", "53", period, "--out", str(out))
            fresh[version][0].append(time.perf_counter() - started)
            fresh[version][1].append(_children_cpu() - used)
    for version, (times, cpu_times) in fresh.items():
        rows.append(
            Row(
                database,
                version,
                f"`cakupan report 53 {period}` from process start, chart store empty "
                f"(median of 3, taken in turn with the other version's; load {load})",
                f"{statistics.median(times):.2f} s · CPU {statistics.median(cpu_times):.2f} s",
            )
        )
    if batch:
        for version, tree in versions.items():
            env = _env(data, database_url, tree)
            load = _load()
            print(f"{database}: {version}: batch of every region (load {load})…", flush=True)
            elapsed, total, cpu_used = _shell(env, tree, BATCH.replace("LEVEL", level), "BATCH")
            seconds, reports = float(elapsed), int(total)
            what = {"semua": "provinces and regencies", "provinsi": "provinces", "kabupaten": "regencies"}
            rows.append(
                Row(
                    database,
                    version,
                    f"Batch of all {reports} {what[level]} as PDF, one zip, chart store empty: wall · CPU of "
                    f"the job and its processes (load {load})",
                    f"{seconds / 60:.1f} min ({seconds / reports:.2f} s a report) · "
                    f"CPU {float(cpu_used) / reports:.2f} s a report",
                    "≤ 2 min" if level == "semua" else "–",
                )
            )
    return rows


def _before(previous: str) -> str:
    """What the default previous commit lacked; another commit is named by its hash alone."""
    if PREVIOUS.startswith(previous) or previous.startswith(PREVIOUS):
        return ", the PDF's charts drawn from Vega-Lite by vl-convert and the batch made on one core"
    return ""


def _section(rows: list[Row], command: str, previous: str) -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    lines = [
        SECTION,
        "",
        f"Written by `{command}` (in `make bench`); measured {time.strftime('%Y-%m-%d %H:%M %Z')} on "
        f"{os.cpu_count()} cores ({cpu}, {memory} of memory), shared with other work (the load average "
        f"when each measure began is given). *previous*: commit {previous[:10]}{_before(previous)}; "
        "*this version*: the charts drawn from each layout's compiled Vega and embedded in fewer SVG nodes, "
        "their point marks as dots (`cakupan/reports/svgprint.py`), SVG text of one position laid out as "
        "one run (`cakupan/reports/svgtext.py`), cyclic garbage collection paused while WeasyPrint works, "
        "each scorecard made once a batch, the figures version and the dated configuration read once a "
        "report, the tables laid out from fixed shares of the width and the ranking's shared denominator "
        "said once, the batch's PDFs written by a pool of 2 processes (`cakupan/reports/printing.py`); a "
        "command's process imports neither django-ninja nor pydantic at start and ends without the "
        "interpreter's collector passes (`cakupan/cli/__init__.py`). Both versions byte-compiled "
        "(`benchmarks/checkout.py`). How: `benchmarks/reports.py`.",
        "",
        "| database | version | measure | result | goal |",
        "|---|---|---|---:|---|",
    ]
    lines += [f"| {r.database} | {r.version} | {r.measure} | {r.value} | {r.goal} |" for r in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument("--previous", default=PREVIOUS, help="the commit measured beside this tree")
    parser.add_argument("--rounds", type=int, default=3, help="processes of each version, in turn")
    parser.add_argument("--repeat", type=int, default=5, help="reports each process makes")
    parser.add_argument("--no-batch", action="store_true", help="the single reports only")
    parser.add_argument("--sqlite-batch-only", action="store_true", help="the batch on SQLite only")
    parser.add_argument("--level", choices=["semua", "provinsi", "kabupaten"], default="semua")
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        previous = Path(tmp) / "previous"
        worktree(args.previous, previous)
        byte_compiled(ROOT)
        versions = {"previous": previous, "this version": ROOT}
        try:
            rows += measure(
                "SQLite",
                Path(tmp) / "sqlite" / "data",
                None,
                versions=versions,
                rounds=args.rounds,
                repeat=args.repeat,
                batch=not args.no_batch,
                level=args.level,
            )
            for row in rows:
                print(f"{row.database:10} {row.version:12} {row.measure[:100]:100} {row.value}", flush=True)
            if args.postgres:
                from benchmarks.run import _postgres_database

                url, admin = _postgres_database(args.postgres)
                try:
                    found = measure(
                        "PostgreSQL",
                        Path(tmp) / "pg" / "data",
                        url,
                        versions=versions,
                        rounds=args.rounds,
                        repeat=args.repeat,
                        batch=not args.no_batch and not args.sqlite_batch_only,
                        level=args.level,
                    )
                    for row in found:
                        print(f"{row.database:10} {row.version:12} {row.measure[:100]:100} {row.value}")
                    rows += found
                finally:
                    import psycopg

                    with psycopg.connect(admin, autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        finally:
            worktree_removed(previous)
    if args.markdown:
        command = " ".join(["python -m benchmarks.reports", *sys.argv[1:]])
        write_section(args.markdown, "reports", _section(rows, command, args.previous))
        print(f"written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
