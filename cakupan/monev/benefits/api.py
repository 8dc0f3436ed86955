"""The API operation of the benefits paid, under /api/v1/monev/ (assembled by `cakupan.monev.api`)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    Error,
    responses,
)
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.benefits import downloads, selectors

router = Router(tags=["Monev"], auth=READ_AUTH)


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
