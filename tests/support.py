"""Running `cakupan` as a separate process against a database of its own, as a user or cron job would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

CAKUPAN = [sys.executable, "-m", "cakupan.cli"]


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextmanager
def own_database(data_dir: Path) -> Iterator[dict[str, str]]:
    """Environment for a `cakupan` process with its own data folder and an empty database: a SQLite file
    there, or a new database on the PostgreSQL server the suite runs against (dropped afterwards)."""
    env = dict(os.environ)
    env["CAKUPAN_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = os.environ.get("CAKUPAN_DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("CAKUPAN_DATABASE_URL", None)
        yield env
        return
    import psycopg

    name = f"cakupan_proc_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["CAKUPAN_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield env
    finally:
        _drop(admin, name)


def _drop(admin: str, name: str) -> None:
    """Drop a test database; a backend of a process just killed can hold it for a moment."""
    import psycopg

    for attempt in range(20):
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.Error:
            if attempt == 19:
                raise
            time.sleep(0.5)


def run(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CAKUPAN, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_json(env: dict[str, str], *args: str) -> dict[str, object]:
    done = run(env, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[str]:
    """`cakupan serve` on loopback; its log goes to a file (a pipe nobody reads would fill and stall it)."""
    log_path = Path(env["CAKUPAN_DATA_DIR"]) / f"serve-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([*CAKUPAN, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if process.poll() is not None:
                        raise RuntimeError(f"cakupan serve stopped: {log_path.read_text()}") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def table_state(env: dict[str, str]) -> dict[str, object]:
    """Counts and sums of every table an import writes, read by a separate process."""
    code = """
import json
from django.db.models import Sum
from cakupan.indicators.models import ParticipationFigure as P, RegionMonth as R, WorkforceFigure as W
from cakupan.imports.models import ImportBatch as B, FigureChange as C
print(json.dumps({
    "participation": [P.objects.count(), P.objects.aggregate(s=Sum("participants"))["s"]],
    "workforce": W.objects.count(),
    "rollup": [R.objects.count(), R.objects.aggregate(s=Sum("active_pu"))["s"]],
    "batches": B.objects.count(),
    "changes": C.objects.count(),
}))
"""
    done = run(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
