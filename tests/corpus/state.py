"""What is stored: every table's rows and every file the application keeps, as fingerprints to compare
before and after a refused import, and as text to search for a raw NIK."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

# Tables that change when someone merely signs in or browses, whatever the import does.
NOT_DATA = ("sessions", "axes")
# Where uploads wait for their preview: an upload is kept there whether or not it is valid.
STAGING = ("staging", "monev-staging")


def table_texts() -> dict[str, str]:
    """Every table's rows as text, ordered, read in one query (a query per table would cost more than the
    imports being tested)."""
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    models = [m for m in apps.get_models() if m._meta.app_label not in NOT_DATA]
    selects = []
    for index, model in enumerate(models):
        columns = [quote(f.column) for f in model._meta.concrete_fields]
        if postgres:
            row, rows = f"ROW({', '.join(columns)})::text", "string_agg(r, chr(10) ORDER BY r)"
        else:
            row, rows = " || ',' || ".join(f"quote({c})" for c in columns), "group_concat(r, char(10))"
        table = quote(model._meta.db_table)
        selects.append(
            f"SELECT {index}, (SELECT {rows} FROM (SELECT {row} AS r FROM {table} ORDER BY r) AS s)"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        found = dict(cursor.fetchall())
    return {model._meta.label: found[index] or "" for index, model in enumerate(models)}


def database_state() -> dict[str, str]:
    """A fingerprint of each table's rows."""
    return {label: hashlib.sha256(text.encode()).hexdigest()[:16] for label, text in table_texts().items()}


def kept_files() -> list[Path]:
    """The files the application keeps: documents, evidence, participant files, boundaries…"""
    found: list[Path] = []
    media = Path(settings.MEDIA_ROOT).resolve()
    for root in {media, Path(settings.DATA_DIR).resolve()}:
        for folder, dirs, names in os.walk(root):
            if Path(folder) == media:
                dirs[:] = [d for d in dirs if d not in STAGING]
            found.extend(Path(folder) / name for name in names)
    return sorted(found)


def files_state() -> dict[str, str]:
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest()[:16] for path in kept_files()}


def nik_hits(nik: str) -> list[str]:
    """Where a raw NIK is stored: table rows and kept files (as text or UTF-16)."""
    hits = [label for label, text in table_texts().items() if nik in text]
    needles = (nik.encode(), nik.encode("utf-16-le"))
    hits += [str(path) for path in kept_files() if any(n in path.read_bytes() for n in needles)]
    return hits


def process_database_state(env: dict[str, str]) -> dict[str, str]:
    """The same fingerprints for the SQLite database of a `cakupan` process (see `cakupan_process`)."""
    import sqlite3

    with sqlite3.connect(Path(env["CAKUPAN_DATA_DIR"]) / "cakupan.sqlite3") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        texts = {t: repr(sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))) for t in tables}
    return {table: hashlib.sha256(text.encode()).hexdigest()[:16] for table, text in texts.items()}


def process_files(data_dir: Path) -> dict[str, str]:
    """The files in a `cakupan` process's data folder, but its SQLite database (compared as tables)."""
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and not path.name.startswith("cakupan.sqlite3")
    }
