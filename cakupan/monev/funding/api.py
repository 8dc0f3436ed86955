"""The API operations of vulnerable-worker funding and the budget lines, under /api/v1/monev/ (assembled by
`cakupan.monev.api`). No `from __future__ import annotations`: django-ninja builds its parameter models
from the real annotations."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cakupan.common.api import PUBLIC, READ_AUTH, Error, responses
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.funding import downloads, selectors
from cakupan.monev.selectors import region_for_register

router = Router(tags=["Monev"], auth=READ_AUTH)


class BudgetFundingOut(Schema):
    region_code: str
    year: int
    funder: str
    workers: int
    months: int
    start_period: str | None
    amount_idr: int


class BudgetLineOut(Schema):
    region_code: str
    region_name: str
    year: int
    line: str = Field(..., description="NON_ASN, ELECTION, VULNERABLE or VILLAGE")
    line_label: str
    allocation_idr: int
    realisation_idr: int | None = Field(..., description="null: not reported yet")
    realised_pct: float | None
    funding_rows: int | None = Field(..., description="The vulnerable-workers line: its funding rows")
    funding_workers: int | None
    funding_idr: int | None
    funding: list[BudgetFundingOut] = Field(
        ...,
        description="The vulnerable-workers line's detail: the region's funding rows of the year",
    )


class BudgetRegisterOut(Schema):
    region_code: str
    region_name: str
    lines: list[BudgetLineOut]


class BudgetFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    openapi_extra=PUBLIC,
    path="/budget/{code}",
    response=responses({200: BudgetRegisterOut, 403: Error, 404: Error}),
    summary="Budget register: allocation and realisation per budget line of a region and those below it",
)
def monev_budget(request: HttpRequest, code: str, filters: Query[BudgetFilters]) -> dict[str, Any]:
    """Public as the vulnerable-worker funding is (district and village lines need a role for the
    region). The vulnerable-workers line carries its detail, the region's funding rows of the year."""
    region = region_for_register(request.user, code=code_or_raw(code))
    page = selectors.budget_page(request.user, region=region, year=filters.year)
    return {
        "region_code": region.code,
        "region_name": region.name,
        "lines": [
            {
                **downloads.budget_line_row(row),
                "funding": [downloads.funding_detail(grant) for grant in row.funding],
            }
            for row in page.rows
        ],
    }
