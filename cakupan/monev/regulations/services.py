"""Writing regulations, their documents and the Inpres 2/2021 matrix: keyword-only services, each in a
transaction, checking the writer's role."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.monev import config
from cakupan.monev.regulations.models import Document, InpresInstruction, Regulation
from cakupan.monev.selectors import require_writer
from cakupan.regions.models import Region


def document_check(upload: UploadedFile) -> str:
    """The type of an acceptable file (pdf, jpeg, png, docx); ValidationError saying why not."""
    limit = config.document_max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": limit // 2**20})
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    kind = config.EXTENSIONS.get(extension)
    allowed = config.document_types()
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Documents must be of type %(types)s.") % {"types": ", ".join(t.upper() for t in allowed)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in config.KNOWN_TYPES[kind][1]):
        raise ValidationError(_("The content of the file is not %(type)s.") % {"type": kind.upper()})
    return kind


def document_store(*, upload: UploadedFile, region: Region, public: bool, by: Any) -> Document:
    """Keep the file under DATA_DIR/documents with a random name; the record says what it is."""
    kind = document_check(upload)
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    digest = hashlib.sha256()
    path = config.documents_dir() / stored_name
    with path.open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return Document.objects.create(
        region=region,
        original_name=(upload.name or stored_name)[:255],
        stored_name=stored_name,
        content_type=config.KNOWN_TYPES[kind][0],
        size_bytes=upload.size or path.stat().st_size,
        sha256=digest.hexdigest(),
        public=public,
        uploaded_by=by,
    )


@transaction.atomic
def regulation_create(
    *,
    region: Region,
    kind: str,
    number: str,
    issued_on: date,
    title: str,
    topics: list[str],
    acts_on: Iterable[InpresInstruction],
    document: UploadedFile | None,
    by: Any,
) -> Regulation:
    require_writer(by, region.code)
    regulation = Regulation.objects.create(
        region=region,
        kind=kind,
        number=number,
        issued_on=issued_on,
        title=title,
        topics=sorted(set(topics)),
        document=document_store(upload=document, region=region, public=True, by=by) if document else None,
        created_by=by,
    )
    regulation.acts_on.set(list(acts_on))
    return regulation


@transaction.atomic
def regulation_update(
    *,
    regulation: Regulation,
    kind: str,
    number: str,
    issued_on: date,
    title: str,
    topics: list[str],
    acts_on: Iterable[InpresInstruction],
    document: UploadedFile | None,
    by: Any,
) -> Regulation:
    require_writer(by, regulation.region_id)
    regulation.kind = kind
    regulation.number = number
    regulation.issued_on = issued_on
    regulation.title = title
    regulation.topics = sorted(set(topics))
    if document is not None:
        regulation.document = document_store(upload=document, region=regulation.region, public=True, by=by)
    regulation.save()
    regulation.acts_on.set(list(acts_on))
    return regulation
