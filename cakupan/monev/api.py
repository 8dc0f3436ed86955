"""API operations of the Monev register. No `from __future__ import annotations` here: django-ninja builds
its parameter models from the real annotations of each operation."""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.files import UploadedFile

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    WRITE_AUTH,
    Error,
    NikFreeText,
    error_body,
    file_refused,
    responses,
)
from cakupan.common.nik_guard import upload_name
from cakupan.imports.api import MAX_API_UPLOAD, FileImportOut, file_report
from cakupan.imports.models import ImportBatch
from cakupan.monev import downloads, selectors, services
from cakupan.monev import scorecard as monev_scorecard
from cakupan.monev.api_parts import api_number, code_or_raw
from cakupan.monev.funding.api import router as funding_router
from cakupan.monev.importing import MONEV_DATASETS, validate_monev_file
from cakupan.monev.meetings.api import router as meetings_router
from cakupan.monev.models import AddresseeReport
from cakupan.monev.outreach.api import router as outreach_router
from cakupan.monev.regulations.api import router as regulations_router
from cakupan.monev.targets.api import router as targets_router
from cakupan.regions.selectors import region_get

router = Router(tags=["Monev"], auth=READ_AUTH)


class AspectOut(Schema):
    aspect: str
    aspect_label: str
    has_data: bool
    score: float | None = Field(
        description="0 to 100; null when the aspect has no data (left out of the index)"
    )
    weight: float | int
    measured: float | int | None = Field(description="What was measured, in `unit`")
    of: float | int | None = Field(description="What it is measured against, in `unit`")
    unit: str = Field(
        description="percent, points, instructions, worker_months, workers, staff, cases, follow_ups "
        "or meetings"
    )
    amount_idr: int | None = Field(description="The budget aspect: rupiah of the regional budgets")
    evidence_url: str


class ScoreOut(Schema):
    region_code: str
    region_name: str
    rank: int | None = Field(description="null: not ranked (too little of the weight has data)")
    ranked: bool
    index: float | None = Field(description="Weighted mean of the aspects with data")
    covered_weight_pct: float | None = Field(description="Share of the weight carried by aspects with data")
    aspects: list[AspectOut]


class ScorecardOut(Schema):
    region_code: str
    year: int
    period: str | None
    min_covered_weight_pct: float | None = Field(
        description="The share of the weight a region's data must cover to be ranked"
    )
    bpu_monthly_idr: int | None = Field(
        description="The minimum BPU contribution a worker a month with which the budget aspect counts"
    )
    rows: list[ScoreOut]


@router.get(
    openapi_extra=PUBLIC,
    path="/scorecard/{code}/{year}",
    response=responses({200: ScorecardOut, 403: Error, 404: Error}),
    summary="Scorecard and ranking of the provinces (00) or of a province's regencies and cities",
)
def monev_scorecard_detail(
    request: HttpRequest, code: str, year: int = Path(..., ge=2000, le=2100)
) -> dict[str, Any]:
    region = selectors.region_public(code=code_or_raw(code))
    card = monev_scorecard.scorecard(request.user, region=region, year=year)
    return {
        "region_code": region.code,
        "year": card.year,
        "period": card.period,
        "min_covered_weight_pct": api_number(card.min_covered_pct),
        "bpu_monthly_idr": card.bpu_monthly_idr,
        "rows": [
            {
                **downloads.scorecard_region(row),
                "aspects": [downloads.scorecard_aspect(a) for a in row.aspects],
            }
            for row in card.rows
        ],
    }


class BenefitLineOut(Schema):
    program: str
    program_label: str
    claims: int
    amount_idr: int


class BenefitMonthOut(Schema):
    period: str
    claims: int
    amount_idr: int


class BenefitsOut(Schema):
    region_code: str
    period: str | None
    from_children: bool
    programs: list[BenefitLineOut]
    trend: list[BenefitMonthOut]


@router.get(
    openapi_extra=PUBLIC,
    path="/benefits/{code}",
    response=responses({200: BenefitsOut, 403: Error, 404: Error}),
    summary="Benefits paid in a region by program, with the monthly trend",
)
def monev_benefits_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    data = selectors.region_benefits(request.user, code=code_or_raw(code))
    return {
        "region_code": data.region.code,
        "period": data.period,
        "from_children": data.from_children,
        "programs": [
            {
                "program": x.program,
                "program_label": downloads.program_label(x.program),
                "claims": x.claims,
                "amount_idr": x.amount_idr,
            }
            for x in data.lines
        ],
        "trend": [{"period": m.period, "claims": m.claims, "amount_idr": m.amount_idr} for m in data.trend],
    }


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


class AddresseeReportOut(Schema):
    id: int
    kind: str
    kind_label: str
    addressee: str
    region_code: str
    region_name: str
    semester: str
    text: str
    document_url: str | None
    entered_by: str | None
    entered_at: datetime


class AddresseeReportIn(Schema):
    kind: Literal["MINISTER", "AGENCY_HEAD", "GOVERNOR", "REGENT", "MAYOR"]
    addressee: NikFreeText = Field(max_length=300)  # the model's column: longer is a 422, not a 500
    region: str = Field(max_length=20)
    year: int = Field(ge=1, le=9999)  # a year the database can hold; the service says which it accepts
    half: Literal[1, 2]
    text: NikFreeText


@router.get(
    path="/addressee-reports",
    auth=WRITE_AUTH,  # working records: a token or a session, never anonymous (401)
    response=responses({200: list[AddresseeReportOut], 403: Error}),
    summary="What the Inpres 2/2021 addressees reported, in the regions the caller may see",
)
def monev_addressee_report_list(
    request: HttpRequest, year: int | None = None, half: int | None = None
) -> list[dict[str, Any]]:
    """Ministers' and heads of agencies' reports are the nation's (national roles); a governor's is its
    province's, a regent's or mayor's its regency's or city's. `kind_label` is in the caller's language."""
    if selectors.records_scope(request.user).is_empty:
        raise PermissionDenied("Your role may not see Monev records.")
    rows = selectors.addressee_report_list(request.user, year=year, half=half)
    return [downloads.addressee_report_row(r) for r in rows[:1000]]


@router.post(
    path="/addressee-reports",
    auth=WRITE_AUTH,
    # 400: a body that is not JSON at all (ninja cannot parse it).
    response=responses({201: AddresseeReportOut, 400: Error, 403: Error, 404: Error, 422: Error}),
    summary="Record what an Inpres 2/2021 addressee reported for a half-year",
)
def monev_addressee_report_create(request: HttpRequest, data: AddresseeReportIn) -> Any:
    """Needs `write_monev` for the region: the nation (`00`) for a minister or head of agency, a
    province for a governor, a regency or city for a regent or mayor."""
    region = region_get(code=code_or_raw(data.region))
    if region is None:
        return Status(404, error_body("not_found", "Unknown region code."))
    try:
        report = services.addressee_report_create(
            kind=AddresseeReport.Kind(data.kind),
            addressee=data.addressee,
            region=region,
            year=data.year,
            half=data.half,
            text=data.text,
            document=None,
            by=request.user,
        )
    except ValidationError as exc:
        return Status(422, error_body("invalid", " ".join(exc.messages), fields=exc.message_dict))
    return Status(201, downloads.addressee_report_row(report))


# The operations of the sub-domain packages, under the same /api/v1/monev/ prefix.
router.add_router("", regulations_router)  # /regulations, /inpres/{code}
router.add_router("", funding_router)  # /budget/{code}
router.add_router("", meetings_router)  # /follow-ups/overdue
router.add_router("", targets_router)  # /commitments
router.add_router("", outreach_router)  # /agents…
