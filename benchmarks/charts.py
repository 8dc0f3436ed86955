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

With `--pages REV` it measures the pages themselves, before and after: the versions of git revisions REV
and `--after` (HEAD by default), each checked out in a temporary worktree, one after the other on the same
data (built by the version after), each with the charts drawn in the browser and cold. Besides the times
under load it gives what the machine's other work inflates less: the server processes' CPU per request
during the load, and the CPU a page costs read in one process, one reader, for 30 regencies each read
for the first time (so nothing of theirs is cached). Its own section of docs/benchmarks.md ("pages").

    python -m benchmarks.charts --pages REV [--after REV] [--postgres URL] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.checkout import worktree, worktree_removed
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


def _cakupan(env: dict[str, str], *args: str, source: Path = ROOT) -> str:
    """A cakupan command of the version in `source` (this one by default)."""
    env = {**env, "PYTHONPATH": str(source)}
    done = subprocess.run([*COMMAND, *args], env=env, cwd=source, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cakupan {' '.join(args)[:80]} failed\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _tagged(output: str, tag: str) -> list[str]:
    return next(line.split()[1:] for line in output.splitlines() if line.startswith(tag + " "))


@contextmanager
def _server(
    env: dict[str, str], extra: dict[str, str], log: Path, source: Path = ROOT
) -> Iterator[tuple[str, int]]:
    """gunicorn as docs/operations.md runs it, static files served compressed (benchmarks.static_settings)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "python:cakupan.ops.gunicorn_conf",
            # Readers wait up to 2 s between pages, as long as gunicorn keeps an idle connection open by
            # default: a reader's next page could meet the server closing it ("Connection reset by peer").
            # In production nginx holds the readers' connections (docs/operations.md); here the readers
            # talk to gunicorn, which keeps theirs longer than they wait.
            "--keep-alive",
            "5",
            "cakupan.wsgi",
        ],
        env={
            **env,
            **extra,
            "CAKUPAN_BIND": f"127.0.0.1:{port}",
            "CAKUPAN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "benchmarks.static_settings",
            "PYTHONPATH": str(source),
        },
        cwd=source,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: its workers can be ended with it
    )
    try:
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a machine too busy for gunicorn to stop its workers in time
            os.killpg(server.pid, signal.SIGKILL)  # the master and its workers, none left behind
            server.wait(timeout=30)


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and every process under it, and of the children it has
    already reaped (gunicorn's master and its workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = text.rsplit(")", 1)[1].split()
    tree, changed = {pid}, True
    while changed:
        below = {p for p, fields in stats.items() if int(fields[1]) in tree} - tree
        changed = bool(below)
        tree |= below
    total = 0
    for p in tree & stats.keys():
        fields = stats[p]
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if p == pid:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: workers that have ended
    return total / ticks


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
    env: dict[str, str],
    base_url: str,
    *,
    period: str,
    regencies: str,
    users: int,
    seconds: int,
    server_pid: int | None = None,
) -> dict[str, Any]:
    _warm(base_url, period)
    cpu_before = _tree_cpu(server_pid) if server_pid else 0.0
    load_before = os.getloadavg()[0]
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
    result["load"] = load_before
    result["load_end"] = os.getloadavg()[0]
    if server_pid:
        result["server_cpu"] = _tree_cpu(server_pid) - cpu_before
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
    for error, count in Counter(result["errors"]).most_common():  # what they were, in the run's output
        print(f"{database}: {approach}: error ×{count}: {error}", flush=True)
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
        with _server(env, extra, log) as (base_url, _pid):
            result = _load(env, base_url, period=period, regencies=regencies, users=users, seconds=seconds)
            rows += _load_rows(database, approach, result, users, seconds)
            if approach != "server, cold":
                print(f"{database}: {approach}: phone…", flush=True)
                rows.append(_phone_row(database, approach, _phone(base_url, phone_address)))
    return rows


PAGES_SECTION = "## Regency and national pages under 20 readers, before and after (issue 20 §4)"
# A page's cost in one process and one reader (process time: what the machine's other work inflates least):
# 30 regencies, each read for the first time (nothing of theirs cached; the national page and the month's
# shared figures warm, as on a running server), then the national page, warm, 20 times.
PAGES_CPU = """
import statistics, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from cakupan.indicators.library import latest_period
from cakupan.regions.models import Region
period = latest_period()
client = Client(HTTP_HOST="127.0.0.1")
def read(address, **headers):
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(address, **headers)
        spent = (time.process_time() - cpu) * 1000, (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (address, response.status_code)
    return (*spent, len(queries.captured_queries))
for _ in range(3):
    read(f"/?periode={period}")
    read(f"/wilayah/53.71/?periode={period}")
codes = list(Region.objects.filter(level=2).order_by("code").values_list("code", flat=True))[1::17][:30]
# The charts' request after the page, served by another server process (two times in three with
# gunicorn's 3 workers): this process's own cache emptied for it, then given back.
def charts_elsewhere(code):
    read(f"/wilayah/{code}/?periode={period}")
    kept = dict(cache._cache), dict(cache._expire_info)
    cache.clear()
    try:
        return read(f"/wilayah/{code}/?periode={period}&bagian=grafik", HTTP_HX_REQUEST="true")
    finally:
        cache._cache.update(kept[0])
        cache._expire_info.update(kept[1])
regency = [read(f"/wilayah/{code}/?periode={period}") for code in codes]
national = [read(f"/?periode={period}") for _ in range(20)]
others = list(Region.objects.filter(level=2).order_by("code").values_list("code", flat=True))[2::17][:30]
elsewhere = [charts_elsewhere(code) for code in others]
for name, found in (("regency", regency), ("national", national), ("charts", elsewhere)):
    cpu, wall, queries = zip(*found)
    ordered = sorted(cpu)
    print("PAGECPU", name, statistics.median(cpu), ordered[int(len(ordered) * 0.95 + 0.5) - 1],
          statistics.median(wall), statistics.median(queries), len(found))
"""


def measure_pages(
    database: str,
    data: Path,
    database_url: str | None,
    *,
    versions: list[tuple[str, Path]],
    users: int,
    seconds: int,
) -> list[Row]:
    """Each version's pages, one after the other on the same data (built by the last version), charts drawn
    in the browser and cold: in one process, then under `users` readers, then on a phone."""
    env = {**_env(data, database_url), "CAKUPAN_CHARTS_IN_BROWSER": "true"}
    log = data.parent / f"{database}-server.log"
    print(f"{database}: demo data…", flush=True)
    _cakupan(env, "demo", "--no-serve", source=versions[-1][1])
    period, regencies = _tagged(
        _cakupan(env, "manage", "shell", "-c", FACTS, source=versions[-1][1]), "FACTS"
    )
    phone_address = f"/wilayah/53.71/?periode={period}"
    rows: list[Row] = []
    for label, source in versions:
        # Each version's own static files (charts.js and how the page loads it may differ); cleared first, as
        # collectstatic keeps a file whose copy is newer than its source, as a new worktree's files are.
        _cakupan(env, "manage", "collectstatic", "--noinput", "--clear", "--verbosity", "0", source=source)
        load = os.getloadavg()[0]
        print(f"{database}: {label}: one reader (load {load:.1f})…", flush=True)
        for line in _cakupan(env, "manage", "shell", "-c", PAGES_CPU, source=source).splitlines():
            if line.startswith("PAGECPU "):
                _tag, name, cpu, cpu95, wall, queries, count = line.split()
                what = {
                    "regency": f"regency page, one reader in one process, {count} regencies each read for "
                    "the first time",
                    "national": f"national page, one reader in one process, warm ({count} reads)",
                    "charts": f"regency charts right after the page, served by another process ({count} "
                    "regencies, each read for the first time)",
                }[name]
                rows.append(
                    Row(
                        database,
                        label,
                        f"{what}: CPU median / p95 · wall median · queries (load {load:.1f})",
                        f"{float(cpu):.0f} / {float(cpu95):.0f} ms · {float(wall):.0f} ms · "
                        f"{float(queries):.0f}",
                    )
                )
        shutil.rmtree(data / "cache" / "charts", ignore_errors=True)  # an empty chart store
        print(
            f"{database}: {label}: {users} readers for {seconds} s (load {os.getloadavg()[0]:.1f})…",
            flush=True,
        )
        with _server(env, {}, log, source) as (base_url, pid):
            result = _load(
                env,
                base_url,
                period=period,
                regencies=regencies,
                users=users,
                seconds=seconds,
                server_pid=pid,
            )
            rows += _load_rows(database, label, result, users, seconds)
            served = sum(len(v) for v in result["client"].values())
            if served:
                rows.append(
                    Row(
                        database,
                        label,
                        f"{users} readers: the server's CPU per request, pages and charts together "
                        f"({served} requests; load average {result['load']:.1f} at the start, "
                        f"{result['load_end']:.1f} at the end)",
                        f"{result['server_cpu'] * 1000 / served:.0f} ms",
                    )
                )
                rows.append(_bound_row(database, label, result, served, users=users, seconds=seconds))
                # What each write to the chart store listed with Django's file cache (its whole folder).
                stored = len(list((data / "cache" / "charts").glob("*.djcache")))
                rows.append(
                    Row(database, label, f"{users} readers: files in the chart store at the end", f"{stored}")
                )
            print(f"{database}: {label}: phone…", flush=True)
            rows.append(_phone_row(database, label, _phone(base_url, phone_address)))
        for row in rows:  # as they come: a run that fails later keeps them
            if row.approach == label:
                print(f"{row.database:10} {row.approach:20} {row.measure[:100]:100} {row.value}", flush=True)
    return rows


def _bound_row(
    database: str, label: str, result: dict[str, Any], served: int, *, users: int, seconds: int
) -> Row:
    """What the CPU per request allows on this machine's cores: if every reader asks at once, the last
    answer waits for all the others' CPU (`users` × CPU per request / cores); and the share of the cores
    the readers' requests needed over the run (a queue grows as that nears 100 %, whatever else runs)."""
    cores = os.cpu_count() or 1
    per_request = result["server_cpu"] / served
    return Row(
        database,
        label,
        f"{users} readers: the wait when all ask at once ({users} × CPU per request / {cores} cores); the "
        f"share of the {cores} cores their {served} requests in {seconds} s needed",
        f"{users * per_request * 1000 / cores:.0f} ms; {result['server_cpu'] / seconds / cores * 100:.0f} %",
    )


def _pages_section(rows: list[Row], command: str, versions: list[tuple[str, Path]]) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    lines = [
        PAGES_SECTION,
        "",
        f"Written by `{command}`; measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {os.cpu_count()} cores "
        f"({cpu}), shared with other work: the load average is given with each measure, and the CPU "
        "figures are what that work inflates least. The versions ran one after the other on the same data "
        f"({', '.join(label for label, _ in versions)}); charts drawn in the browser, none drawn ahead. How: "
        "`benchmarks/charts.py` (`measure_pages`).",
        "",
        "| database | version | measure | result | goal |",
        "|---|---|---|---:|---|",
    ]
    lines += [f"| {r.database} | {r.approach} | {r.measure} | {r.value} | {r.goal} |" for r in rows]
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--pages", metavar="REV", help="the pages before (git revision REV) and after")
    parser.add_argument("--after", metavar="REV", default="HEAD", help="with --pages: the version after")
    parser.add_argument("--no-sqlite", action="store_true", help="with --pages: PostgreSQL only")
    args = parser.parse_args()
    if args.pages:
        return _main_pages(args)
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


def _main_pages(args: argparse.Namespace) -> int:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        # Both versions from commits, so that work in the tree meanwhile changes neither.
        before, after = Path(tmp) / "before", Path(tmp) / "after"
        commit, now = worktree(args.pages, before), worktree(args.after, after)
        try:
            versions = [(f"before ({commit})", before), (f"this version ({now})", after)]
            if not (args.no_sqlite and args.postgres):
                rows += measure_pages(
                    "SQLite",
                    Path(tmp) / "sqlite" / "data",
                    None,
                    versions=versions,
                    users=args.users,
                    seconds=args.seconds,
                )
            if args.postgres:
                from benchmarks.run import _postgres_database

                url, admin = _postgres_database(args.postgres)
                try:
                    rows += measure_pages(
                        "PostgreSQL",
                        Path(tmp) / "pg" / "data",
                        url,
                        versions=versions,
                        users=args.users,
                        seconds=args.seconds,
                    )
                finally:
                    import psycopg

                    with psycopg.connect(admin, autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        finally:
            for folder in (before, after):
                worktree_removed(folder)
    for row in rows:
        print(f"{row.database:10} {row.approach:20} {row.measure[:100]:100} {row.value}")
    if args.markdown:
        command = f"python -m benchmarks.charts --pages {args.pages} --after {now}" + (
            f" --seconds {args.seconds}" if args.seconds != 60 else ""
        )
        write_section(
            args.markdown, "pages", _pages_section(rows, command + " --markdown docs/benchmarks.md", versions)
        )
        print(f"written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
