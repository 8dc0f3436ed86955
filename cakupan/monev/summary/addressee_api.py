"""The API operations of the addressees' reports, under /api/v1/monev/ (assembled by `cakupan.monev.api`)."""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from cakupan.common.api import (
    READ_AUTH,
    WRITE_AUTH,
    Error,
    NikFreeText,
    error_body,
    responses,
)
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.selectors import records_scope
from cakupan.monev.summary import downloads, selectors, services
from cakupan.monev.summary.models import AddresseeReport
from cakupan.regions.selectors import region_get

router = Router(tags=["Monev"], auth=READ_AUTH)


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
    if records_scope(request.user).is_empty:
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
