"""Writes of the packs: present a meeting's pack (freeze its figures and keep its three files), as a
background job the meeting page follows."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from cakupan.jobs.registry import job_kind
from cakupan.jobs.runner import JobContext
from cakupan.monev import config as monev_config
from cakupan.monev.models import Document, Meeting
from cakupan.packs.content import Pack, pack_build, pack_values
from cakupan.packs.models import PackSnapshot
from cakupan.packs.render import FORMATS, pack_render

PRESENT_KIND = "packs.present"


def pack_file_store(*, pack: Pack, fmt: str, data: bytes, by: Any) -> Document:
    """A pack file kept as a Monev document of the host region (DATA_DIR/documents, random name)."""
    stored_name = f"{secrets.token_hex(16)}.{fmt}"
    path = monev_config.documents_dir() / stored_name
    with path.open("xb") as out:
        out.write(data)
    return Document.objects.create(
        region_id=pack.region_code,
        original_name=f"{pack.file_stem}.{fmt}",
        stored_name=stored_name,
        content_type=FORMATS[fmt],
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        public=False,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )


def pack_snapshot_create(*, meeting: Meeting, pack: Pack, files: dict[str, bytes], by: Any) -> PackSnapshot:
    """Freeze the pack as presented: its values, figures version and files, as the meeting's next version.
    All or nothing: a version that is not stored leaves no file behind."""
    documents: dict[str, Document] = {}
    try:
        with transaction.atomic():
            Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one version at a time
            latest = PackSnapshot.objects.filter(meeting=meeting).aggregate(v=Max("version"))["v"] or 0
            for fmt in FORMATS:
                documents[fmt] = pack_file_store(pack=pack, fmt=fmt, data=files[fmt], by=by)
            return PackSnapshot.objects.create(
                meeting=meeting,
                region_id=meeting.region_id,
                version=latest + 1,
                period=pack.period,
                lang=pack.lang,
                figures_version=pack.figures_version,
                values=pack_values(pack),
                simulated=pack.simulated,
                pptx=documents["pptx"],
                pdf=documents["pdf"],
                xlsx=documents["xlsx"],
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except BaseException:
        for document in documents.values():
            (monev_config.documents_dir() / document.stored_name).unlink(missing_ok=True)
        raise


def pack_present(*, user: Any, meeting: Meeting, period: str, lang: str, on_step: Any = None) -> PackSnapshot:
    """Build the pack as `user` reads it, render the three files, and freeze them as a new version."""
    pack = pack_build(user, code=meeting.region_id, period=period, lang=lang, meeting=meeting)
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        files[fmt] = pack_render(pack, fmt)
        if on_step is not None:
            on_step(fmt)
    return pack_snapshot_create(meeting=meeting, pack=pack, files=files, by=user)


@job_kind(
    PRESENT_KIND,
    label=gettext_lazy("Present a meeting pack"),
    reusable=False,  # every press makes a new version
)
def present_job(context: JobContext) -> None:
    from cakupan.audit.context import audit_context

    params = context.params
    meeting = Meeting.objects.select_related("region").get(pk=params["meeting"])
    user = context.job.created_by or AnonymousUser()
    context.start(len(FORMATS) + 1, message=str(meeting))
    with audit_context(source="web", actor=user):
        snapshot = pack_present(
            user=user,
            meeting=meeting,
            period=params["period"],
            lang=params["lang"],
            on_step=lambda fmt: context.advance(message=fmt.upper(), force=True),
        )
    context.advance(message=f"v{snapshot.version}", force=True)
