"""API operations of compliance. No `from __future__ import annotations` here: django-ninja builds its
parameter models from the real annotations of each operation."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cakupan.common.api import WRITE_AUTH, Error, NikFreeText, Pages, error_body, file_refused, responses
from cakupan.common.nik_guard import upload_name
from cakupan.compliance import selectors
from cakupan.compliance.downloads import case_detail, letter_row, stage_rows, summary_rows
from cakupan.compliance.models import Finding, SizeClass
from cakupan.compliance.services import employers_import
from cakupan.compliance.transitions import STEPS, TransitionRefused, case_transition
from cakupan.imports.api import MAX_API_UPLOAD, FileImportOut
from cakupan.imports.models import ImportBatch
from cakupan.regions.selectors import region_get

router = Router(tags=["Compliance"], auth=WRITE_AUTH)


class LetterOut(Schema):
    """A referral, sanction or lifting letter: the step (code and label), number, date and document."""

    status: str
    status_label: str
    number: str
    date: datetime.date | None
    document_url: str | None
    document_name: str


class LicensingOut(Schema):
    employer_id: int
    name: str
    npp: str
    nib: str
    region_code: str
    status: Literal["compliant", "not_compliant", "in_process", "sanctioned"]
    status_label: str
    stage: str
    stage_label: str
    case_id: int | None
    since: datetime.date | None
    reason: str
    rules: list[str]
    rule_labels: list[str]
    period: str
    letters: list[LetterOut]


class CaseFileOut(Schema):
    file_name: str
    is_letter: bool
    url: str


class CaseEventOut(Schema):
    at: datetime.datetime
    from_status: str
    from_status_label: str
    to_status: str
    to_status_label: str
    by_role: str
    by_role_label: str
    letter_number: str
    letter_date: datetime.date | None
    note: str | None
    files: list[CaseFileOut]


class CaseOut(Schema):
    """A case. For the licensing office the shortfalls and notes are null, and only the referral,
    sanction and lifting steps carry their letter and its document."""

    case_id: int
    employer_id: int
    employer_name: str
    npp: str
    nib: str
    region_code: str
    status: str
    status_label: str
    rules: list[str]
    rule_labels: list[str]
    period: str
    next_from: datetime.date | None
    due_date: datetime.date | None
    worker_shortfall_at_open: int | None
    contribution_shortfall_at_open_idr: int | None
    events: list[CaseEventOut]


# The licensing answer's status in words (the code stays in `status`).
LICENSING_LABELS = {
    "compliant": gettext_lazy("Compliant"),
    "not_compliant": gettext_lazy("Not compliant (no case yet)"),
    "in_process": gettext_lazy("In process"),
    "sanctioned": gettext_lazy("Sanctioned"),
}


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
    rule_labels: list[str]
    size_class: str
    size_class_label: str
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
    def resolve_rule_labels(obj: Finding) -> list[str]:
        return obj.rule_labels

    @staticmethod
    def resolve_size_class_label(obj: Finding) -> str:
        return str(SizeClass(obj.size_class).label) if obj.size_class in SizeClass.values else ""

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
    status = selectors.licensing_status(request.user, employer)
    return {
        "employer_id": employer.pk,
        "name": employer.name,
        "npp": employer.npp,
        "nib": employer.nib,
        "region_code": employer.region_id,
        "status": status.status,
        "status_label": str(LICENSING_LABELS[status.status]),
        "stage": status.stage,
        "stage_label": status.stage_label,
        "case_id": status.case_id,
        "since": status.since,
        "reason": status.reason,
        "rules": status.rules,
        "rule_labels": status.rule_labels,
        "period": status.period,
        "letters": [letter_row(letter) for letter in status.letters],
    }


def _case_out(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = selectors.case_get(request.user, pk=case_id)
    if case is None:
        raise Http404("No case with this number in your regions.")
    details = selectors.sees_details(request.user, case.region_id)
    return case_detail(case, selectors.case_timeline(request.user, case), details=details)


@router.get(
    "/cases/{case_id}",
    response=responses({200: CaseOut, 403: Error, 404: Error}),
    summary="A compliance case with its steps and their letters",
)
def case_get(request: HttpRequest, case_id: int) -> Any:
    """The case's status and step and every step with its letter (number and date). The licensing
    office sees the referral, sanction and lifting letters with their documents, and no notes, evidence
    or shortfalls."""
    if selectors.view_scope(request.user).is_empty:
        raise PermissionDenied("Your role may not see compliance cases.")
    return _case_out(request, case_id)


class StepIn(Schema):
    note: NikFreeText
    letter_number: NikFreeText
    letter_date: datetime.date


@router.post(
    "/cases/{case_id}/steps/{action}",
    response=responses({200: CaseOut, 403: Error, 404: Error, 409: Error, 422: Error}),
    summary="Take a step of a case on its letter",
)
def case_step(
    request: HttpRequest,
    case_id: int,
    action: str,
    data: Form[StepIn],
    letter_file: File[UploadedFile] | None = None,
) -> Any:
    """The next step (`warn1`, `warn2`, `inspect`, `refer`, `recheck`, `close`, `sanction`, `lift`) with
    the letter's number and date (and, optionally, the letter as a PDF or image): its deadlines count
    from the letter's date. A letter dated after today, more than the configured number of days ago, or
    before the previous step's letter is refused (422, `error.code` says which); a step not possible
    now is 409; a role that may not take it 403."""
    case = selectors.case_get(request.user, pk=case_id)
    if case is None or action not in STEPS:
        raise Http404("No such case or step.")
    try:
        case_transition(
            case=case,
            action=action,
            by=request.user,  # type: ignore[arg-type]
            note=data.note,
            letter_number=data.letter_number,
            letter_date=data.letter_date,
            letter_file=letter_file,
        )
    except TransitionRefused as exc:
        if exc.code == "role":
            raise PermissionDenied(str(exc)) from None
        status = 422 if exc.code.startswith("letter") or exc.code in {"note", "evidence"} else 409
        return Status(status, error_body(exc.code, str(exc)))
    return _case_out(request, case_id)


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
    if not selectors.sees_details(request.user, region.code):
        raise PermissionDenied("Your role sees the compliance status of employers, not their shortfalls.")
    return selectors.candidate_list(
        request.user, region_code=region.code, sort=filters.sort, descending=filters.descending
    )
