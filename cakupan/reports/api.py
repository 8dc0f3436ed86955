from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from cakupan.common.api import PUBLIC, READ_AUTH, WRITE_AUTH, Error, responses
from cakupan.core.periods import PeriodError, parse_period
from cakupan.indicators.api import MONTH
from cakupan.jobs.api import JobOut, job_out
from cakupan.jobs.services import job_enqueue
from cakupan.reports.content import NoFigures
from cakupan.reports.services import BATCH_KIND, batch_params, may_ask_for_batches, report_render

router = Router(tags=["reports"])


FILE_RESPONSES = {
    "200": {
        "description": "The report file",
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}


def _month(raw: str) -> str:
    try:
        return parse_period(raw)
    except PeriodError as error:
        raise HttpError(422, str(error)) from None


@router.get(
    "/{code}/{period}",
    auth=READ_AUTH,
    openapi_extra={**PUBLIC, "responses": FILE_RESPONSES},
    response=responses({403: Error, 404: Error, 422: Error}),
    summary="The Monev report of a region and month (PDF or XLSX)",
)
def report_file(
    request: HttpRequest,
    code: str,
    period: str = Path(..., pattern=MONTH),
    format: Literal["pdf", "xlsx"] = Query("pdf"),
    lang: Literal["id", "en"] = Query("id"),
) -> HttpResponse:
    """The same figures as the region page and `/indicators/{code}/{period}`; district reports need a
    token with a role for the region."""
    try:
        rendered = report_render(user=request.user, code=code, period=_month(period), fmt=format, lang=lang)
    except NoFigures:
        raise HttpError(404, "No figures for this region in this month.") from None
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
    return response


class BatchIn(Schema):
    level: Literal["provinsi", "kabupaten", "semua"]
    period: str = Field(..., pattern=MONTH)
    format: Literal["pdf", "xlsx"] = "pdf"
    lang: Literal["id", "en"] = "id"


@router.post(
    "/batch",
    auth=WRITE_AUTH,
    response=responses({202: JobOut, 400: Error, 403: Error, 422: Error}),
    summary="Ask for the reports of all regions of a level (a background job)",
)
def batch_create(request: HttpRequest, body: BatchIn) -> Status:
    """Returns the job to follow at `/api/v1/jobs/{id}`; the same request on the same figures
    returns the job already made or under way."""
    if not may_ask_for_batches(request.user, {}):
        raise HttpError(403, "A role is needed to ask for report batches.")
    params = batch_params(level=body.level, period=_month(body.period), fmt=body.format, lang=body.lang)
    job, _created = job_enqueue(kind=BATCH_KIND, params=params, by=request.user)
    return Status(202, job_out(job))
