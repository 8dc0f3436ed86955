"""The API operation of the scorecard, under /api/v1/monev/ (assembled by `cakupan.monev.api`)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    Error,
    responses,
)
from cakupan.monev import scorecard as monev_scorecard
from cakupan.monev.api_parts import api_number, code_or_raw
from cakupan.monev.scorecard import downloads
from cakupan.monev.selectors import region_public

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
    region = region_public(code=code_or_raw(code))
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
