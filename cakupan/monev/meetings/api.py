"""The API operations of Monev meetings, their items, follow-ups, attendance and signatories, under
/api/v1/monev/ (assembled by `cakupan.monev.api`). No `from __future__ import annotations`: django-ninja
builds its parameter models from the real annotations."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from cakupan.common.api import (
    READ_AUTH,
    WRITE_AUTH,
    Error,
    responses,
)
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.meetings import downloads, selectors
from cakupan.monev.selectors import records_scope

router = Router(tags=["Monev"], auth=READ_AUTH)


class FollowUpOut(Schema):
    id: int
    region_code: str
    region_name: str
    meeting_id: int
    meeting_date: date
    action: str
    responsible: str
    due_on: date
    days_overdue: int
    status: str
    status_label: str


@router.get(
    path="/follow-ups/overdue",
    auth=WRITE_AUTH,  # records of meetings: a token or a session, never anonymous (401)
    response=responses({200: list[FollowUpOut], 403: Error}),
    summary="Overdue follow-ups of Monev meetings in the regions the caller may see",
)
def monev_overdue_list(request: HttpRequest, region: str = "") -> list[dict[str, Any]]:
    """Needs a role with `view_restricted` or `write_monev`; only the caller's regions are listed."""
    if records_scope(request.user).is_empty:
        raise PermissionDenied
    today = timezone.localdate()
    rows = selectors.overdue_list(
        request.user, region_code=code_or_raw(region) if region else "", today=today
    )
    return [downloads.follow_up_row(f, today=today) for f in rows[:1000]]
