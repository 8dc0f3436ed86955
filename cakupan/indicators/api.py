"""API operations. No `from __future__ import annotations` here: django-ninja builds its parameter
models from the real annotations of each operation."""

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BaseModel, ConfigDict, create_model

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    Error,
    ErrorDetail,
    Figure,
    Pages,
    error_body,
    figure,
    responses,
)
from cakupan.core.codes import CodeError, normalise
from cakupan.core.periods import PeriodError, parse_period
from cakupan.indicators import library, selectors, serialise
from cakupan.indicators.fields import Output, english
from cakupan.indicators.labels import dataset_label, indicator_label, segment_labels
from cakupan.indicators.models import Target
from cakupan.indicators.params import ParameterMissing
from cakupan.indicators.provenance import figure_sources, summarise
from cakupan.indicators.serialise import budget_dict, indicators_dict, ranking_dict, trend_dict
from cakupan.indicators.versions import region_version

router = Router(tags=["indicators"], auth=READ_AUTH)

# Months the data can hold: 2000-01 … 2100-12 (the importer accepts the same).
MONTH = r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"


def _month(raw: str) -> str:
    try:
        return parse_period(raw)
    except PeriodError as error:
        reasons = {
            "year": f"{raw}: the year must be between 2000 and 2100.",
            "month": f"{raw}: the month must be 01 to 12.",
        }
        message = reasons.get(error.reason, f"{raw} is not a month; write YYYY-MM, e.g. 2024-06.")
        raise HttpError(422, message) from None


class WarningOut(BaseModel):
    """A data-quality warning: its `kind`, the figures it names (coverage_rate, measure, reporting, ...),
    and the sentence the pages show. (A pydantic model, not a ninja Schema: it keeps those figures.)"""

    model_config = ConfigDict(extra="allow")
    kind: str
    text: str = Field(..., description="The warning in words, in the answer's language")


class CoverageMissingOut(BaseModel):
    """Why a region has no coverage rate: the reason's kind, the counts it names, and the words."""

    model_config = ConfigDict(extra="allow")
    kind: str = Field(..., description="no_workforce, no_participants, partial_participants, ...")
    text: str = Field(..., description="Why, in words")


def _structure(name: str) -> Any:
    """The schema of a structure the serialiser writes: the segments (generated below, from their own
    fields), the warnings and why there is no rate (above)."""
    if name == "segments":
        return dict[str, SegmentOut]
    if name == "warnings":
        return list[WarningOut]
    if name == "coverage_missing":
        return CoverageMissingOut | None
    raise KeyError(name)


def indicator_schema(
    name: str, written: dict[str, Output], names: Iterable[str] | None = None
) -> type[Schema]:
    """An API schema generated from the indicator fields (fields.py): each name with its type and its
    description in English; the structures (segments, warnings, why no rate) with their schemas."""
    properties: dict[str, Any] = {}
    for key in names if names is not None else written:
        output = written[key]
        kind = _structure(key) if output.type is None else output.type
        properties[key] = (kind, Field(..., description=english(output.description) or None))
    model: type[Schema] = create_model(name, __base__=Schema, __module__=__name__, **properties)
    return model


if TYPE_CHECKING:  # the type checker reads them as schemas; they are generated below
    SegmentOut = Schema
    BudgetOut = Schema
    IndicatorsOut = Schema
    RankedOut = Schema
    NotRankedOut = Schema
    TrendPointOut = Schema
else:
    SegmentOut = indicator_schema("SegmentOut", serialise.SEGMENT)
    BudgetOut = indicator_schema("BudgetOut", serialise.BUDGET)
    IndicatorsOut = indicator_schema("IndicatorsOut", serialise.INDICATORS)
    RankedOut = indicator_schema("RankedOut", serialise.RANKING, serialise.RANKED)
    NotRankedOut = indicator_schema("NotRankedOut", serialise.RANKING, serialise.NOT_RANKED)
    TrendPointOut = indicator_schema("TrendPointOut", serialise.TREND)


class RankingOut(Schema):
    parent_code: str
    period: str
    regions: list[RankedOut]
    not_ranked: list[NotRankedOut]


class NearestMonths(Schema):
    before: str | None = Field(..., description="The latest month with figures before the one asked for")
    after: str | None = Field(..., description="The earliest month with figures after it")


class NoDataDetail(ErrorDetail):
    code: str = Field(..., description="no_data, or not_found for an unknown region")
    # Only with `no_data`: an unknown region (`not_found`) has no months to point to.
    nearest: NearestMonths | None = None


class NoData(Schema):
    """A month without figures for the region (or, for a ranking, for any of its children), with the
    nearest months that have some; or a region that does not exist."""

    error: NoDataDetail


def _no_data(missing: selectors.NoFigures) -> Status:
    before, after = missing.nearest
    body = error_body("no_data", str(missing))
    body["error"]["nearest"] = {"before": before, "after": after}
    return Status(404, body)


class SourceBatchOut(Schema):
    batch_id: int
    dataset: str
    dataset_label: str = Field(..., description="The dataset in words, in the answer's language")
    file_name: str
    created_at: str
    rows: int
    simulated: bool
    periods: list[str] = Field(..., description="The months (years, for targets) of its figures used")
    sources: list[str] = Field(..., description="The sources its used figures name")


class DatasetSummaryOut(Schema):
    dataset: str
    dataset_label: str
    files: int
    sources: list[str]
    first: str | None
    last: str | None


class SourcesOut(Schema):
    region_code: str
    period: str
    figures_version: str = Field(..., description="The version of the figures (changes with a correction)")
    batches: list[SourceBatchOut]
    datasets: list[DatasetSummaryOut]


class TrendOut(Schema):
    region_code: str
    segment_labels: dict[str, str] = Field(..., description="Each segment of segments_active in words")
    points: list[TrendPointOut]


class TargetOut(Schema):
    region_code: str
    year: int
    indicator: str
    indicator_label: str = Field(..., description="The indicator in words, in the answer's language")
    value: Figure = Field(..., description="A count as an integer (12800), a rate in percent (33.69)")
    source: str

    @staticmethod
    def resolve_region_code(obj: Target) -> str:
        return obj.region_id

    @staticmethod
    def resolve_value(obj: Target) -> Figure | None:
        return figure(obj.value)

    @staticmethod
    def resolve_indicator_label(obj: Target) -> str:
        return indicator_label(obj.indicator)


class TargetFilters(Schema):
    region: str | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    indicator: str | None = None


@router.get(
    openapi_extra=PUBLIC,
    path="/indicators/{code}/{period}",
    response=responses({200: IndicatorsOut, 403: Error, 404: NoData, 422: Error}),
    summary="Indicators of one region in one month",
)
def indicators_detail(
    request: HttpRequest, code: str, period: str = Path(..., pattern=MONTH)
) -> dict[str, Any] | Status:
    """Every indicator of the data contract for a region (`00` = national) at the end of a month,
    exactly as `cakupan indicators REGION PERIOD --json` and the region page give them. A month without
    figures answers 404 `no_data` with the nearest months that have some."""
    try:
        found = selectors.indicators_get(request.user, code=code, period=_month(period))
    except selectors.NoFigures as missing:
        return _no_data(missing)
    return indicators_dict(found)


@router.get(
    openapi_extra=PUBLIC,
    path="/indicators/{code}/{period}/sources",
    response=responses({200: SourcesOut, 403: Error, 404: NoData, 422: Error}),
    summary="The import batches behind the indicators of one region in one month",
)
def indicators_sources(
    request: HttpRequest, code: str, period: str = Path(..., pattern=MONTH)
) -> dict[str, Any] | Status:
    """The batches whose figures the month's indicators were rolled up from: the participants of the month
    for the region and the regions under it, the workforce figures applied to it (the month actually used)
    and the year's targets; with one summary per dataset. The report's data sources, in full."""
    try:
        found = selectors.indicators_get(request.user, code=code, period=_month(period))
    except selectors.NoFigures as missing:
        return _no_data(missing)
    batches = figure_sources(found.region_code, found.period)
    return {
        "region_code": found.region_code,
        "period": found.period,
        "figures_version": region_version(found.region_code, found.period),
        "batches": [
            asdict(b) | {"created_at": b.created_at.isoformat(), "dataset_label": dataset_label(b.dataset)}
            for b in batches
        ],
        "datasets": [asdict(d) | {"dataset_label": dataset_label(d.dataset)} for d in summarise(batches)],
    }


@router.get(
    openapi_extra=PUBLIC,
    path="/ranking/{code}/{period}",
    response=responses({200: RankingOut, 403: Error, 404: NoData, 422: Error}),
    summary="The children of a region ranked by coverage",
)
def ranking_detail(
    request: HttpRequest, code: str, period: str = Path(..., pattern=MONTH)
) -> dict[str, Any] | Status:
    """Ranked children and those not ranked, with why. A month in which no child has figures answers 404
    `no_data` with the nearest months that have some."""
    try:
        region, rows = selectors.ranking_get(request.user, code=code, period=_month(period))
    except selectors.NoFigures as missing:
        return _no_data(missing)
    return ranking_dict(region.code, _month(period), rows)


@router.get(
    openapi_extra=PUBLIC,
    path="/trends/{code}",
    response=responses({200: TrendOut, 403: Error, 404: Error, 422: Error}),
    summary="Monthly figures of a region, oldest first",
)
def trend_detail(
    request: HttpRequest,
    code: str,
    end: str | None = Query(None, pattern=MONTH),
    months: int = Query(36, ge=1, le=240),
) -> dict[str, Any]:
    region, points = selectors.trend_get(
        request.user, code=code, end=_month(end) if end else None, months=months
    )
    return {"region_code": region.code, "segment_labels": segment_labels(), "points": trend_dict(points)}


@router.get(
    openapi_extra=PUBLIC,
    path="/targets",
    response=responses({200: list[TargetOut], 422: Error}),
    summary="Annual targets of regions",
)
@paginate(Pages, page_size=100)
def target_list(request: HttpRequest, filters: Query[TargetFilters]) -> QuerySet[Target]:
    qs = Target.objects.yearly().order_by("region_id", "year", "indicator")
    if filters.region:
        try:
            qs = qs.filter(region_id=normalise(filters.region))
        except CodeError:
            qs = qs.none()
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.indicator:
        qs = qs.filter(indicator=filters.indicator)
    return qs


@router.get(
    openapi_extra=PUBLIC,
    path="/budget",
    response=responses({200: BudgetOut, 404: Error, 422: Error}),
    summary="Budget for vulnerable workers",
)
def budget(
    request: HttpRequest,
    workers: int = Query(..., ge=0, le=100_000_000),
    months: int = Query(..., ge=0, le=120),
    as_of: date | None = None,
) -> dict[str, Any]:
    """The regional budget to pay the minimum BPU contribution (JKK + JKM) for N workers for M months,
    at the rates valid on `as_of` (default today)."""
    day = as_of or timezone.localdate()
    try:
        return budget_dict(library.contribution_budget(workers=workers, months=months, as_of=day))
    except ParameterMissing as exc:
        # The request is fine; no contribution rate is configured for that day.
        raise HttpError(404, str(exc)) from None
