"""API operations of the data call. No `from __future__ import annotations` here: django-ninja builds its
parameter models from the real annotations of each operation."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from cakupan.common.api import WRITE_AUTH, Error, NikFreeText, error_body, responses
from cakupan.core.codes import CodeError, normalise
from cakupan.datacalls import selectors, services
from cakupan.datacalls.models import DataCall
from cakupan.monev.meetings.selectors import can_read_meeting
from cakupan.monev.models import Meeting
from cakupan.regions.models import Region

# Working records: a token or a session, never anonymous (401).
router = Router(tags=["Data calls"], auth=WRITE_AUTH)
MAX_ID = 2**31 - 1  # ids the database holds: a larger one is invalid input (422), not a server error


class CellOut(Schema):
    region_code: str
    region_name: str
    dataset: str
    period: str
    status: str  # requested, submitted, accepted, late
    status_label: str
    batch_id: int | None


class DataCallOut(Schema):
    id: int
    meeting_id: int
    host_code: str
    host_name: str
    meeting_date: date
    due_on: date
    datasets: list[str]
    periods: list[str]
    note: str
    created_at: datetime
    regions: list[str]  # the regions asked that the caller sees
    counts: dict[str, int]
    cells: list[CellOut]


class DataCallIn(Schema):
    meeting: int = Field(ge=1, le=MAX_ID)
    regions: list[str] = Field(min_length=1, max_length=600)
    datasets: list[str] = Field(min_length=1, max_length=20)
    periods: list[str] = Field(min_length=1, max_length=services.MAX_PERIODS)
    due_on: date
    note: NikFreeText = Field("", max_length=2000)


class AcceptIn(Schema):
    region: str = Field(max_length=20)
    dataset: str = Field(max_length=40)
    period: str = Field(max_length=7)


def _out(user: Any, call: DataCall) -> dict[str, Any]:
    table = selectors.data_call_table(user, call, today=timezone.localdate())
    return {
        "id": call.pk,
        "meeting_id": call.meeting_id,
        "host_code": call.region_id,
        "host_name": call.region.name,
        "meeting_date": call.meeting.held_on,
        "due_on": call.due_on,
        "datasets": call.datasets,
        "periods": call.periods,
        "note": call.note,
        "created_at": call.created_at,
        "regions": [row.region.code for row in table.rows],
        "counts": table.counts,
        "cells": [
            {
                "region_code": c.region.code,
                "region_name": c.region.name,
                "dataset": c.dataset,
                "period": c.period,
                "status": str(c.status),
                "status_label": c.status_label,
                "batch_id": c.batch_id,
            }
            for row in table.rows
            for c in row.cells
        ],
    }


def _code(raw: str) -> str:
    try:
        return normalise(raw.replace("\x00", ""))
    except CodeError:
        return raw.replace("\x00", "")[:20]


def _invalid(exc: ValidationError) -> Status:
    return Status(422, error_body("invalid", " ".join(exc.messages)))


@router.get(
    path="",
    response=responses({200: list[DataCallOut]}),
    summary="Data calls hosted in the caller's regions or asking one of them, with each cell's status",
)
def datacall_list(
    request: HttpRequest, meeting: int | None = Query(None, ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """A call is seen whole by the readers of its host region's Monev records, and by the readers of a
    region it asks with only that region's cells. `status` is computed from the import batches: submitted
    when a batch of the dataset made after the call has rows for the region (or below it) and the month,
    accepted by the host, late when the due date passed with nothing submitted, else requested."""
    calls = selectors.data_call_list(request.user)
    if meeting is not None:
        calls = calls.filter(meeting_id=meeting)
    return [_out(request.user, c) for c in calls[:200]]


@router.post(
    path="",
    response=responses({201: DataCallOut, 400: Error, 403: Error, 404: Error}),
    summary="Call for data before a meeting: regions, datasets, months and a due date",
)
def datacall_create(request: HttpRequest, data: DataCallIn) -> Any:
    """Needs `write_monev` for the meeting's host region. The regions asked are the meeting's invited
    regions or regions below its host; datasets are those with monthly figures by region (see
    `GET /api/v1/imports/datasets`); the due date is between today and the meeting."""
    meeting = Meeting.objects.select_related("region").filter(pk=data.meeting).first()
    if meeting is None or not can_read_meeting(request.user, meeting):
        return Status(404, error_body("not_found", "Unknown meeting."))
    codes = [_code(c) for c in data.regions]
    regions = list(Region.objects.filter(code__in=codes))
    if len(regions) != len(set(codes)):
        return Status(404, error_body("not_found", "Unknown region code."))
    try:
        call = services.data_call_create(
            meeting=meeting,
            regions=regions,
            datasets=data.datasets,
            periods=data.periods,
            due_on=data.due_on,
            note=data.note,
            by=request.user,
        )
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, _out(request.user, call))


@router.get(
    path="/{call_id}",
    response=responses({200: DataCallOut, 404: Error}),
    summary="One data call with the status of each region, dataset and month the caller sees",
)
def datacall_detail(request: HttpRequest, call_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _out(request.user, selectors.data_call_get(request.user, pk=call_id))


@router.post(
    path="/{call_id}/accept",
    response=responses({200: DataCallOut, 400: Error, 403: Error, 404: Error}),
    summary="The host accepts what a region submitted for one dataset and month",
)
def datacall_accept(request: HttpRequest, data: AcceptIn, call_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Needs `write_monev` for the host region; only a submitted cell can be accepted (422 otherwise).
    Accepting an accepted cell again changes nothing."""
    call = selectors.data_call_get(request.user, pk=call_id)
    if not selectors.is_host(request.user, call):
        raise PermissionDenied("Only the meeting's host may accept the data.")
    region = Region.objects.filter(code=_code(data.region)).first()
    if region is None:
        return Status(404, error_body("not_found", "Unknown region code."))
    try:
        services.data_call_accept(
            call=call, region=region, dataset=data.dataset, period=data.period, by=request.user
        )
    except ValidationError as exc:
        return _invalid(exc)
    return _out(request.user, call)
