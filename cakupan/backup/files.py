"""The files a backup carries: exactly those the database rows refer to. Each has a name in the archive that
says which folder of the data directory it belongs to, so a restore on another server puts it under that
server's own folders.

- `documents/<name>`: Monev documents (`monev.Document.stored_name`), under DATA_DIR/documents;
- `evidence/<name>`: evidence of compliance case steps (`compliance.Evidence.stored_name`), DATA_DIR/evidence;
- `participants/store/<name>`: the hash-only participant files list matching reads
  (`participants.ParticipantsIngest.stored_file`, relative to DATA_DIR);
- `media/jobs/<pk>-<key>/<name>`: the results of background jobs, under MEDIA_ROOT — no longer written
  (retention prunes them, see jobs/retention.py), still restored from archives made before.

Not carried, because they are made again, are pruned or are not data: the chart store (DATA_DIR/cache),
collected static files, uploads waiting for their preview (MEDIA_ROOT/staging and the like, kept for a day),
the folders of background jobs (report batch zips: asked again from the figures, pruned after
CAKUPAN_JOB_RETENTION_DAYS), the engine's work folder, the demo files and the secret key.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings

# First part of an archive name → the folder it lives under, below DATA_DIR ("" = MEDIA_ROOT).
ROOTS = ("documents", "evidence", "participants", "media")


class UnsafeName(ValueError):
    """A file name that would leave the folders a backup may write to."""


def file_location(name: str) -> Path:
    """Where the file of archive name `name` lives on this server."""
    path = PurePosixPath(name)
    parts = path.parts
    if path.is_absolute() or len(parts) < 2 or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise UnsafeName(name)
    if parts[0] not in ROOTS or (parts[0] == "participants" and parts[1] != "store"):
        raise UnsafeName(name)
    if parts[0] == "media":
        if parts[1] != "jobs":
            raise UnsafeName(name)
        return Path(settings.MEDIA_ROOT).joinpath(*parts[1:])
    return Path(settings.DATA_DIR).joinpath(*parts)


def referenced_files(using: str) -> list[str]:
    """Archive names of every file the rows of database `using` refer to (read inside the snapshot)."""
    from cakupan.compliance.models import Evidence
    from cakupan.monev.models import Document
    from cakupan.participants.models import ParticipantsIngest

    names: list[str] = []
    for stored in Document._base_manager.using(using).order_by("pk").values_list("stored_name", flat=True):
        names.append(f"documents/{PurePosixPath(stored).name}")
    for stored in Evidence._base_manager.using(using).order_by("pk").values_list("stored_name", flat=True):
        names.append(f"evidence/{PurePosixPath(stored).name}")
    ingests = ParticipantsIngest._base_manager.using(using).exclude(stored_file="").order_by("pk")
    for stored in ingests.values_list("stored_file", flat=True):
        names.append(PurePosixPath(Path(stored).as_posix()).as_posix())
    return list(dict.fromkeys(names))
