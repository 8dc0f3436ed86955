"""The archive: one ZIP file (random access, a checksum per member, Zip64 for large tables).

    manifest.json               what is inside, written last (see `manifest_read`)
    tables/<app>.<model>.jsonl  one line per row: a JSON array of the columns the manifest names
    files/<archive name>        the files the rows refer to (see `files`)

The manifest holds the format and its version, when the backup was made and from which database, the
migrations applied to it per app, and per table its columns, row count and SHA-256, per file its size and
SHA-256. A restore checks all of that before it changes anything.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "cakupan-backup"
VERSION = 1
MANIFEST = "manifest.json"

# Members whose content is compressed already: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".parquet", ".pdf", ".png", ".jpg", ".jpeg", ".zip", ".docx", ".xlsx", ".gz"})


class ArchiveRefused(Exception):
    """The archive cannot be restored; the message says why. Nothing was changed."""


def table_member(label: str) -> str:
    return f"tables/{label}.jsonl"


def file_member(name: str) -> str:
    return f"files/{name}"


def compression(name: str) -> int:
    packed = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
    return zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED


def archive_open(path: Any) -> zipfile.ZipFile:
    """The archive for reading; ArchiveRefused when it is not a whole ZIP file (a cut-off copy has no
    directory at its end)."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise ArchiveRefused(
            _("%(file)s is not a Cakupan backup, or it is damaged or incomplete.") % {"file": _name(path)}
        ) from None


def _name(path: Any) -> str:
    return PurePosixPath(str(path)).name


def manifest_read(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, checked for its format, version and shape."""
    damaged = ArchiveRefused(_("The backup is damaged: its manifest cannot be read."))
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ArchiveRefused(_("This is not a Cakupan backup: it has no manifest.")) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise damaged from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused(_("This is not a Cakupan backup: its manifest is of another kind."))
    if manifest.get("version") != VERSION:
        raise ArchiveRefused(
            _("This backup has format version %(found)s; this version of Cakupan reads version %(known)s.")
            % {"found": manifest.get("version"), "known": VERSION}
        )
    shape = {"migrations": dict, "tables": list, "files": list, "database": dict, "created_at": str}
    if any(not isinstance(manifest.get(key), kind) for key, kind in shape.items()):
        raise damaged
    tables_ok = all(
        isinstance(t, dict)
        and isinstance(t.get("model"), str)
        and isinstance(t.get("columns"), list)
        and isinstance(t.get("rows"), int)
        and isinstance(t.get("sha256"), str)
        for t in manifest["tables"]
    )
    files_ok = all(
        isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("sha256"), str)
        for f in manifest["files"]
    )
    migrations_ok = all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in manifest["migrations"].values()
    )
    if not (tables_ok and files_ok and migrations_ok):
        raise damaged
    return manifest
