"""Region pages and their charts, as readers wait for them (issue 20 §4, docs/adr/0007-charts-in-the-page.md).

On the full simulated demo data, for SQLite and (with --postgres or CAKUPAN_TEST_POSTGRES_URL) PostgreSQL,
the production server (gunicorn, docs/operations.md) is read by 20 clients for 60 s: a random regency's
page then its charts (the request HTMX makes after the page), or the national page then its charts. Three
ways of drawing the charts, one after the other on the same data, each from an empty chart store:

- *browser, cold* (this version): the server sends each chart's compiled Vega; nothing drawn ahead.
- *server, drawn ahead* (the previous version, the peer): the server draws SVG with vl-convert, and the
  job worker drew every region's charts after the import (timed here) before the readers come.
- *server, cold*: the server draws SVG on request, nothing drawn ahead (why drawing ahead was needed).

Server time is each response's `Server-Timing` (the application's time, without the queue); client time
is what the reader waited on loopback (queueing included). Then a phone: headless Chromium at 390 × 844
with Lighthouse's "Slow 4G" profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and a 4× slower
CPU opens a regency page with an empty cache: the time from navigation to the first chart on screen and
the bytes of script it loads (static files served compressed, as collectstatic prepares them).

    python -m benchmarks.charts [--postgres URL] [--seconds 60] [--users 20] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.sections import write_section

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Region pages and their charts: 20 readers, and a phone"
COMMAND = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]
CHROMIUM = os.environ.get("CAKUPAN_CHROMIUM", "/usr/bin/chromium")
# Lighthouse's mobile throttling ("Slow 4G" and a 4× slower CPU).
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
PHONE_CPU_SLOWDOWN = 4
PHONE_VISITS = 3
APPROACHES = {
    "browser, cold": {"CAKUPAN_CHARTS_IN_BROWSER": "true"},
    "server, drawn ahead": {"CAKUPAN_CHARTS_IN_BROWSER": "false"},
    "server, cold": {"CAKUPAN_CHARTS_IN_BROWSER": "false"},
}
GOALS = {"regency page": "p95 ≤ 100 ms", "national page": "p95 ≤ 100 ms"}
PREDRAW = """
import threading, time
from cakupan.dashboards.predraw import KIND, predraw_params
from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
job_enqueue(kind=KIND, params=predraw_params())
started = time.perf_counter()
worker_run(stop=threading.Event(), once=True)
job = Job.objects.filter(kind=KIND).order_by("-pk").first()
assert job is not None and job.status == Job.Status.DONE, job and job.error
print("PREDRAW", time.perf_counter() - started, job.total)
"""
FACTS = """
from cakupan.indicators.library import latest_period
from cakupan.regions.models import Region
print("FACTS", latest_period(), ",".join(Region.objects.filter(level=2).values_list("code", flat=True)))
"""
# The CPU a regency's two charts cost the server when cold (process time: what the machine's other work
# does not inflate), both ways, over 30 regencies; the layouts of the browser's charts compiled first (once
# per server process).
CPU = """
import statistics, time
from django.core.cache import caches
from django.utils import translation
from cakupan import charts
from cakupan.dashboards.visuals import region_charts
from cakupan.indicators import library
from cakupan.regions.models import Region
period = library.latest_period()
codes = list(Region.objects.filter(level=2).order_by("code").values_list("code", flat=True))[::17][:30]
pages = []
for code in codes:
    indicators = library.region_indicators(code, period)
    if indicators is not None:
        pages.append((Region.objects.get(code=code), library.trend(code, period, 36), indicators.ucj_target))
memory = (charts._trend_chart, charts._segments_chart, charts._trend_svg, charts._segments_svg)
with translation.override("id"):
    region_charts(*pages[0], browser=True)
    for browser in (True, False):
        spent = []
        for region, trend, ucj in pages:
            caches["charts"].clear()  # the chart store and this process's charts; not the compiled layouts
            for kept in (memory):
                kept.cache_clear()
            charts.render.cache_clear()
            started = time.process_time()
            region_charts(region, trend, ucj, browser=browser)
            spent.append((time.process_time() - started) * 1000)
        print("CPU", "browser" if browser else "server", statistics.median(spent), max(spent), len(spent))
"""
# Runs before the page's own scripts (Playwright adds it outside the page's policy): the time the first
# chart is in the page, whoever drew it.
FIRST_CHART = """
window.__firstChart = null;
new MutationObserver(function (changes, observer) {
  if (document.querySelector("svg.chart")) { window.__firstChart = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


@dataclass
class Row:
    database: str
    approach: str
    measure: str
    value: str
    goal: str = "–"


def _env(data: Path, database_url: str | None) -> dict[str, str]:
    env = dict(
        os.environ,
        CAKUPAN_DATA_DIR=str(data),
        CAKUPAN_ENV="test",
        CAKUPAN_SECRET_KEY=secrets.token_hex(32),
        CAKUPAN_SERVE_WORKER="false",
        CAKUPAN_CHART_PREDRAW_LANGUAGES="",
        PYTHONPATH=str(ROOT),
    )
    env.pop("CAKUPAN_DATABASE_URL", None)
    if database_url:
        env["CAKUPAN_DATABASE_URL"] = database_url
    return env


def _cakupan(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*COMMAND, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cakupan {' '.join(args)[:80]} failed\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _tagged(output: str, tag: str) -> list[str]:
    return next(line.split()[1:] for line in output.splitlines() if line.startswith(tag + " "))


@contextmanager
def _server(env: dict[str, str], extra: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn as docs/operations.md runs it, static files served compressed (benchmarks.static_settings)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "python:cakupan.ops.gunicorn_conf",
            "cakupan.wsgi",
        ],
        env={
            **env,
            **extra,
            "CAKUPAN_BIND": f"127.0.0.1:{port}",
            "CAKUPAN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "benchmarks.static_settings",
        },
        cwd=ROOT,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _warm(base_url: str, period: str) -> None:
    """The pages' own caches warmed in every server process, as on a server that has been running since
    the import; the charts stay cold (never asked for here)."""
    import urllib.request

    for _ in range(12):
        for address in ("/", "/wilayah/53/", "/wilayah/53.71/"):
            with urllib.request.urlopen(f"{base_url}{address}?periode={period}", timeout=300) as response:  # noqa: S310
                response.read()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def _load(
    env: dict[str, str], base_url: str, *, period: str, regencies: str, users: int, seconds: int
) -> dict[str, Any]:
    _warm(base_url, period)
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(Path(__file__).with_name("charts_locustfile.py")),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                base_url,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **env,
                "CAKUPAN_BENCH_TIMINGS": str(timings),
                "CAKUPAN_BENCH_PERIOD": period,
                "CAKUPAN_BENCH_REGENCIES": regencies,
            },
            cwd=ROOT,
            check=False,
            capture_output=True,
            timeout=seconds + 120,
        )
        result: dict[str, Any] = json.loads(timings.read_text())
        return result


def _load_rows(database: str, approach: str, result: dict[str, Any], users: int, seconds: int) -> list[Row]:
    rows = []
    for name in ("regency page", "regency charts", "national page", "national charts"):
        server, client = result["server"].get(name, []), result["client"].get(name, [])
        if not server:
            continue
        rows.append(
            Row(
                database,
                approach,
                f"{users} readers, {seconds} s: {name} ({len(server)} requests), "
                "server p50 / p95 · client p50 / p95",
                f"{statistics.median(server):.0f} / {_percentile(server, 0.95):.0f} ms · "
                f"{statistics.median(client):.0f} / {_percentile(client, 0.95):.0f} ms",
                GOALS.get(name, "–"),
            )
        )
    rows.append(
        Row(
            database,
            approach,
            f"{users} readers: errors (machine's load average at the start)",
            f"{len(result['errors'])} ({result['load']:.1f})",
            "0",
        )
    )
    return rows


def _phone(base_url: str, address: str) -> dict[str, float]:
    """A phone's first visit (empty cache) to a page, `PHONE_VISITS` times: medians."""
    from playwright.sync_api import sync_playwright

    first_chart, scripts_wire, scripts_body, pages = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            for _ in range(PHONE_VISITS):
                context = browser.new_context(
                    viewport={"width": 390, "height": 844},
                    device_scale_factor=3,
                    is_mobile=True,
                    has_touch=True,
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
                page.add_init_script(FIRST_CHART)
                page.goto(base_url + address, wait_until="load", timeout=120_000)
                page.locator("svg.chart").first.wait_for(timeout=120_000)
                page.wait_for_load_state("networkidle")
                measured = page.evaluate(
                    """() => {
                      const resources = performance.getEntriesByType('resource');
                      const scripts = resources.filter(e => e.initiatorType === 'script');
                      const nav = performance.getEntriesByType('navigation')[0];
                      return {
                        first: window.__firstChart,
                        wire: scripts.reduce((s, e) => s + e.transferSize, 0),
                        body: scripts.reduce((s, e) => s + e.decodedBodySize, 0),
                        page: nav.transferSize + resources.filter(e => e.initiatorType !== 'script')
                              .reduce((s, e) => s + e.transferSize, 0),
                      };
                    }"""
                )
                first_chart.append(measured["first"])
                scripts_wire.append(measured["wire"])
                scripts_body.append(measured["body"])
                pages.append(measured["page"])
                context.close()
        finally:
            browser.close()
    return {
        "first_chart": statistics.median(first_chart),
        "scripts_wire": statistics.median(scripts_wire),
        "scripts_body": statistics.median(scripts_body),
        "other_wire": statistics.median(pages),
    }


def _phone_row(database: str, approach: str, phone: dict[str, float]) -> Row:
    return Row(
        database,
        approach,
        f"Phone (Slow 4G, CPU ÷{PHONE_CPU_SLOWDOWN}, empty cache), regency page: first chart on screen "
        f"(median of {PHONE_VISITS}); script bytes over the wire (unpacked); other bytes",
        f"{phone['first_chart'] / 1000:.2f} s; {phone['scripts_wire'] / 1024:.0f} KB "
        f"({phone['scripts_body'] / 1024:.0f} KB); {phone['other_wire'] / 1024:.0f} KB",
    )


def measure(database: str, data: Path, database_url: str | None, *, users: int, seconds: int) -> list[Row]:
    env = _env(data, database_url)
    log = data.parent / f"{database}-server.log"
    print(f"{database}: demo data…", flush=True)
    _cakupan(env, "demo", "--no-serve")
    _cakupan(env, "manage", "collectstatic", "--noinput", "--verbosity", "0")
    period, regencies = _tagged(_cakupan(env, "manage", "shell", "-c", FACTS), "FACTS")
    phone_address = f"/wilayah/53.71/?periode={period}"
    rows: list[Row] = []
    for line in _cakupan(env, "manage", "shell", "-c", CPU).splitlines():
        if line.startswith("CPU "):
            _tag, how, median, most, count = line.split()
            approach = "browser, cold" if how == "browser" else "server, cold"
            rows.append(
                Row(
                    database,
                    approach,
                    f"Server CPU for a regency's two charts, nothing cached (median, max; {count} regencies)",
                    f"{float(median):.1f} ms (max {float(most):.1f} ms)",
                )
            )
    for approach, extra in APPROACHES.items():
        shutil.rmtree(data / "cache" / "charts", ignore_errors=True)  # an empty chart store
        if approach == "server, drawn ahead":
            seconds_taken, pages = _tagged(
                _cakupan({**env, "CAKUPAN_CHART_PREDRAW_LANGUAGES": "id"}, "manage", "shell", "-c", PREDRAW),
                "PREDRAW",
            )
            rows.append(
                Row(
                    database,
                    approach,
                    f"Charts drawn ahead by the job worker after the import ({pages} region pages)",
                    f"{float(seconds_taken):.0f} s",
                )
            )
        print(
            f"{database}: {approach}: {users} readers for {seconds} s (load {os.getloadavg()[0]:.1f})…",
            flush=True,
        )
        with _server(env, extra, log) as base_url:
            load = os.getloadavg()[0]
            result = _load(env, base_url, period=period, regencies=regencies, users=users, seconds=seconds)
            result["load"] = load
            rows += _load_rows(database, approach, result, users, seconds)
            if approach != "server, cold":
                print(f"{database}: {approach}: phone…", flush=True)
                rows.append(_phone_row(database, approach, _phone(base_url, phone_address)))
    return rows


def _section(rows: list[Row], command: str) -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    lines = [
        SECTION,
        "",
        f"Written by `{command}` (in `make bench`); measured {time.strftime('%Y-%m-%d %H:%M %Z')} on "
        f"{os.cpu_count()} cores ({cpu}), shared with other work. How: `benchmarks/charts.py`; the choice it "
        "informs: docs/adr/0007-charts-in-the-page.md.",
        "",
        "| database | charts drawn | measure | result | goal |",
        "|---|---|---|---:|---|",
    ]
    lines += [f"| {r.database} | {r.approach} | {r.measure} | {r.value} | {r.goal} |" for r in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += measure("SQLite", Path(tmp) / "sqlite" / "data", None, users=args.users, seconds=args.seconds)
        if args.postgres:
            from benchmarks.run import _postgres_database

            url, admin = _postgres_database(args.postgres)
            try:
                rows += measure(
                    "PostgreSQL", Path(tmp) / "pg" / "data", url, users=args.users, seconds=args.seconds
                )
            finally:
                import psycopg

                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    for row in rows:
        print(f"{row.database:10} {row.approach:20} {row.measure[:90]:90} {row.value}")
    if args.markdown:
        command = "python -m benchmarks.charts" + (f" --seconds {args.seconds}" if args.seconds != 60 else "")
        write_section(args.markdown, "charts", _section(rows, command + " --markdown docs/benchmarks.md"))
        print(f"written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
