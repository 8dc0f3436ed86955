"""Load and soak (`make soak`, issue 9): a production-style instance — PostgreSQL, gunicorn process
workers, `cakupan worker`, nginx with TLS in front where nginx is installed — with the full demo data;
50 users for 10 minutes over loopback while an import and a report batch run. Records errors, the
server-side p95 of every page and the memory of every process over time, into docs/benchmarks.md and
docs/operations.md.

    python -m benchmarks.soak [--users 50] [--minutes 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITE = "cakupan.example.go.id"
SECTION = ("<!-- soak:start -->", "<!-- soak:end -->")


@dataclass
class Memory:
    """Resident memory of each long-running process, sampled through the run."""

    samples: dict[str, list[tuple[float, int]]] = field(default_factory=dict)

    def sample(self, processes: dict[str, int], at: float) -> None:
        for name, pid in processes.items():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            self.samples.setdefault(name, []).append((at, kib))


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _database(url: str) -> Iterator[str]:
    import psycopg

    name = f"cakupan_soak_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _nginx_conf(tmp: Path, listen: int, upstream: int) -> Path:
    """docs/operations.md's server block, with a self-signed certificate and paths inside `tmp`."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", f"/CN={SITE}", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{listen} ssl http2;
        server_name {SITE};
        ssl_certificate     {cert};
        ssl_certificate_key {key};
        client_max_body_size 60m;
        proxy_read_timeout 130s;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
""",
        encoding="utf-8",
    )
    checked = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise SystemExit(f"nginx -t failed:\n{checked.stderr}")
    return conf


def _wait(url: str, headers: dict[str, str], seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, headers=headers, timeout=5, verify=False).status_code == 200:  # noqa: S501
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} not ready in {seconds} s")


def _cakupan(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(BIN / "cakupan"), *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cakupan {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def _next_month_file(env: dict[str, str], period: str, path: Path) -> None:
    """A participation file for the month after the demo's last, every regency: what an officer uploads."""
    code = f"""
import django, os
django.setup()
from cakupan.core import periods
from tests.personas import PARTICIPATION_HEADER, csv_bytes, participation_rows
from cakupan.regions.models import Region
month = periods.span({period!r}, 2)[1]
rows = [r for c in Region.objects.filter(level=2).values_list("code", flat=True)
        for r in participation_rows(c, month, {{"PU": 120, "BPU": 60, "JAKON": 6, "PMI": 2}})]
open({str(path)!r}, "wb").write(csv_bytes(PARTICIPATION_HEADER, rows))
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def run(*, users: int, minutes: float, postgres: str) -> dict[str, object]:
    seconds = int(minutes * 60)
    with tempfile.TemporaryDirectory() as folder, _database(postgres) as url:
        tmp = Path(folder)
        app_port, proxy_port = _free_port(), _free_port()
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="cakupan.settings",
            CAKUPAN_ENV="production",
            CAKUPAN_SECRET_KEY="soak-" + uuid.uuid4().hex,
            CAKUPAN_DATABASE_URL=url,
            CAKUPAN_DATA_DIR=str(tmp / "data"),
            CAKUPAN_ALLOWED_HOSTS=SITE,
            CAKUPAN_CSRF_TRUSTED_ORIGINS=f"https://{SITE}",
            CAKUPAN_BEHIND_PROXY="true",
            # 50 users from one loopback address: the soak measures load, not the rate limits.
            CAKUPAN_RATE_EXEMPT="127.0.0.1",
            CAKUPAN_BIND=f"127.0.0.1:{app_port}",
            CAKUPAN_LOG_LEVEL="WARNING",
            # Memory must stay flat on its own: no recycling of workers during the soak.
            CAKUPAN_WORKER_MAX_REQUESTS="0",
        )
        env.pop("CAKUPAN_DEBUG", None)
        print("setting up: init, demo data, charts…", flush=True)
        _cakupan(env, "demo", "--no-serve")
        _cakupan(env, "worker", "--once")  # the charts an import queues, drawn before the users arrive
        import django

        os.environ.update(env)
        django.setup()
        from cakupan.indicators.library import latest_period
        from cakupan.regions.models import Region

        period = latest_period()
        assert period is not None, "the demo loaded no figures"

        regencies = list(Region.objects.filter(level=2).values_list("code", flat=True))
        provinces = list(Region.objects.filter(level=1).values_list("code", flat=True))
        from django.db import connections

        connections.close_all()
        upload = tmp / "next_month.csv"
        _next_month_file(env, period, upload)

        logs = {name: (tmp / f"{name}.log").open("w") for name in ("gunicorn", "worker", "nginx")}
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:cakupan.ops.gunicorn_conf", "cakupan.wsgi"],
            env=env,
            stdout=logs["gunicorn"],
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [str(BIN / "cakupan"), "worker"], env=env, stdout=logs["worker"], stderr=subprocess.STDOUT
        )
        nginx = None
        if shutil.which("nginx"):
            conf = _nginx_conf(tmp, proxy_port, app_port)
            nginx = subprocess.Popen(
                ["nginx", "-c", str(conf), "-g", "daemon off;"],
                stdout=logs["nginx"],
                stderr=subprocess.STDOUT,
            )
            host, headers = f"https://127.0.0.1:{proxy_port}", {"Host": SITE}
        else:
            host, headers = f"http://127.0.0.1:{app_port}", {"Host": SITE, "X-Forwarded-Proto": "https"}
        memory = Memory()
        stop = threading.Event()
        events: list[str] = []
        try:
            _wait(f"{host}/siap/", headers)
            _wait(f"http://127.0.0.1:{app_port}/siap/", {})

            def sampler() -> None:
                started = time.monotonic()
                while not stop.wait(5):
                    processes = {
                        f"web worker {i + 1}": pid for i, pid in enumerate(sorted(_children(gunicorn.pid)))
                    }
                    processes["web master"] = gunicorn.pid
                    processes["job worker"] = worker.pid
                    memory.sample(processes, time.monotonic() - started)

            def meanwhile() -> None:
                # An officer's import a fifth into the run (it queues the charts of every region), and a
                # report batch of every province two fifths in, run by another process.
                if stop.wait(seconds * 0.2):
                    return
                began = time.monotonic()
                _cakupan(env, "import", "participation", str(upload))
                events.append(
                    f"import of {len(regencies)} regencies' next month: {time.monotonic() - began:.0f} s"
                )
                if stop.wait(max(0.0, seconds * 0.2 - (time.monotonic() - began))):
                    return
                began = time.monotonic()
                _cakupan(env, "report-batch", "provinsi", period, "--out", str(tmp / "provinces.zip"))
                events.append(f"report batch of {len(provinces)} provinces: {time.monotonic() - began:.0f} s")

            threads = [threading.Thread(target=sampler), threading.Thread(target=meanwhile)]
            for thread in threads:
                thread.start()
            timings_path = tmp / "timings.json"
            print(f"soak: {users} users for {minutes:g} min against {host}", flush=True)
            subprocess.run(
                [
                    *(
                        str(BIN / "locust"),
                        "-f",
                        str(Path(__file__).with_name("soak_locustfile.py")),
                        "--headless",
                    ),
                    *("-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", host),
                    *("--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"),
                ],
                env=dict(
                    env,
                    CAKUPAN_SOAK_TIMINGS=str(timings_path),
                    PYTHONPATH=str(ROOT),  # the locustfile imports benchmarks.timings
                    CAKUPAN_SOAK_PERIOD=period,
                    CAKUPAN_SOAK_REGENCIES=",".join(regencies),
                    CAKUPAN_SOAK_PROVINCES=",".join(provinces),
                    CAKUPAN_SOAK_LOGIN="demo:" + (tmp / "data" / "demo_login.txt").read_text().strip(),
                    CAKUPAN_SOAK_HOST_HEADER=SITE,
                ),
                check=False,
                capture_output=True,
                timeout=seconds + 300,
            )
            stop.set()
            for thread in threads:
                thread.join(timeout=600)
            result = json.loads(timings_path.read_text())
        finally:
            stop.set()
            for process in (nginx, gunicorn, worker):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGTERM if process is not nginx else signal.SIGQUIT)
                    try:
                        process.wait(timeout=60)
                    except subprocess.TimeoutExpired:
                        process.kill()
        result["memory"] = memory.samples
        result["events"] = events
        result["users"], result["minutes"], result["via"] = (
            users,
            minutes,
            "nginx (TLS)" if nginx else "gunicorn",
        )
        return result


def _p95(values: list[float]) -> float:
    """Nearest rank: the smallest value with at least 95 % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def markdown(result: dict[str, object]) -> str:
    timings: dict[str, list[float]] = result["timings"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    memory: dict[str, list[tuple[float, int]]] = result["memory"]  # type: ignore[assignment]
    total = sum(len(v) for v in timings.values()) + len(errors)
    lines = [
        SECTION[0],
        "## Load and soak",
        "",
        f"`python -m benchmarks.soak --users {result['users']} --minutes {result['minutes']:g}` "
        f"(`make soak`), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: PostgreSQL, gunicorn "
        f"(`CAKUPAN_WORKERS` = cores + 1, 2 threads each, workers never recycled), `cakupan worker`, via "
        f"{result['via']}, the full demo data; {result['users']} locust users over loopback (public readers "
        "and signed-in analysts, 1–5 s between clicks) while this ran meanwhile: "
        + "; ".join(result["events"])  # type: ignore[arg-type]
        + ".",
        "",
        f"- Requests: {total:,}; errors: **{len(errors)}**"
        + (f" ({', '.join(sorted(set(errors))[:5])})" if errors else ""),
        "",
        "| page or call | requests | median | p95 (server-side) |",
        "|---|---:|---:|---:|",
    ]
    for name, values in sorted(timings.items()):
        lines.append(
            f"| {name} | {len(values):,} | {statistics.median(values):.0f} ms | {_p95(values):.0f} ms |"
        )
    # Memory grows while caches and libraries warm up; flat means no growth from a third of the run on.
    third = float(result["minutes"]) * 20  # type: ignore[arg-type]
    lines += [
        "",
        f"| process | memory at {third / 60:.1f} min | at the end | change |",
        "|---|---:|---:|---:|",
    ]
    for name, samples in sorted(memory.items()):
        early = [kib for at, kib in samples if third - 15 <= at <= third + 15] or [samples[0][1]]
        late = [kib for at, kib in samples[-6:]]
        a, b = statistics.median(early) / 1024, statistics.median(late) / 1024
        lines.append(f"| {name} | {a:.0f} MiB | {b:.0f} MiB | {100 * (b - a) / a:+.1f} % |")
    lines += [
        "",
        "Server-side time is the `Server-Timing` header (the application's own time, without the queue).",
        SECTION[1],
    ]
    return "\n".join(lines)


def write(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION[0] in text:
        before, rest = text.split(SECTION[0], 1)
        after = rest.split(SECTION[1], 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--postgres", default=os.environ.get("CAKUPAN_TEST_POSTGRES_URL", ""))
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/")
    args = parser.parse_args()
    if not args.postgres:
        print("PostgreSQL is needed: --postgres URL of a role that may create databases", file=sys.stderr)
        return 2
    if not 1 <= args.users <= 200 or not 0 < args.minutes <= 60:
        print("bounded: 1–200 users, at most 60 minutes", file=sys.stderr)
        return 2
    result = run(users=args.users, minutes=args.minutes, postgres=args.postgres)
    section = markdown(result)
    print(section)
    if not args.no_write:
        write(section, ROOT / "docs" / "benchmarks.md")
        write(section.replace("## Load and soak", "## Measured under load"), ROOT / "docs" / "operations.md")
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
