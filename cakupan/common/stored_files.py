"""Stored files (evidence, meeting documents, packs) sent back as attachments, streamed from disk in
blocks: the server never holds a whole file in memory, however large or however many readers at once."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404


def stored_file_response(
    path: Path, *, content_type: str, file_name: str, cache: str = "private, no-store"
) -> FileResponse:
    """The file as an attachment named `file_name`; Http404 when it is not on disk (a record whose file a
    restore did not bring back)."""
    try:
        handle = path.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=file_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"  # the declared type, never a guess from the bytes
    response["Cache-Control"] = cache
    return response
