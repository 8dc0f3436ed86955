"""Command-line parts of backup and restore, registered in `cakupan/backup/commands.py`:

- `cakupan backup FILE [--json]`: the database and the files its rows refer to, from one consistent
  snapshot, while the application runs. FILE is either the whole backup or left as it was.
- `cakupan restore FILE [--replace] [--json]`: checks the whole backup, then restores it in one
  transaction; a database that already holds data is replaced only with --replace.

Exit codes as every command: 0 done, 1 refused (the message says why; nothing was changed), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="write the database and its files to one archive (consistent while the application runs)",
    )
    backup.add_argument("file", type=Path, help="the archive to write, e.g. cakupan-2026-06-30.zip")
    backup.add_argument("--json", action="store_true", help="machine-readable report")
    restore = sub.add_parser(
        "restore", parents=[common], help="restore a backup made by `cakupan backup` (all or nothing)"
    )
    restore.add_argument("file", type=Path, help="the archive written by `cakupan backup`")
    restore.add_argument(
        "--replace", action="store_true", help="replace everything the database holds now with the backup"
    )
    restore.add_argument("--json", action="store_true", help="machine-readable report")


def run_backup(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _

    from cakupan.backup.dump import BackupRefused, backup_create
    from cakupan.common.formatting import fmt_int

    if args.file.is_dir():
        _out(_("%(file)s is a folder; name the archive file to write.") % {"file": args.file}, sys.stderr)
        return EXIT_USAGE
    try:
        result = backup_create(path=args.file)
    except BackupRefused as exc:
        _out(str(exc), sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        _out(_("Cannot write %(file)s: %(error)s") % {"file": args.file, "error": exc.strerror}, sys.stderr)
        return EXIT_DATA
    for name in result.missing:
        _out(
            _("Warning: %(name)s is referred to by the database but missing from the data folder.")
            % {"name": name},
            sys.stderr,
        )
    if args.json:
        report = {
            "file": str(result.path),
            "tables": result.tables,
            "rows": result.rows,
            "files": result.files,
            "size_bytes": result.size_bytes,
            "sha256": result.sha256,
            "missing_files": result.missing,
        }
        _out(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(
        _("Backup written to %(path)s: %(tables)s tables, %(rows)s rows, %(files)s files (%(size)s bytes).")
        % {
            "path": result.path,
            "tables": fmt_int(result.tables, lang),
            "rows": fmt_int(result.rows, lang),
            "files": fmt_int(result.files, lang),
            "size": fmt_int(result.size_bytes, lang),
        }
    )
    _out(_("SHA-256 of the archive: %(sha)s") % {"sha": result.sha256})
    return EXIT_OK


def run_restore(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _

    from cakupan.backup.archive import ArchiveRefused
    from cakupan.backup.restore import FilesNotPlaced, backup_restore
    from cakupan.common.formatting import fmt_int

    if not args.file.is_file():
        _out(
            _("Cannot read %(file)s: %(error)s") % {"file": args.file, "error": _("no such file")}, sys.stderr
        )
        return EXIT_USAGE
    try:
        result = backup_restore(path=args.file, replace=args.replace)
    except ArchiveRefused as exc:
        _out(str(exc), sys.stderr)
        _out(_("Nothing was changed."), sys.stderr)
        return EXIT_DATA
    except FilesNotPlaced as exc:
        _out(str(exc), sys.stderr)
        return EXIT_DATA
    if args.json:
        report = {
            "file": str(args.file),
            "created_at": result.created_at,
            "database": result.vendor,
            "tables": result.tables,
            "rows": result.rows,
            "files": result.files,
            "replaced": result.replaced,
            "missing_files": result.missing,
        }
        _out(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(
        _(
            "Restored the backup made at %(when)s (%(vendor)s): %(tables)s tables, %(rows)s rows, "
            "%(files)s files."
        )
        % {
            "when": _local_time(result.created_at),
            "vendor": result.vendor,
            "tables": fmt_int(result.tables, lang),
            "rows": fmt_int(result.rows, lang),
            "files": fmt_int(result.files, lang),
        }
    )
    if result.replaced:
        _out(_("Everything the database held before was replaced."))
    for name in result.missing:
        _out(
            _("Warning: %(name)s was already missing when the backup was made.") % {"name": name}, sys.stderr
        )
    _out(_("Restart the application and the worker so that they show the restored data."))
    return EXIT_OK


def _local_time(iso: str) -> str:
    import datetime as dt

    from django.utils import timezone

    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %Z")
