"""`make bench`: measure the import and page timings the issues set goals for, and write
docs/benchmarks.md. Runs on an embedded SQLite database in a temporary folder, and again on PostgreSQL
when CAKUPAN_TEST_POSTGRES_URL (or --postgres URL) names a server where it may create databases."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.checkout import byte_compiled
from benchmarks.sections import kept_sections

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "benchmarks.md"


@dataclass
class Result:
    database: str
    measure: str
    value: str
    goal: str


def _child(database_url: str | None, data_dir: Path, only: list[str]) -> list[Result]:
    """Run the measurements in a child process whose settings point at the database under test."""
    env = dict(os.environ, CAKUPAN_DATA_DIR=str(data_dir), CAKUPAN_ENV="test", PYTHONPATH=str(ROOT))
    env.pop("CAKUPAN_DATABASE_URL", None)
    if database_url:
        env["CAKUPAN_DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", *only],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark failed:\n{done.stdout}\n{done.stderr}")
    results = []
    for line in done.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _tag, measure, value, goal = line.split("\t")
            results.append(Result("PostgreSQL" if database_url else "SQLite", measure, value, goal))
    return results


def _postgres_database(url: str) -> tuple[str, str]:
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"cakupan_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), admin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    byte_compiled(ROOT)  # as installed: no process compiles the package (benchmarks.checkout)
    parser.add_argument("--postgres", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument(
        "--only",
        choices=["load"],
        help="only the load test (with the demo data it needs); printed, docs/benchmarks.md left as it is",
    )
    args = parser.parse_args()
    only = [args.only] if args.only else []
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite…", flush=True)
        results += _child(None, Path(tmp) / "sqlite", only)
        if args.postgres:
            print("PostgreSQL…", flush=True)
            url, admin = _postgres_database(args.postgres)
            try:
                results += _child(url, Path(tmp) / "postgres", only)
            finally:
                import psycopg

                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    if not only:
        _write(results)
    for r in results:
        print(f"{r.database:11} {r.measure:60} {r.value:>12}   goal {r.goal}")
    if not only:
        print(f"written to {OUTPUT.relative_to(ROOT)}")
    return 0


def _write(results: list[Result]) -> None:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); do not edit by hand. Timings are wall-clock,",
        "measured on a fresh database in a temporary folder; tests never assert on time.",
        "",
        f"- Measured: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}",
        "",
        "| database | measure | result | goal |",
        "|---|---|---:|---|",
    ]
    lines += [f"| {r.database} | {r.measure} | {r.value} | {r.goal} |" for r in results]
    lines += [
        "",
        "How each figure is measured (`benchmarks/measure.py`):",
        "",
        "- *Import*: a participation CSV of 100,000 rows (514 regencies × 8 segment/status × months),",
        "  validated and committed with `validate_file` + `import_commit` — the code behind",
        "  `cakupan import` and the upload page — including the rollup to provinces and national.",
        "  Three files for disjoint months, each into the same database; the median is reported.",
        "- *Employers*: `benchmarks.employers.employers_file(100_000)` (simulated employers across the 514",
        "  regencies, about a third not compliant) through `employers_import` — validation, storage and",
        "  the PDS/PWBD detection — as `cakupan import employers` runs it.",
        "- *Demo load*: `demo_load()` — generating and importing 36 months of simulated data for all",
        "  514 regencies (about 160,000 rows in three files).",
        "- *Page server time*: the full demo data; the page requested 50 times through Django's test",
        "  client after 3 warm-up requests (no network, no browser): the time the server spends.",
        "- *Load*: the production server (gunicorn, cores + 1 process workers of 2 threads, as",
        "  docs/operations.md sets it up) with the full demo data; locust runs 20 clients",
        "  on loopback for 60 s, each reading a random regency page followed by its charts (the HTMX",
        "  request a browser makes after the page), or the national page in map view, 0.5–2 s apart.",
        "  The server-side time is the `Server-Timing` header each response carries (application time,",
        "  without the network or the server's queue). Run twice: the pages alone, and the pages with the",
        "  chart requests a browser sends after each regency page (random regencies).",
        "- *Charts drawn ahead*: a job that draws the trend and segment charts of the nation, each",
        "  province and each regency for the latest month into the chart store (on disk, shared by all",
        "  server processes) — queued after every import when CAKUPAN_CHART_PREDRAW_LANGUAGES names",
        "  languages (off by default since the browser draws the pages' charts, ADR 0007). Measured here by",
        "  queuing and running it after the demo load, before the load test. The load test's chart requests",
        "  get the charts the browser draws; `benchmarks.charts` (its section below) compares the ways.",
        "- *Reports*: `report_render` (what the download button, the API and `cakupan report` call) for",
        "  every 25th regency, after one warm-up report; then the batch job of all provinces and",
        "  regencies with figures, run by one worker in this process, until its zip is written.",
        "",
    ]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(lines) + kept_sections(OUTPUT), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
