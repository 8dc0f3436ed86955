"""The API operation that imports a Monev dataset, under /api/v1/monev/ (assembled by `cakupan.monev.api`)."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from cakupan.common.api import (
    READ_AUTH,
    WRITE_AUTH,
    Error,
    error_body,
    file_refused,
    responses,
)
from cakupan.common.nik_guard import upload_name
from cakupan.imports.api import MAX_API_UPLOAD, FileImportOut, file_report
from cakupan.imports.models import ImportBatch
from cakupan.monev import selectors, services
from cakupan.monev.importing import MONEV_DATASETS, validate_monev_file

router = Router(tags=["Monev"], auth=READ_AUTH)


class MonevImportReportOut(FileImportOut):
    regions: list[str]


@router.post(
    path="/imports",
    auth=WRITE_AUTH,
    response=responses({200: MonevImportReportOut, 201: MonevImportReportOut, 403: Error, 422: Error}),
    summary="Upload a file of a Monev dataset (with dry_run to validate only)",
)
def monev_import_upload(
    request: HttpRequest,
    dataset: Form[Literal["vulnerable_funding", "benefits", "budget_lines", "perisai_agents"]],
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Any:
    """As `POST /api/v1/imports` for the Monev datasets, with the checks of the web upload: the whole
    file is validated, and a file with any problem (including a row for a region outside the caller's)
    stores nothing and answers 422 with every problem in `error.problems`. Funding needs `write_monev`,
    benefits `import_benefits`, for the regions of the rows. 201 when stored, 200 on a dry run or when
    every row equals the stored one."""
    if dataset not in MONEV_DATASETS:
        return Status(
            422,
            error_body(
                "invalid", "Unknown dataset.", fields={"dataset": [f"one of {', '.join(MONEV_DATASETS)}"]}
            ),
        )
    scope = selectors.import_scope(request.user, dataset)
    if scope.is_empty:
        raise PermissionDenied(f"Your role may not import {dataset}.")
    if (file.size or 0) > MAX_API_UPLOAD:
        return Status(422, error_body("invalid", "The file is larger than 50 MB."))
    validation = validate_monev_file(
        dataset_name=dataset, file_name=upload_name(file.name, kind=dataset), content=file.read(), scope=scope
    )
    if not validation.ok:
        return file_refused(validation.problems)
    report = file_report(
        file=validation.file_name,
        dataset=dataset,
        sha256=validation.sha256,
        dry_run=dry_run,
        rows=len(validation.rows),
        regions=validation.region_codes,
    )
    if dry_run:
        plan = services.monev_import_plan(validation=validation)
    else:
        batch, plan = services.monev_import_commit(
            validation=validation, by=request.user, source=ImportBatch.Source.API
        )
        if batch is not None:
            report.update(stored=True, batch_id=batch.pk)
    report.update(new=len(plan.new), replaced=len(plan.replaced), unchanged=plan.unchanged)
    return Status(201 if report["stored"] else 200, report)
