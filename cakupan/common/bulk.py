"""Writing many rows fast. The ORM's bulk_create spends most of its time preparing each field of each
object; an import of 100,000 figures would wait on it for seconds. Here rows are plain tuples of
database-ready values: COPY on PostgreSQL, executemany on SQLite. Inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils.translation import gettext

from cakupan.common.nik_guard import refused_fields
from cakupan.core.nik import ENGINE_REGEX, LOOKS_LIKE_NIK, contains_nik

CHUNK = 10_000

# SQLite's page cache while a transaction writes in bulk, in KiB. Its default of 2 MiB holds a fraction of
# the pages that 100,000 rows touch in a figures table and its three indexes, and the rest is read back from
# the operating system again and again: a 100,000-row import wrote for 0.59 s with it, 0.52 s with this.
WRITE_CACHE_KIB = 65_536

# What a query grouping millions of figures gets from the database (`large_sorts`, ADR 0011). PostgreSQL's
# memory for each sort and hash, in MiB: with its default of 4 MiB the recompute's grouping of 1.8 M figures
# into 226,860 region-months spilled to disk in 29 batches (1.57-1.65 s); with this, 1.00-1.04 s. SQLite's
# helper threads for its sorter: with none (its default) the same grouping took 1.70-1.80 s, with one
# 1.33 s (more were no faster on two cores).
SORT_WORK_MEM_MIB = 64
SORT_THREADS = 1


@contextmanager
def sqlite_write_cache(using: str = "default") -> Iterator[None]:
    """A larger page cache for the bulk writes inside, on SQLite (nothing on PostgreSQL); the connection's
    own size again afterwards, whatever happened, so a server's connections keep their small caches. Set on
    the driver's connection: a pragma is no part of the transaction, and Django would refuse a query in one
    that is failing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with _sqlite_pragma(connection, "cache_size", -WRITE_CACHE_KIB):
        yield


@contextmanager
def _sqlite_pragma(connection: Any, name: str, value: int) -> Iterator[None]:
    """A pragma set on the driver's connection for the block, and its own value again afterwards, whatever
    happened (a pragma is no part of the transaction)."""
    connection.ensure_connection()
    raw = connection.connection
    (before,) = raw.execute(f"PRAGMA {name}").fetchone()
    raw.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA {name} = {int(before)}")


@contextmanager
def large_sorts(using: str = "default") -> Iterator[None]:
    """What the sorts and groupings of millions of rows inside need from the database, and the connection's
    own setting again afterwards. SQLite: a helper thread for its sorter (`PRAGMA threads`, on the driver's
    connection: a pragma is no part of the transaction), set back whatever happened. PostgreSQL: more
    memory (`work_mem`). Inside a transaction it is set for the transaction only (`set_config(…, true)`,
    `SET LOCAL`) and set back on leaving; when the block fails it is left to the rollback of the
    transaction or savepoint (a failed transaction takes no more queries; a caller catching a failure
    without a savepoint keeps the larger memory until its transaction ends). Outside one it is set for
    the session and set back whatever happened."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with _sqlite_pragma(connection, "threads", SORT_THREADS):
            yield
        return
    local = connection.in_atomic_block

    def work_mem(value: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, %s)", [value, local])

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        (before,) = cursor.fetchone()
    work_mem(f"{SORT_WORK_MEM_MIB}MB")
    if local:
        yield
        work_mem(before)
        return
    try:
        yield
    finally:
        work_mem(before)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, f"{name} is not a column of {model.__name__}"
    return field.column


def bulk_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows of values for `fields` (model field names); returns how many were written. Like a
    save, a NIK in a text field a person could have typed is refused (ValidationError), never written:
    bulk writes send no signals, so `nik_guard`'s check is made here, a chunk at a time."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    checked = _free_text_positions(model, fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for chunk in _chunks(rows):
                    _refuse_niks(chunk, checked, fields)
                    for row in chunk:
                        copy.write_row(row)
                    written += len(chunk)
            return written
        # Identifiers come from the model's metadata, quoted; values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for chunk in _chunks(rows):
            _refuse_niks(chunk, checked, fields)
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def _chunks(rows: Iterable[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _free_text_positions(model: type[models.Model], fields: Sequence[str]) -> list[int]:
    refused = set(refused_fields(model))
    return [i for i, name in enumerate(fields) if model._meta.get_field(name).attname in refused]  # type: ignore[union-attr]


def _refuse_niks(chunk: list[Sequence[Any]], positions: list[int], fields: Sequence[str]) -> None:
    """One search of the engine pattern over the chunk's distinct texts (a column such as a source repeats
    down a file); only on a hit is each value looked at."""
    if not positions:
        return
    for i in positions:
        text = "\n".join({v for v in map(itemgetter(i), chunk) if isinstance(v, str) and v})
        if ENGINE_REGEX.search(text) is not None:
            break
    else:
        return
    for row in chunk:
        for i in positions:
            if contains_nik(row[i]):
                raise ValidationError({fields[i]: [gettext(LOOKS_LIKE_NIK)]})
