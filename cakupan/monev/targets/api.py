"""The API operations of targets and commitments, under /api/v1/monev/ (assembled by `cakupan.monev.api`). No
`from __future__ import annotations`: django-ninja builds its parameter models from the real annotations."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    Figure,
    figure,
    responses,
)
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.targets import commitments, selectors

router = Router(tags=["Monev"], auth=READ_AUTH)


class CommitmentOut(Schema):
    id: int
    region_code: str
    region_name: str
    indicator: str
    indicator_label: str
    target: Figure
    deadline: date
    source: str
    meeting_id: int | None
    owner: str | None
    current: Figure | None = Field(description="The figure now, from the imported figures")
    as_of: str | None = Field(description="The month (or year) of that figure")
    projected: Figure | None = Field(description="The figure expected at the deadline at the recent pace")
    status: Literal["met", "on_track", "at_risk", "late", "no_data"]
    status_label: str


@router.get(
    path="/commitments",
    response=responses({200: list[CommitmentOut]}),
    summary="Targets and commitments with their progress and status, measured from the imported figures",
    openapi_extra=PUBLIC,  # targets without an owner are public down to regencies
)
def monev_commitment_list(request: HttpRequest, region: str = "", mine: bool = False) -> list[dict[str, Any]]:
    """Targets without an owner are public down to regencies; commitments of meetings or owned by an
    office need a role for the region (or a role in the owning office). `mine`: only those owned by an
    office in which the caller holds a role."""
    if mine:
        found = selectors.commitments_for_user(request.user)
        if region:
            found = found.filter(
                pk__in=selectors.commitment_list(request.user, region_code=code_or_raw(region))
            )
    else:
        found = selectors.commitment_list(request.user, region_code=code_or_raw(region) if region else "")
    measured = commitments.measure_all(list(found[:1000]), today=timezone.localdate())
    return [
        {
            "id": m.commitment.pk,
            "region_code": m.commitment.region_id,
            "region_name": m.commitment.region.name,
            "indicator": m.commitment.indicator,
            "indicator_label": m.commitment.get_indicator_display(),
            "target": figure(m.commitment.value),
            "deadline": m.commitment.deadline,
            "source": m.commitment.source,
            "meeting_id": m.meeting.pk if m.meeting else None,
            "owner": m.commitment.owner.name if m.commitment.owner else None,
            "current": figure(m.current),
            "as_of": m.as_of,
            "projected": figure(m.projected),
            "status": m.status,
            "status_label": m.status_label,
        }
        for m in measured
    ]
