"""Records and files the Monev tests build on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet

from cakupan.imports.models import ImportBatch
from cakupan.imports.stores import RowPlan
from cakupan.monev import services
from cakupan.monev.importing import validate_monev_file
from cakupan.monev.meetings.models import FollowUp, Meeting
from cakupan.monev.meetings.services import follow_up_create, meeting_create
from cakupan.monev.regulations.models import InpresInstruction, Regulation
from cakupan.monev.regulations.services import regulation_create
from cakupan.regions.models import Region
from tests.personas import csv_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FUNDING_HEADER = ("region_code", "year", "funder", "workers", "months", "amount_idr")
BENEFITS_HEADER = ("region_code", "period", "program", "claims", "amount_idr")


def pdf(name: str = "perda.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def regulation(
    code: str,
    by: Any,
    *,
    number: str = "5 Tahun 2023",
    acts_on: tuple[str, ...] = ("REGULATION",),
    document: bool = False,
) -> Regulation:
    return regulation_create(
        region=region(code),
        kind=Regulation.Kind.PERDA,
        number=number,
        issued_on=dt.date(2023, 5, 2),
        title="Penyelenggaraan Perlindungan Jaminan Sosial Ketenagakerjaan",
        topics=[Regulation.Topic.VULNERABLE, Regulation.Topic.NON_ASN],
        acts_on=InpresInstruction.objects.filter(code__in=acts_on),
        document=pdf() if document else None,
        by=by,
    )


def meeting(code: str, by: Any, *, held_on: dt.date, place: str = "Kupang") -> Meeting:
    return meeting_create(
        region=region(code),
        held_on=held_on,
        place=place,
        institutions="Kemenko PMK\nKemendagri\nBPJS Ketenagakerjaan",
        agenda="Evaluasi Inpres 2/2021",
        by=by,
    )


def follow_up(m: Meeting, by: Any, *, action: str, due_on: dt.date) -> FollowUp:
    return follow_up_create(
        meeting=m, action=action, responsible="Disnakertrans", due_on=due_on, recommendation=None, by=by
    )


def commit(
    dataset: str, header: tuple[str, ...], rows: list[tuple[object, ...]], name: str = "f.csv", by: Any = None
) -> tuple[ImportBatch | None, RowPlan]:
    validation = validate_monev_file(dataset_name=dataset, file_name=name, content=csv_bytes(header, rows))
    assert validation.ok, [p.as_dict() for p in validation.problems]
    return services.monev_import_commit(validation=validation, by=by, source=ImportBatch.Source.CLI)


def monev_batches() -> QuerySet[ImportBatch]:
    """The import batches of the Monev datasets (every dataset's batch is an ImportBatch)."""
    return ImportBatch.objects.filter(dataset__in=("vulnerable_funding", "benefits"))
