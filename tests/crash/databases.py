"""The databases of the crash runs, made by the harness process itself: one migrated template with the
test regions, then a copy of it for each kind of work, so that every kind starts from the same state and
none migrates again. The copies are made as every test's own database is (tests/support.py: the sqlite3
backup API on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL). The process switches its one database
connection from one to the next; it holds none open while a child works."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from tests.support import database_copy, database_create, database_drop


def _default() -> dict[str, Any]:
    return connections["default"].settings_dict


def _use(name: str) -> None:
    connections.close_all()
    _default()["NAME"] = name


def postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def _admin() -> str:
    """The PostgreSQL server's own database, from which ours are created and dropped ("" on SQLite)."""
    if not postgres():
        return ""
    from psycopg.conninfo import make_conninfo

    conf = _default()
    given = {"user": conf["USER"], "password": conf["PASSWORD"], "host": conf["HOST"], "port": conf["PORT"]}
    return make_conninfo(dbname="postgres", **{key: str(value) for key, value in given.items() if value})


def _exists(keep: str) -> bool:
    if not postgres():
        return Path(keep).exists()
    import psycopg

    with psycopg.connect(_admin(), autocommit=True) as conn:
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
    admin = _admin()
    if admin:
        name = keep or f"{original}_tpl_{uuid.uuid4().hex[:8]}"
        database_create(name, admin)
    else:
        # A kept file appears whole or not at all: made under another name, then renamed.
        name = f"{keep}.part" if keep else str(Path(settings.DATA_DIR) / "crash-template.sqlite3")
    made = False
    try:
        _use(name)
        call_command("migrate", interactive=False, verbosity=0)
        seed_regions()
        _use(original)  # the connection closed: on SQLite the file holds everything (no write-ahead log)
        if keep and not admin:
            Path(name).replace(keep)
            name = keep
        made = True
        yield name
    finally:
        _use(original)
        if not (keep and made):
            database_drop(name, admin)


@contextmanager
def copy_of(base: str, label: str) -> Iterator[None]:
    """The connection switched to a fresh copy of the template for the duration."""
    original = _default()["NAME"]
    connections.close_all()
    admin = _admin()
    if admin:
        name = f"{base.rsplit('_tpl_', 1)[0]}_{label}_{uuid.uuid4().hex[:8]}"
    else:
        name = str(Path(settings.DATA_DIR) / f"crash-{label}.sqlite3")
    database_copy(base, name, admin)
    try:
        _use(name)
        yield
    finally:
        _use(original)
        database_drop(name, admin)
