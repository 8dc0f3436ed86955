"""API operations. No `from __future__ import annotations` here: django-ninja builds its parameter
models from the real annotations of each operation."""

from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.api import WRITE_AUTH, Error, Figure, Pages, error_body, figure, file_refused, responses
from cakupan.common.nik_guard import upload_name
from cakupan.imports import file_templates, registry, selectors
from cakupan.imports.datasets import FIGURE_DATASETS, upload_datasets
from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.selectors import (
    InYourRegions,
    batch_in_your_regions,
    batch_legacy_get,
    batch_list,
    batch_may_look,
    batch_read,
    batch_region_codes,
    import_scope,
    importable_datasets,
)
from cakupan.imports.services import import_commit, import_plan
from cakupan.imports.templatetags.import_format import dataset_label, item_label
from cakupan.imports.validation import validate_file

router = Router(tags=["imports"], auth=WRITE_AUTH)
MAX_API_UPLOAD = 50 * 1024 * 1024


def file_report(
    *, file: str, dataset: str, sha256: str, dry_run: bool, rows: int, **extra: Any
) -> dict[str, Any]:
    """The start of a valid file's answer: nothing stored yet; the caller adds its counts."""
    return {
        "file": file,
        "dataset": dataset,
        "sha256": sha256,
        "valid": True,
        "dry_run": dry_run,
        "stored": False,
        "batch_id": None,
        "rows": rows,
        **extra,
    }


class FileImportOut(Schema):
    """What every file import over the API answers: the file, whether it is valid, and what was stored
    (nothing on a dry run). Each dataset adds its own counts."""

    file: str
    dataset: str
    dataset_label: str = Field(..., description="The dataset in words, in the answer's language")
    sha256: str
    valid: bool
    dry_run: bool
    stored: bool
    batch_id: int | None
    rows: int
    new: int
    replaced: int
    unchanged: int

    @staticmethod
    def resolve_dataset_label(obj: dict[str, Any]) -> str:
        name = str(obj["dataset"])
        return str(registry.get(name).label) if name in registry.names() else name


class ProblemOut(Schema):
    file: str
    row: int
    column: str
    value: str
    reason: str


class ImportWarningOut(Schema):
    file: str
    row: int
    column: str
    value: str
    reason: str


class ReplacedFigureOut(Schema):
    """A stored figure the file replaces, and the file that stored it."""

    row: int
    region_code: str
    when: str
    item: str
    item_label: str = Field(..., description="What the figure is, in words (PU aktif, jumlah)")
    old_value: Figure | None
    new_value: Figure | None
    old_batch_id: int
    old_file_name: str
    old_origin: Literal["aggregate", "participants", "file"] = Field(
        ...,
        description="participants: made by a participant file's rollup; aggregate: a participation figure "
        "of an aggregate file; file: a figure of any other dataset",
    )


class ImportReportOut(FileImportOut):
    regions: int
    periods: list[str]
    # Said though nothing is refused: e.g. BPS-looking codes in region_code (read as Kemendagri).
    warnings: list[ImportWarningOut] = []
    replaced_figures: list[ReplacedFigureOut] = Field(
        default=[], description="The first 200 stored figures the file replaces, each with its file"
    )


class InYourRegionsOut(Schema):
    regions: int
    replaced: int


class BatchOut(Schema):
    id: int
    dataset: str
    dataset_label: str
    file_name: str
    sha256: str
    size_bytes: int
    source: str
    source_label: str
    actor: str
    created_at: str
    rows: int
    new_figures: int
    replaced_figures: int
    unchanged_figures: int
    periods: list[str]
    regions: int
    simulated: bool
    # Counts only its dataset has (employers: new_employers, findings).
    details: dict[str, int]
    # The codes the batch read as other codes, in the reader's regions: [code as written, system (bps,
    # kemendagri or name), stored Kemendagri code], e.g. ["5301", "bps", "53.12"] (contract v2).
    region_codes: list[list[str]] = Field(
        ..., description="[code as written, system, stored code] of each code read as another"
    )
    # A batch recorded before every dataset shared one batch model: "monev.monevimport" or
    # "compliance.employerimport" and its id there (the `batch_id` the Monev and employers uploads answered).
    legacy_kind: str
    legacy_id: int | None
    # For a reader who sees only some of the batch's regions: how many of its regions, and of the figures
    # it replaced, are theirs (`regions` and `replaced_figures` count the whole batch). None otherwise.
    in_your_regions: InYourRegionsOut | None

    @staticmethod
    def resolve_created_at(obj: ImportBatch) -> str:
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_dataset_label(obj: ImportBatch) -> str:
        return dataset_label(obj.dataset)

    @staticmethod
    def resolve_source_label(obj: ImportBatch) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_in_your_regions(obj: ImportBatch, context: dict[str, Any]) -> InYourRegions | None:
        return batch_in_your_regions(context["request"].user, obj)

    @staticmethod
    def resolve_details(obj: ImportBatch) -> dict[str, int]:
        return {
            k: v for k, v in (obj.details or {}).items() if isinstance(v, int) and not isinstance(v, bool)
        }

    @staticmethod
    def resolve_region_codes(obj: ImportBatch, context: dict[str, Any]) -> list[list[str]]:
        return batch_region_codes(context["request"].user, obj)


class ChangeOut(Schema):
    region_code: str
    when: str
    item: str
    item_label: str = Field(..., description="What the figure is, in words (PU aktif, jumlah)")
    old_value: Figure
    new_value: Figure
    old_batch_id: int

    @staticmethod
    def resolve_region_code(obj: FigureChange) -> str:
        return obj.region_id

    @staticmethod
    def resolve_old_value(obj: FigureChange) -> Figure | None:
        return figure(obj.old_value)

    @staticmethod
    def resolve_new_value(obj: FigureChange) -> Figure | None:
        return figure(obj.new_value)

    @staticmethod
    def resolve_item_label(obj: FigureChange) -> str:
        return item_label(obj.item)


class BatchFilters(Schema):
    dataset: str | None = None


class _RegisteredDatasets:
    """The dataset parameter's enum, read from the registry each time the OpenAPI document is written, so
    that a dataset another app registers is listed (the parameter is a string: the operation checks it)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["enum"] = upload_datasets()
        schema["description"] = (
            "One of the registered datasets the import page takes (GET /api/v1/imports/datasets lists them "
            "with their columns); Monev registers and employers have uploads of their own"
        )
        return schema


UploadDataset = Annotated[str, _RegisteredDatasets()]


@router.post(
    "",
    response=responses({200: ImportReportOut, 201: ImportReportOut, 403: Error, 422: Error}),
    summary="Upload a file of a dataset (with dry_run to validate only)",
)
def import_upload(
    request: HttpRequest,
    dataset: Form[UploadDataset],
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Any:
    """Validates the whole file. A file with any problem stores nothing and answers 422 with every
    problem (file, row, column, value, reason) in `error.problems`. A valid file answers 201 when stored,
    200 on a dry run or when every figure equals the stored one."""
    accepted = upload_datasets()
    if dataset not in accepted:
        return Status(
            422,
            error_body("invalid", "Unknown dataset.", fields={"dataset": [f"one of {', '.join(accepted)}"]}),
        )
    scope = import_scope(request.user, dataset)
    if scope.is_empty:
        raise PermissionDenied(f"Your role may not import {dataset}.")
    if (file.size or 0) > MAX_API_UPLOAD:
        return Status(422, error_body("invalid", "The file is larger than 50 MB."))
    validation = validate_file(
        dataset_name=dataset,
        file_name=upload_name(file.name, kind=dataset),
        content=file.read(),
        scope=scope,
    )
    if not validation.ok:
        return file_refused(validation.problems, _refusal(len(validation.problems), validation.data_rows))
    report = file_report(
        file=validation.file_name,
        dataset=dataset,
        sha256=validation.sha256,
        dry_run=dry_run,
        rows=validation.data_rows,
        regions=validation.regions,
        periods=validation.periods,
        warnings=[w.as_dict() for w in validation.warnings],
    )
    if dry_run:
        plan = import_plan(validation=validation)
        return Status(
            200,
            {
                **report,
                "new": len(plan.new),
                "replaced": len(plan.replaced),
                "unchanged": plan.unchanged,
                "replaced_figures": selectors.replaced_figure_rows(request.user, plan, dataset=dataset),
            },
        )
    batch, plan = import_commit(validation=validation, by=request.user, source=ImportBatch.Source.API)  # type: ignore[arg-type]
    report.update(new=len(plan.new), replaced=len(plan.replaced), unchanged=plan.unchanged)
    if batch is None:
        return Status(200, report)
    return Status(201, {**report, "stored": True, "batch_id": batch.pk})


def _refusal(problems: int, rows: int) -> str:
    """The error's message; the error shape has no place for counts, so the rows read are said here."""
    return (
        f"The file is refused: {problems} problem{'' if problems == 1 else 's'} "
        f"in {rows} data row{'' if rows == 1 else 's'}. Nothing was stored."
    )


@router.get(
    "", response=responses({200: list[BatchOut], 403: Error}), summary="Import batches of your regions"
)
@paginate(Pages, page_size=50)
def batch_index(request: HttpRequest, filters: Query[BatchFilters]) -> QuerySet[ImportBatch]:
    if not access.can(request.user, Cap.VIEW_IMPORTS):
        raise PermissionDenied
    return batch_list(request.user, dataset=filters.dataset)


class DatasetColumnOut(Schema):
    name: str
    aliases: list[str]
    required: bool
    accepts: str
    example: str


class DatasetOut(Schema):
    name: str
    label: str
    description: str
    importable: bool
    # rows: read row by row (XLSX, CSV, Parquet); participants: the participant engine; geojson: boundaries.
    reader: str
    formats: list[str]
    columns: list[DatasetColumnOut]
    # None where no blank file is made (boundaries are drawn in a GIS; participant files get CSVs only).
    template_xlsx: str | None
    template_csv: str | None
    example_csv: str | None


@router.get(
    "/datasets",
    response=responses({200: list[DatasetOut]}),
    summary="Every dataset a file can be imported as, its columns and templates",
)
def dataset_index(request: HttpRequest) -> list[dict[str, Any]]:
    """From the one registry of datasets: the columns each accepts (with their Indonesian aliases), whether
    your roles may import it, the file types it is read from, and where its XLSX and CSV templates are.
    Participant files are read by the participant engine and boundaries (GeoJSON) by the map importer; they
    are listed with the columns those readers take."""
    importable = set(importable_datasets(request.user))

    def template(d: registry.Dataset, kind: str, url: str) -> str | None:
        return reverse(url, args=[d.name]) if kind in d.has_templates else None

    return [
        {
            "name": d.name,
            "label": str(d.label),
            "description": str(d.description),
            "importable": d.name in importable,
            "reader": d.reader,
            "formats": list(d.formats),
            "columns": file_templates.guide(d),
            "template_xlsx": template(d, "xlsx", "imports:template-xlsx"),
            "template_csv": template(d, "csv", "imports:template-csv"),
            "example_csv": template(d, "csv", "imports:example-csv"),
        }
        for d in registry.datasets()
    ]


LEGACY_KINDS = {"monev": "monev.monevimport", "employers": "compliance.employerimport"}


@router.get(
    "/legacy/{kind}/{legacy_id}",
    response=responses({200: BatchOut, 403: Error, 404: Error}),
    summary="An import batch by the id a Monev or employers upload answered before one batch model",
)
def batch_legacy_detail(
    request: HttpRequest, kind: Literal["monev", "employers"], legacy_id: int
) -> ImportBatch:
    """Monev and employers uploads once answered the id of their own batch records; those records are
    import batches now, found here by that old id (its `id` is the batch's id today)."""
    batch = batch_legacy_get(request.user, kind=LEGACY_KINDS[kind], legacy_id=legacy_id)
    if batch is None:
        if not access.can(request.user, Cap.VIEW_IMPORTS) and not batch_may_look(
            request.user, "employers" if kind == "employers" else "benefits"
        ):
            raise PermissionDenied
        raise Http404("No such import batch among your regions.")
    return batch


@router.get(
    "/{batch_id}", response=responses({200: BatchOut, 403: Error, 404: Error}), summary="One import batch"
)
def batch_detail(request: HttpRequest, batch_id: int) -> ImportBatch:
    """A batch of any dataset, seen as its dataset decides: figures by whoever sees imports of one of its
    regions; Monev and employers batches by their sender and whoever sees every one of their regions."""
    try:
        return batch_read(request.user, pk=batch_id)
    except Http404:
        raise Http404("No such import batch among your regions.") from None


@router.get(
    "/{batch_id}/changes",
    response=responses({200: list[ChangeOut], 403: Error, 404: Error}),
    summary="Figures an import batch replaced, with their earlier values",
)
@paginate(Pages, page_size=200)
def batch_changes(request: HttpRequest, batch_id: int) -> QuerySet[FigureChange]:
    """The figures a batch of a figure dataset replaced, in the regions whose imports you may see. (What a
    Monev or employers batch replaced is shown on its page, /impor/batch/{id}/.)"""
    batch = batch_detail(request, batch_id)
    if batch.dataset not in FIGURE_DATASETS:
        return batch.changes.none()
    return selectors.batch_changes(request.user, batch)
