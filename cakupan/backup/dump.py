"""Writing a backup while the application runs.

Every table is read inside one snapshot: a REPEATABLE READ, READ ONLY transaction on PostgreSQL, one
deferred read transaction on SQLite (in WAL mode it never blocks a writer, and a writer never blocks it). A
row committed after the snapshot began is not in the backup, and no write is ever half in it. The files
are those the snapshot's rows refer to; they are written once under a random name and never changed, so
reading them while the snapshot is open gives the same bytes as at its start.

The archive is written under a temporary name beside FILE and renamed at the end: FILE is either the whole
backup or untouched. It holds personal data (accounts, password hashes, keyed NIK hashes), so only its
owner may read it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.backup.archive import FORMAT, MANIFEST, VERSION, compression, file_member, table_member
from cakupan.backup.files import UnsafeName, file_location, referenced_files
from cakupan.backup.schema import applied_state, differences
from cakupan.backup.tables import Table, backup_tables

log = logging.getLogger(__name__)

ROWS_PER_READ = 2000
COPY_CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """No backup can be made of this database; the message says why. FILE was not touched."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    size_bytes: int
    sha256: str
    # Files the rows refer to that are not in the data folder: listed in the manifest, not in the archive.
    missing: list[str] = field(default_factory=list)


@contextmanager
def snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Everything read through `connection` inside the block sees the database as at one moment."""
    if connection.in_atomic_block:
        raise RuntimeError("a backup reads in a transaction of its own, not inside another one")
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor != "sqlite":
        raise BackupRefused(_("Backups are made of SQLite and PostgreSQL databases only."))
    # Not transaction.atomic(): the project opens SQLite transactions IMMEDIATE, which would take the write
    # lock and stop the application's writers for as long as the backup lasts.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            cursor.execute("ROLLBACK")  # it only read


def backup_create(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    on_snapshot: Callable[[], None] | None = None,
) -> BackupResult:
    """Write the backup of database `using` and its files to `path`. `on_snapshot` is called once the
    snapshot holds (the tests write from another connection there)."""
    connection = connections[using]
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                manifest = _write(archive, connection, on_snapshot)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    result = BackupResult(
        path=path,
        tables=len(manifest["tables"]),
        rows=sum(t["rows"] for t in manifest["tables"]),
        files=len(manifest["files"]),
        size_bytes=path.stat().st_size,
        sha256=_sha256_of(path),
        missing=list(manifest["missing_files"]),
    )
    _record(result, manifest)
    return result


def _write(
    archive: zipfile.ZipFile, connection: BaseDatabaseWrapper, on_snapshot: Callable[[], None] | None
) -> dict[str, Any]:
    with snapshot(connection):
        migrations = applied_state(connection)
        snapshot_at = timezone.now()
        newer, older = differences(migrations)
        if newer:
            raise BackupRefused(
                _("The database was last changed by a newer version of Cakupan (it has %(names)s).")
                % {"names": ", ".join(newer[:3])}
            )
        if older:
            raise BackupRefused(
                _("The database is not up to date with this version of Cakupan: run `cakupan init` first.")
            )
        if on_snapshot is not None:
            on_snapshot()
        tables = [_write_table(archive, connection, table) for table in backup_tables()]
        files, missing = _write_files(archive, referenced_files(connection.alias))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": snapshot_at.isoformat(),
        "cakupan_version": _version(),
        "database": {"vendor": connection.vendor},
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "missing_files": missing,
    }
    archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _write_table(archive: zipfile.ZipFile, connection: BaseDatabaseWrapper, table: Table) -> dict[str, Any]:
    model = table.model
    rows = (
        model._base_manager.using(connection.alias)
        .order_by("pk")
        .values_list(*table.attnames)
        .iterator(chunk_size=ROWS_PER_READ)
    )
    encode = table.encoder()
    digest = hashlib.sha256()
    count = 0
    info = zipfile.ZipInfo(table_member(table.label), date_time=_zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        lines: list[str] = []
        for row in rows:
            lines.append(json.dumps(encode(row), ensure_ascii=False, separators=(",", ":")))
            count += 1
            if len(lines) == ROWS_PER_READ:
                _emit(member, digest, lines)
                lines = []
        _emit(member, digest, lines)
    return {
        "model": table.label,
        "table": table.name,
        "columns": table.columns,
        "rows": count,
        "sha256": digest.hexdigest(),
    }


def _emit(member: IO[bytes], digest: Any, lines: list[str]) -> None:
    if lines:
        data = ("\n".join(lines) + "\n").encode("utf-8")
        digest.update(data)
        member.write(data)


def _write_files(archive: zipfile.ZipFile, names: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    written: list[dict[str, Any]] = []
    missing: list[str] = []
    for name in names:
        try:
            source = file_location(name)
            handle = source.open("rb")
        except (UnsafeName, OSError):
            missing.append(name)
            continue
        digest = hashlib.sha256()
        size = 0
        info = zipfile.ZipInfo(file_member(name), date_time=_zip_time())
        info.compress_type = compression(name)
        with handle, archive.open(info, "w", force_zip64=True) as member:
            while chunk := handle.read(COPY_CHUNK):
                digest.update(chunk)
                member.write(chunk)
                size += len(chunk)
        written.append({"name": name, "size": size, "sha256": digest.hexdigest()})
    return written, missing


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = timezone.localtime()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def _version() -> str:
    try:
        return metadata.version("cakupan")
    except metadata.PackageNotFoundError:
        return ""


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _record(result: BackupResult, manifest: dict[str, Any]) -> None:
    """The audit trail and the log say a backup was made: its name, size and checksum, and counts only."""
    from cakupan.audit.choices import Action
    from cakupan.audit.services import audit_bulk

    summary = {
        "file_name": result.path.name,
        "sha256": result.sha256,
        "size_bytes": result.size_bytes,
        "snapshot_at": manifest["created_at"],
        "tables": result.tables,
        "rows": result.rows,
        "files": result.files,
        "missing_files": len(result.missing),
    }
    with transaction.atomic():
        audit_bulk(
            entity_type="backup.archive",
            summary=summary,
            action=Action.CREATE,
            note=f"Backup {result.path.name}: {result.tables} tables, {result.rows} rows, "
            f"{result.files} files.",
        )
    log.info(
        "backup %s written: %s tables, %s rows, %s files, %s bytes, %s files missing",
        result.path.name,
        result.tables,
        result.rows,
        result.files,
        result.size_bytes,
        len(result.missing),
    )
