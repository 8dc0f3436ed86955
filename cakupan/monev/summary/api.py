"""The six-monthly national summary as a file: `/api/v1/reports/summary/{year}/{half}` (mounted beside the
region report's operations, under the reports tag, where the API has always given it)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router

from cakupan.common.api import WRITE_AUTH, Error, responses
from cakupan.monev.summary.report import summary_render

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


@router.get(
    "/summary/{year}/{half}",
    auth=WRITE_AUTH,  # the working records of every region: a token or a session, never anonymous
    openapi_extra={"responses": FILE_RESPONSES},
    response=responses({403: Error}),
    summary="The six-monthly national summary (PDF or XLSX)",
)
def summary_file(
    request: HttpRequest,
    year: int = Path(..., ge=2000, le=2100),
    half: int = Path(..., ge=1, le=2),
    format: Literal["pdf", "xlsx"] = Query("pdf"),
    lang: Literal["id", "en"] = Query("id"),
) -> HttpResponse:
    """The figures of the page `/monev/ringkasan/?semester={year}-{half}`: national and per-province
    coverage against targets, regulations, vulnerable-worker funding and follow-ups. National roles only."""
    rendered = summary_render(user=request.user, year=year, half=half, fmt=format, lang=lang)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
    return response
