"""The measurements, run inside a process whose settings point at the database under test."""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.workloads import participation_csv  # noqa: E402
from cakupan.imports.models import ImportBatch  # noqa: E402
from cakupan.imports.services import import_commit  # noqa: E402
from cakupan.imports.validation import validate_file  # noqa: E402
from cakupan.indicators.library import latest_period  # noqa: E402
from cakupan.regions.services import regions_load_master  # noqa: E402


def report(measure: str, value: str, goal: str) -> None:
    print(f"RESULT\t{measure}\t{value}\t{goal}", flush=True)


def import_100k() -> None:
    times = []
    for end in ("2010-12", "2012-12", "2014-12"):
        content = participation_csv(100_000, end=end)
        started = time.perf_counter()
        validation = validate_file(dataset_name="participation", file_name="p.csv", content=content)
        assert validation.ok and len(validation.rows) == 100_000
        batch, _plan = import_commit(validation=validation, by=None, source=ImportBatch.Source.CLI)
        assert batch is not None
        times.append(time.perf_counter() - started)
    report(
        "Import 100,000-row participation CSV, validation included (median of 3)",
        f"{statistics.median(times):.2f} s",
        "≤ 5 s",
    )


def employers_100k() -> None:
    """Issue 5: an employers file of 100,000 rows imported and the detection rules run on it."""
    from benchmarks.employers import employers_file
    from cakupan.compliance.services import employers_import

    content = employers_file(100_000)
    started = time.perf_counter()
    outcome = employers_import(file_name="employers.csv", content=content)
    elapsed = time.perf_counter() - started
    assert outcome.stored, [p.as_dict() for p in outcome.validation.problems[:3]]
    report(
        f"Import 100,000-row employers CSV and run detection ({outcome.findings:,} findings)",
        f"{elapsed:.1f} s",
        "≤ 10 s",
    )


def demo() -> None:
    from cakupan.demo.load import demo_load

    started = time.perf_counter()
    demo_load()
    report(
        "Demo load: 36 months × 514 regencies (~161,000 rows)", f"{time.perf_counter() - started:.1f} s", "–"
    )


def predraw() -> None:
    """The chart drawing that each import queues, run by the job worker as `cakupan serve` would."""
    import threading

    from django.test import override_settings

    from cakupan.dashboards.predraw import KIND, predraw_params
    from cakupan.jobs.models import Job
    from cakupan.jobs.services import job_enqueue
    from cakupan.jobs.worker import worker_run

    # Off by default since the browser draws the pages' charts (ADR 0007); asked for here, as a site
    # setting CAKUPAN_CHART_PREDRAW_LANGUAGES=id would have it queued after the demo load.
    with override_settings(CAKUPAN_CHART_PREDRAW_LANGUAGES=["id"]):
        job_enqueue(kind=KIND, params=predraw_params())
    started = time.perf_counter()
    worker_run(stop=threading.Event(), once=True)
    elapsed = time.perf_counter() - started
    job = Job.objects.filter(kind=KIND).order_by("-pk").first()
    assert job is not None and job.status == Job.Status.DONE, job and job.error
    report(
        f"Charts drawn ahead by the job worker after the demo load ({job.total} region pages, 2 charts each)",
        f"{elapsed:.0f} s",
        "–",
    )


def reports() -> None:
    """One report at a time, as the download button and `cakupan report` make it; then the whole batch of
    provinces and regencies as the job worker makes it (charts already drawn, as after an import)."""
    import threading

    from django.contrib.auth.models import AnonymousUser

    from cakupan.jobs.models import Job
    from cakupan.jobs.services import job_enqueue
    from cakupan.jobs.worker import worker_run
    from cakupan.reports.services import BATCH_KIND, batch_params, batch_regions, report_render

    period = latest_period()
    assert period is not None
    regencies = batch_regions("kabupaten", period)[::25]  # 21 regencies across the country
    for fmt, label in (("pdf", "PDF"), ("xlsx", "XLSX")):
        report_render(user=AnonymousUser(), code=regencies[0], period=period, fmt=fmt, lang="id")  # warm-up
        times = []
        for code in regencies:
            started = time.perf_counter()
            report_render(user=AnonymousUser(), code=code, period=period, fmt=fmt, lang="id")
            times.append(time.perf_counter() - started)
        report(
            f"Regency Monev report, {label} (median of {len(times)} regencies)",
            f"{statistics.median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f} ms)",
            "≤ 1 s" if fmt == "pdf" else "–",
        )
    params = batch_params(level="semua", period=period, fmt="pdf", lang="id")
    job, _ = job_enqueue(kind=BATCH_KIND, params=params)
    started = time.perf_counter()
    worker_run(stop=threading.Event(), once=True)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    report(
        f"Batch of all {job.total} provinces and regencies as PDF, one zip (one job; its PDFs written by a "
        "pool of 2 processes, benchmarks/reports.py measures it with an empty chart store)",
        f"{elapsed / 60:.1f} min ({elapsed / job.total:.2f} s a report)",
        "≤ 2 min",
    )


def pages() -> None:
    client = Client(HTTP_HOST="localhost")
    period = latest_period()
    assert period is not None, "the demo data should have been loaded"
    for label, url, goal in (
        ("National page server time, full demo data (median of 50)", "/", "median ≤ 100 ms"),
        ("Province page (NTT) server time (median of 50)", "/wilayah/53/", "–"),
        ("Regency page (Kota Kupang) server time (median of 50)", "/wilayah/53.71/", "–"),
    ):
        for _ in range(3):
            assert client.get(url, {"periode": period}).status_code == 200
        times = []
        for _ in range(50):
            started = time.perf_counter()
            response = client.get(url, {"periode": period})
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        times.sort()
        report(label, f"{statistics.median(times) * 1000:.0f} ms (p95 {times[47] * 1000:.0f} ms)", goal)


def load(*, charts: bool, seconds: int = 60, users: int = 20) -> None:
    """20 concurrent clients against the production server (gunicorn, docs/operations.md) on loopback;
    the server-side p95 per page."""
    import json
    import socket
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from cakupan.regions.models import Region

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    period = latest_period() or ""
    regencies = list(Region.objects.filter(level=2).values_list("code", flat=True))
    with tempfile.TemporaryDirectory() as tmp:
        timings_path = Path(tmp) / "timings.json"
        env = dict(
            os.environ,
            CAKUPAN_BENCH_TIMINGS=str(timings_path),
            # The locustfile imports benchmarks.timings from this checkout.
            PYTHONPATH=str(Path(__file__).resolve().parent.parent),
            CAKUPAN_BENCH_PERIOD=period,
            CAKUPAN_BENCH_REGENCIES=",".join(regencies),
            CAKUPAN_BENCH_CHARTS="1" if charts else "0",
        )
        log = (Path(tmp) / "serve.log").open("w")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "python:cakupan.ops.gunicorn_conf",
                # As benchmarks/charts.py: readers wait up to 2 s between pages, as long as gunicorn keeps an
                # idle connection by default, and a reader's next page could meet it closing ("Connection
                # reset by peer"); in production nginx holds the readers' connections.
                "--keep-alive",
                "5",
                "cakupan.wsgi",
            ],
            env={**env, "CAKUPAN_BIND": f"127.0.0.1:{port}", "CAKUPAN_LOG_LEVEL": "WARNING"},
            stdout=log,
            stderr=log,
        )
        try:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            locust = Path(sys.executable).parent / "locust"
            subprocess.run(
                [
                    str(locust),
                    "-f",
                    str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    str(users),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                check=False,
                capture_output=True,
                timeout=seconds + 120,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        result = json.loads(timings_path.read_text())
    goals = {"regency page": "p95 ≤ 100 ms", "national map page": "p95 ≤ 150 ms"}
    scenario = "pages with their charts" if charts else "pages alone"
    for name, values in sorted(result["timings"].items()):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        report(
            f"Load ({scenario}), {users} clients for {seconds} s: {name}, server-side p95 "
            f"({len(values)} requests)",
            f"{p95:.0f} ms (median {statistics.median(values):.0f} ms)",
            goals.get(name, "–"),
        )
    for error, count in Counter(result["errors"]).most_common():  # what they were, in the run's output
        print(f"Load ({scenario}): error ×{count}: {error}", flush=True)
    report(f"Load ({scenario}): errors", str(len(result["errors"])), "0")


if __name__ == "__main__":
    import sys

    # `load`: only what the load test needs (the demo data and its charts drawn), for a quick re-run.
    only_load = sys.argv[1:] == ["load"]
    call_command("migrate", interactive=False, verbosity=0)
    regions_load_master()
    if not only_load:
        import_100k()
        employers_100k()
    demo()
    predraw()
    if not only_load:
        reports()
        pages()
    load(charts=False)
    load(charts=True)
