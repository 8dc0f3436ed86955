"""The databases of the crash runs, made by the harness process itself: one migrated template with the
test regions, then a copy of it for each kind of work (a file copy on SQLite, CREATE DATABASE … TEMPLATE
on PostgreSQL), so that every kind starts from the same state and none migrates again. The process
switches its one database connection from one to the next; it holds none open while a child works."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections


def _default() -> dict[str, Any]:
    return connections["default"].settings_dict


def _use(name: str) -> None:
    connections.close_all()
    _default()["NAME"] = name


def _admin(sql: str) -> None:
    """A statement on the PostgreSQL server (outside any database of ours)."""
    import psycopg

    conf = _default()
    with psycopg.connect(
        dbname="postgres",
        user=conf["USER"],
        password=conf["PASSWORD"],
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def _drop(name: str) -> None:
    """Drop a database; the backend of a process just killed can hold it for a moment."""
    import psycopg

    for attempt in range(20):
        try:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.Error:
            if attempt == 19:
                raise
            time.sleep(0.5)


def postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def _exists(keep: str) -> bool:
    if not postgres():
        return Path(keep).exists()
    import psycopg

    conf = _default()
    with psycopg.connect(
        dbname="postgres",
        user=conf["USER"],
        password=conf["PASSWORD"],
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        autocommit=True,
    ) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [keep]).fetchone() is not None


@contextmanager
def template(keep: str = "") -> Iterator[str]:
    """The template database, migrated and with the test regions; dropped (or deleted) afterwards. With
    `keep` (a SQLite file, or a database name on the PostgreSQL server), the template is that one: made
    when missing and left for the next process, which uses it as it is; whoever named it removes it."""
    from django.core.management import call_command

    from tests.personas import seed_regions

    original = _default()["NAME"]
    if keep and _exists(keep):
        yield keep
        return
    if postgres():
        name = keep or f"{original}_tpl_{uuid.uuid4().hex[:8]}"
        _admin(f'CREATE DATABASE "{name}"')
    else:
        # A kept file appears whole or not at all: made under another name, then renamed.
        name = f"{keep}.part" if keep else str(Path(settings.DATA_DIR) / "crash-template.sqlite3")
    made = False
    try:
        _use(name)
        call_command("migrate", interactive=False, verbosity=0)
        seed_regions()
        _use(name)
        if keep and not postgres():
            _use(original)  # the connection closed: the file holds everything (no write-ahead log left)
            Path(name).replace(keep)
            name = keep
        made = True
        yield name
    finally:
        _use(original)
        if not (keep and made):
            if postgres():
                _drop(name)
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(name + suffix).unlink(missing_ok=True)


@contextmanager
def copy_of(base: str, label: str) -> Iterator[None]:
    """The connection switched to a fresh copy of the template for the duration."""
    original = _default()["NAME"]
    connections.close_all()
    if postgres():
        name = f"{base.rsplit('_tpl_', 1)[0]}_{label}_{uuid.uuid4().hex[:8]}"
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
    else:
        name = str(Path(settings.DATA_DIR) / f"crash-{label}.sqlite3")
        shutil.copyfile(base, name)
    try:
        _use(name)
        yield
    finally:
        _use(original)
        if postgres():
            _drop(name)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
