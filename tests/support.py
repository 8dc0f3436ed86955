"""Running `cakupan` as a separate process against a database of its own, as a user or cron job would; and
the one way the tests copy a database: a template made once per process (per xdist worker), then a copy of
it for each use (the sqlite3 backup API on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL). The crash
harness (tests/crash/databases.py) copies its template the same way."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

CAKUPAN = [sys.executable, "-m", "cakupan.cli"]
SQLITE_NAME = "cakupan.sqlite3"  # the settings' SQLite file in the data folder

# How far a database of one's own is made before the test gets it: empty (a test of what comes before
# `cakupan init`, or of a restore into a new database), migrated, or initialised (`cakupan init`: migrated
# and the region master loaded). Each is made once per process by the command a user runs, from the one
# before it; migrating alone takes about 12 s of CPU and `init` 5 s more.
Start = Literal["empty", "migrated", "initialised"]
_MADE_BY: dict[Start, tuple[Start, tuple[str, ...]]] = {
    "migrated": ("empty", ("manage", "migrate", "--no-input", "--verbosity", "0")),
    "initialised": ("migrated", ("init",)),
}
# (the PostgreSQL server's URL or "" for SQLite, start) -> the template's SQLite file or database name.
_TEMPLATES: dict[tuple[str, Start], str] = {}
# What the templates' making left, to drop at the end: (server admin URL, database) or ("", folder).
_MADE: list[tuple[str, str]] = []


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def server_admin(url: str) -> str:
    """The URL of the PostgreSQL server's own database, from which databases are created and dropped."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _on_server(admin: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def database_create(name: str, admin: str) -> None:
    """A new, empty PostgreSQL database on the server of `admin`."""
    _on_server(admin, f'CREATE DATABASE "{name}"')


def database_copy(source: str, target: str, admin: str = "") -> None:
    """A copy of a database nobody is connected to: a PostgreSQL database on the server of `admin`, or
    (without `admin`) a SQLite file, copied whole whatever its write-ahead log still holds."""
    if admin:
        _on_server(admin, f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        return
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def database_drop(name: str, admin: str = "") -> None:
    """Drop a PostgreSQL database (the backend of a process just killed can hold it for a moment), or
    delete a SQLite file with its write-ahead log."""
    if not admin:
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    for attempt in range(20):
        try:
            _on_server(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.Error:
            if attempt == 19:
                raise
            time.sleep(0.5)


def _postgres_url() -> str:
    url = os.environ.get("CAKUPAN_DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


def _env(data_dir: Path, url: str) -> dict[str, str]:
    """A `cakupan` process's environment: its data folder, and its PostgreSQL database or SQLite."""
    env = dict(os.environ)
    env["CAKUPAN_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("CAKUPAN_DATABASE_URL", None)
    if url:
        env["CAKUPAN_DATABASE_URL"] = url
    return env


def _server_database(name: str, admin: str, start: Start) -> None:
    """A new database on the PostgreSQL server: empty, or a copy of the process's template of `start`."""
    if start == "empty":
        database_create(name, admin)
    else:
        database_copy(_template(start), name, admin)


def _template(start: Start) -> str:
    """The process's template of a database made as far as `start` (made now when missing)."""
    url = _postgres_url()
    known = _TEMPLATES.get((url, start))
    if known is not None:
        return known
    before, command = _MADE_BY[start]
    folder = Path(tempfile.mkdtemp(prefix=f"cakupan-template-{start}-"))
    _MADE.append(("", str(folder)))
    if url:
        admin = server_admin(url)
        name = f"cakupan_tpl_{start}_{uuid.uuid4().hex[:10]}"
        _server_database(name, admin, before)
        _MADE.append((admin, name))
        env = _env(folder, urlunsplit(urlsplit(url)._replace(path=f"/{name}")))
    else:
        name = str(folder / SQLITE_NAME)
        if before != "empty":
            database_copy(_template(before), name)
        env = _env(folder, "")
    done = run(env, *command)
    assert done.returncode == 0, f"making the {start} template: {done.stderr}"
    _TEMPLATES[(url, start)] = name
    return name


def templates_drop() -> None:
    """Drop the process's templates and delete their folders (at the end of the session: conftest.py)."""
    for admin, name in reversed(_MADE):
        if admin:
            database_drop(name, admin)
        else:
            shutil.rmtree(name, ignore_errors=True)
    _MADE.clear()
    _TEMPLATES.clear()


@contextmanager
def own_database(data_dir: Path, start: Start = "empty") -> Iterator[dict[str, str]]:
    """Environment for a `cakupan` process with its own data folder and its own database, `start` (empty,
    migrated or initialised): a SQLite file there, or a new database on the PostgreSQL server the suite runs
    against (dropped afterwards)."""
    url = _postgres_url()
    if not url:
        if start != "empty":
            database_copy(_template(start), str(data_dir / SQLITE_NAME))
        yield _env(data_dir, "")
        return
    admin = server_admin(url)
    name = f"cakupan_proc_{uuid.uuid4().hex[:10]}"
    _server_database(name, admin, start)
    try:
        yield _env(data_dir, urlunsplit(urlsplit(url)._replace(path=f"/{name}")))
    finally:
        database_drop(name, admin)


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
