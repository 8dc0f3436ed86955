"""Region boundaries over the API: a GeoJSON file validated whole and stored as one import batch, as the
command line and the admin's import page store it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.api import WRITE_AUTH, Error, error_body, file_refused, responses
from cakupan.common.nik_guard import upload_name
from cakupan.imports.api import MAX_API_UPLOAD, FileImportOut, file_report
from cakupan.imports.models import ImportBatch
from cakupan.maps.services import boundaries_import

router = Router(tags=["maps"], auth=WRITE_AUTH)


class BoundaryImportOut(FileImportOut):
    features: int
    vertices_in: int
    vertices_out: int


@router.post(
    "/boundaries",
    response=responses({200: BoundaryImportOut, 201: BoundaryImportOut, 403: Error, 422: Error}),
    summary="Upload region boundaries (GeoJSON), with dry_run to validate only",
)
def boundaries_upload(request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False) -> Any:
    """Validates the whole FeatureCollection. A file with any problem stores nothing and answers 422 with
    every problem (file, feature as row, column, value, reason). A valid file answers 201 when stored as an
    import batch, 200 on a dry run or when every boundary equals the stored one. National administrators
    only: boundaries are reference data of the whole country."""
    if not access.can(request.user, Cap.IMPORT_BOUNDARIES):
        raise PermissionDenied("Your role may not import boundaries.")
    if (file.size or 0) > MAX_API_UPLOAD:
        return Status(422, error_body("invalid", "The file is larger than 50 MB."))
    result = boundaries_import(
        file_name=upload_name(file.name or "boundaries.geojson", kind="boundaries"),
        content=file.read(),
        dry_run=dry_run,
        by=request.user,  # type: ignore[arg-type]
        source=ImportBatch.Source.API,
    )
    if not result.ok:
        return file_refused(result.problems)
    report = file_report(
        file=result.file_name,
        dataset="boundaries",
        sha256=result.sha256,
        dry_run=dry_run,
        rows=result.features,
        new=len(result.created),
        replaced=len(result.replaced),
        unchanged=len(result.unchanged),
        features=result.features,
        vertices_in=result.vertices_in,
        vertices_out=result.vertices_out,
    )
    if result.batch_id is None:
        return Status(200, report)
    return Status(201, {**report, "stored": True, "batch_id": result.batch_id})
