"""API operations of compliance. No `from __future__ import annotations` here: django-ninja builds its
parameter models from the real annotations of each operation."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cakupan.common.api import (
    WRITE_AUTH,
    Error,
    FileImportOut,
    NikFreeText,
    Pages,
    error_body,
    file_refused,
    responses,
)
from cakupan.common.nik_guard import upload_name
from cakupan.compliance import selectors
from cakupan.compliance.downloads import stage_rows, summary_rows
from cakupan.compliance.models import Finding
from cakupan.compliance.services import employers_import
from cakupan.imports.api import MAX_API_UPLOAD
from cakupan.imports.models import ImportBatch
from cakupan.regions.selectors import region_get

router = Router(tags=["Compliance"], auth=WRITE_AUTH)


class LicensingOut(Schema):
    employer_id: int
    name: str
    npp: str
    nib: str
    region_code: str
    status: Literal["compliant", "not_compliant", "in_process", "sanctioned"]
    stage: str
    stage_label: str
    case_id: int | None
    since: datetime.date | None
    reason: str
    rules: list[str]
    period: str


class EmployersImportOut(FileImportOut):
    regions: int
    periods: list[str]
    new_employers: int
    findings: int


class StageOut(Schema):
    status: str
    label: str
    cases: int
    median_days: float | None


class RegionSummaryOut(Schema):
    region_code: str
    as_of: datetime.date
    candidates: int
    open_cases: int
    overdue: int
    due_this_week: int
    workers_registered_after_case: int
    sanctions_imposed: int
    sanctions_lifted: int
    stages: list[StageOut]


class CandidateOut(Schema):
    employer_id: int
    key: str
    npp: str
    nib: str
    name: str
    region_code: str
    period: str
    rules: list[str]
    size_class: str
    reported_workers: int
    registered_workers: int
    worker_shortfall: int
    wage_shortfall_idr: int
    missing_programs: list[str]
    contribution_shortfall_idr: int

    @staticmethod
    def resolve_key(obj: Finding) -> str:
        return obj.employer.key

    @staticmethod
    def resolve_npp(obj: Finding) -> str:
        return obj.employer.npp

    @staticmethod
    def resolve_nib(obj: Finding) -> str:
        return obj.employer.nib

    @staticmethod
    def resolve_name(obj: Finding) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_region_code(obj: Finding) -> str:
        return obj.region_id

    @staticmethod
    def resolve_rules(obj: Finding) -> list[str]:
        return obj.rule_list

    @staticmethod
    def resolve_missing_programs(obj: Finding) -> list[str]:
        return [p for p in obj.missing_programs.split(";") if p]


class CandidateFilters(Schema):
    sort: Literal["kekurangan_iuran", "kekurangan_pekerja", "nama", "wilayah", "periode"] = "kekurangan_iuran"
    descending: bool = True


# Before the licensing check's `/employers/{identifier}`, so that `imports` is not read as an identifier.
@router.post(
    "/employers/imports",
    response=responses({200: EmployersImportOut, 201: EmployersImportOut, 403: Error, 422: Error}),
    summary="Upload an employers file (with dry_run to validate only)",
)
def employers_import_upload(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Any:
    """The employers import of the command line and the web page: the whole file is validated, rows of
    regions outside your own are problems, and a file with any problem stores nothing and answers 422 with
    every problem (file, row, column, value, reason) in `error.problems`. A valid file answers 201 when
    stored (detection runs for its employers), 200 on a dry run or when every position equals the stored
    one."""
    scope = selectors.import_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied("Your role may not import employers.")
    if (file.size or 0) > MAX_API_UPLOAD:
        return Status(422, error_body("invalid", "The file is larger than 50 MB."))
    outcome = employers_import(
        file_name=upload_name(file.name, kind="employers"),
        content=file.read(),
        by=request.user,  # type: ignore[arg-type]
        source=ImportBatch.Source.API,
        scope=scope,
        dry_run=dry_run,
    )
    problems = outcome.validation.problems
    if problems:
        return file_refused(problems)
    report = outcome.as_dict()
    body = {k: report[k] for k in EmployersImportOut.model_fields if k in report} | {
        "batch_id": report["batch"]
    }
    return Status(201 if outcome.stored else 200, body)


@router.get(
    "/employers/{identifier}",
    response=responses({200: LicensingOut, 403: Error, 404: Error, 409: Error}),
    summary="Licensing check of an employer by NIB or NPP",
)
def employer_licensing(request: HttpRequest, identifier: NikFreeText) -> Any:
    """For the one-stop licensing office: `compliant`, `not_compliant` (a finding, no case yet),
    `in_process` (with the stage and since when) or `sanctioned` (since when and why)."""
    if selectors.view_scope(request.user).is_empty:
        raise PermissionDenied("Your role may not see the compliance of employers.")
    try:
        employer = selectors.employer_find(request.user, identifier=identifier[:30])
    except selectors.EmployerAmbiguous as exc:
        names = "; ".join(f"{e.name} ({e.key})" for e in exc.employers)
        return Status(
            409,
            error_body(
                "ambiguous",
                f"{exc.identifier} names more than one employer ({names}); no answer is given until "
                "their NPP and NIB are corrected.",
            ),
        )
    if employer is None:
        raise Http404("No employer with this NIB or NPP in your regions.")
    status = selectors.licensing_status(employer)
    return {
        "employer_id": employer.pk,
        "name": employer.name,
        "npp": employer.npp,
        "nib": employer.nib,
        "region_code": employer.region_id,
        "status": status.status,
        "stage": status.stage,
        "stage_label": status.stage_label,
        "case_id": status.case_id,
        "since": status.since,
        "reason": status.reason,
        "rules": status.rules,
        "period": status.period,
    }


@router.get(
    "/regions/{code}/summary",
    response=responses({200: RegionSummaryOut, 403: Error, 404: Error}),
    summary="Compliance figures of a region",
)
def region_compliance_summary(request: HttpRequest, code: str) -> Any:
    """Cases by stage with the median days spent at each, overdue cases, workers newly registered by
    employers after a case was opened, and sanctions imposed and lifted."""
    region = region_get(code=code)
    if region is None:
        raise Http404("Unknown region code.")
    summary = selectors.region_summary(request.user, region_code=region.code)
    if summary is None:
        raise PermissionDenied("Your role may not see the compliance figures of this region.")
    # The same rows as the page's CSV and JSON downloads.
    (headline,) = summary_rows(summary)
    return {
        **headline,
        "stages": [{k: v for k, v in s.items() if k != "region_code"} for s in stage_rows(summary)],
    }


@router.get(
    "/regions/{code}/candidates",
    response=responses({200: list[CandidateOut], 403: Error, 404: Error}),
    summary="Employers of a region with a finding, with their shortfalls",
)
@paginate(Pages, page_size=100)
def region_candidates(request: HttpRequest, code: str, filters: Query[CandidateFilters]) -> QuerySet[Finding]:
    """The candidates page as data: workers not registered and the estimated monthly contribution
    shortfall at the rates valid for the position's month, sorted (by default the largest shortfall first)."""
    region = region_get(code=code)
    if region is None:
        raise Http404("Unknown region code.")
    if not selectors.can_view(request.user, region.code):
        raise PermissionDenied("Your role may not see the employers of this region.")
    return selectors.candidate_list(
        request.user, region_code=region.code, sort=filters.sort, descending=filters.descending
    )
