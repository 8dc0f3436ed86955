"""Reading a backup back, all or nothing.

1. The whole archive is checked before anything changes: its format and version, the migration state it
   was made at (this code's, or a past state of it: a backup of an older version), every table's columns
   (as they were at that state), row count and SHA-256, every file's SHA-256.
   The files are unpacked meanwhile into a staging folder inside the data directory.
2. A database that holds data is replaced only when asked (`replace`).
3. The database is migrated to this code when it is not yet (a new, empty database needs no `init`).
   For an older backup it is emptied and migrated back to the backup's state instead.
4. In one transaction: every table emptied, every row inserted with its own id, the id sequences set past
   them, the foreign keys checked, and one audit event that says what was restored.
   An older backup is then migrated forward to this code (its rows moved as the migrations say), and the
   audit event written after that. Migrations commit one by one: if one fails, restore again.
5. Only after that commit are the staged files moved into their folders.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from cakupan.backup.archive import ArchiveRefused, archive_open, file_member, manifest_read, table_member
from cakupan.backup.files import UnsafeName, file_location
from cakupan.backup.schema import applied_state, differences, past_targets
from cakupan.backup.tables import INSTALLATION, Table, backup_tables
from cakupan.common.bulk import bulk_insert

log = logging.getLogger(__name__)

READ_CHUNK = 1024 * 1024
ROWS_PER_WRITE = 5000


class RestoreRefused(ArchiveRefused):
    """The backup is not restored; the message says why. Nothing was changed."""


class FilesNotPlaced(Exception):
    """The database was restored, but its files could not all be moved into their folders."""


@dataclass(frozen=True)
class RestoreResult:
    created_at: str
    vendor: str
    tables: int
    rows: int
    files: int
    replaced: bool
    missing: list[str]


def backup_restore(*, path: Path, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    connection = connections[using]
    with archive_open(path) as archive:
        manifest = manifest_read(archive)
        targets = _check_migrations(manifest)
        tables = _check_tables(manifest, targets)
        _check_members(archive, manifest)
        with _staged_files(archive, manifest) as staging:
            if not replace:
                found = database_content(connection)
                if found:
                    shown = ", ".join(f"{label} ({count})" for label, count in found[:4])
                    raise RestoreRefused(
                        _(
                            "The database already holds data (%(tables)s). To replace everything in it with "
                            "the backup, add --replace."
                        )
                        % {"tables": shown}
                    )
            call_command("migrate", database=using, interactive=False, verbosity=0)
            if targets is None:
                rows = _load(archive, manifest, tables, connection, replace=replace)
            else:
                _migrate_back(connection, targets)
                rows = _load(archive, manifest, tables, connection, replace=replace, record=False)
                call_command("migrate", database=using, interactive=False, verbosity=0)
                with transaction.atomic(using=using):
                    _record(manifest, rows=rows, replace=replace)
            try:
                _move_into_place(staging, manifest)
            except OSError as exc:
                raise FilesNotPlaced(
                    _(
                        "The database was restored, but its files could not be put into their folders: "
                        "%(error)s. Make room or fix the permissions, then restore again with --replace."
                    )
                    % {"error": exc}
                ) from None
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    result = RestoreResult(
        created_at=manifest["created_at"],
        vendor=str(manifest["database"].get("vendor", "")),
        tables=len(tables),
        rows=rows,
        files=len(manifest["files"]),
        replaced=replace,
        missing=[str(m) for m in manifest.get("missing_files") or [] if isinstance(m, str)],
    )
    log.info(
        "backup %s restored: %s tables, %s rows, %s files", Path(path).name, result.tables, rows, result.files
    )
    return result


# --- checks before anything changes ------------------------------------------------------------------


def _check_migrations(manifest: dict[str, Any]) -> list[tuple[str, str]] | None:
    """None for a backup of this code's state; for an older backup, the migration targets of its state."""
    newer, older = differences(manifest["migrations"])
    if newer:
        raise RestoreRefused(
            _(
                "This backup was made by a newer version of Cakupan (its database has %(names)s). Install "
                "that version or a later one, then restore."
            )
            % {"names": ", ".join(newer[:3])}
        )
    if not older:
        return None
    targets = past_targets(manifest["migrations"])
    if targets is None:
        raise RestoreRefused(
            _(
                "This backup was made by an older version of Cakupan (its database lacks %(names)s). Restore "
                "it with the version that made it (%(version)s), then upgrade with `cakupan init`."
            )
            % {"names": ", ".join(older[:3]), "version": manifest.get("cakupan_version") or "?"}
        )
    return targets


def _check_tables(manifest: dict[str, Any], targets: list[tuple[str, str]] | None = None) -> list[Table]:
    """Each table of this code (or of the older backup's migration state) with its entry in the backup: the
    same tables, with the same columns."""
    entries = {entry["model"]: entry for entry in manifest["tables"]}
    tables: list[Table] = []
    registry = None
    if targets is not None:
        registry = MigrationLoader(None, ignore_no_migrations=True).project_state(targets).apps
    for table in backup_tables(registry):
        entry = entries.pop(table.label, None)
        if registry is not None and entry is not None and sorted(entry["columns"]) == sorted(table.columns):
            # The model of a past state lists its fields in the order its migrations added them; the
            # version that made the backup wrote them in its model's order.
            table = Table(table.model, order=tuple(entry["columns"]))
        if entry is None or entry["columns"] != table.columns:
            raise RestoreRefused(
                _("The table %(table)s of the backup does not match this version of Cakupan.")
                % {"table": table.label}
            )
        tables.append(table)
    if entries:
        raise RestoreRefused(
            _("The backup has tables this version of Cakupan does not know: %(tables)s.")
            % {"tables": ", ".join(sorted(entries)[:3])}
        )
    return tables


def _check_members(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every table whole: its row count and SHA-256 as the manifest says (the ZIP checksum is checked too)."""
    for entry in manifest["tables"]:
        digest = hashlib.sha256()
        lines = 0
        with _member(archive, table_member(entry["model"])) as member:
            while chunk := _read(member):
                digest.update(chunk)
                lines += chunk.count(b"\n")
        if lines != entry["rows"] or digest.hexdigest() != entry["sha256"]:
            raise _damaged(table_member(entry["model"]))


@contextmanager
def _member(archive: zipfile.ZipFile, name: str) -> Iterator[Any]:
    try:
        member = archive.open(name)
    except KeyError:
        missing = _("The backup is incomplete: %(member)s is missing.") % {"member": name}
        raise RestoreRefused(missing) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise _damaged(name) from None
    with member:
        yield member


def _read(member: Any) -> bytes:
    try:
        return bytes(member.read(READ_CHUNK))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):  # a wrong CRC, a cut-off member
        raise _damaged(member.name) from None


def _damaged(name: str) -> RestoreRefused:
    return RestoreRefused(_("The backup is damaged: %(member)s is not as it was written.") % {"member": name})


@contextmanager
def _staged_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> Iterator[Path]:
    """The files unpacked and checked in a folder beside their destination; removed whatever happens."""
    staging = Path(settings.DATA_DIR) / f".restore-{secrets.token_hex(6)}"
    try:
        try:
            staging.mkdir(parents=True)
            for entry in manifest["files"]:
                _unpack(archive, entry, staging)
        except OSError as exc:  # a full disk, a data folder this account may not write
            raise RestoreRefused(
                _("The files of the backup cannot be unpacked into %(folder)s: %(error)s")
                % {"folder": settings.DATA_DIR, "error": exc.strerror or exc}
            ) from None
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpack(archive: zipfile.ZipFile, entry: dict[str, Any], staging: Path) -> None:
    name = entry["name"]
    try:
        file_location(name)
    except UnsafeName:
        raise RestoreRefused(
            _("The backup names a file outside the data folders: %(name)s.") % {"name": name}
        ) from None
    target = staging / name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with _member(archive, file_member(name)) as member, target.open("xb") as out:
        while chunk := _read(member):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry["sha256"]:
        raise _damaged(file_member(name))


def database_content(connection: BaseDatabaseWrapper) -> list[tuple[str, int]]:
    """(table, rows) of every table holding someone's work; empty for a new installation."""
    existing = set(connection.introspection.table_names())
    found: list[tuple[str, int]] = []
    for table in backup_tables():
        if table.label in INSTALLATION or table.name not in existing:
            continue
        count = table.model._base_manager.using(connection.alias).count()
        if count:
            found.append((table.label, count))
    return found


# --- the change itself ----------------------------------------------------------------------------------


def _migrate_back(connection: BaseDatabaseWrapper, targets: list[tuple[str, str]]) -> None:
    """Empty every table, then take the schema back to the older backup's state (migrations undone on
    empty tables need no data moved back)."""
    current = [t.name for t in backup_tables()]
    existing = set(connection.introspection.table_names())
    with _constraints_checked_at_end(connection), transaction.atomic(using=connection.alias):
        flush = connection.ops.sql_flush(
            no_style(), [n for n in current if n in existing], reset_sequences=True, allow_cascade=True
        )
        connection.ops.execute_sql_flush(flush)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(targets)
    except IrreversibleError as exc:
        raise RestoreRefused(
            _("This older backup can be restored only into a new, empty database (%(reason)s).")
            % {"reason": exc}
        ) from None
    if applied_state(connection) == {}:
        raise RestoreRefused(_("The database could not be taken back to the backup's state."))


def _load(
    archive: zipfile.ZipFile,
    manifest: dict[str, Any],
    tables: list[Table],
    connection: BaseDatabaseWrapper,
    *,
    replace: bool,
    record: bool = True,
) -> int:
    models = [table.model for table in tables]
    with _constraints_checked_at_end(connection), transaction.atomic(using=connection.alias):
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), [t.name for t in tables], reset_sequences=True)
        )
        rows = 0
        for table in tables:
            rows += _insert(archive, table, connection)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        if connection.vendor == "sqlite":
            connection.check_constraints(table_names=[t.name for t in tables])
        if record:
            _record(manifest, rows=rows, replace=replace)
    return rows


@contextmanager
def _constraints_checked_at_end(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Rows go in table by table, so a row may arrive before the one it refers to. PostgreSQL's foreign
    keys are checked at commit already (Django makes them DEFERRABLE INITIALLY DEFERRED); SQLite's are
    switched off for the transaction (only possible outside one) and checked by `_load` before the commit."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    disabled = connection.disable_constraint_checking()
    try:
        yield
    finally:
        if disabled:
            connection.enable_constraint_checking()


def _insert(archive: zipfile.ZipFile, table: Table, connection: BaseDatabaseWrapper) -> int:
    decode = table.decoder(connection)

    def rows() -> Iterator[list[Any]]:
        with _member(archive, table_member(table.label)) as member:
            pending = b""
            while chunk := _read(member):
                lines = (pending + chunk).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    yield decode(json.loads(line))
            if pending.strip():
                yield decode(json.loads(pending))

    return bulk_insert(table.model, table.attnames, rows())


def _record(manifest: dict[str, Any], *, rows: int, replace: bool) -> None:
    from cakupan.audit.choices import Action
    from cakupan.audit.services import audit_bulk

    audit_bulk(
        entity_type="backup.archive",
        action=Action.IMPORT,
        summary={
            "created_at": manifest["created_at"],
            "database": manifest["database"].get("vendor", ""),
            "cakupan_version": manifest.get("cakupan_version", ""),
            "tables": len(manifest["tables"]),
            "rows": rows,
            "files": len(manifest["files"]),
            "replaced": replace,
        },
        note=f"Restore of the backup made at {manifest['created_at']}: {rows} rows, "
        f"{len(manifest['files'])} files" + ("; the previous content was replaced." if replace else "."),
    )


def _move_into_place(staging: Path, manifest: dict[str, Any]) -> None:
    for entry in manifest["files"]:
        target = file_location(entry["name"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / entry["name"], target)
