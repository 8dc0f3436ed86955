"""The presented versions of a meeting's pack: the figures frozen as they were shown, each region only to
callers whose records scope covers it (as the meeting page shows them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cakupan.common.api import WRITE_AUTH, Error, responses
from cakupan.indicators.serialise import number
from cakupan.monev import selectors as monev
from cakupan.packs.content import region_lines
from cakupan.packs.models import PackSnapshot
from cakupan.packs.selectors import meeting_pack

router = Router(tags=["packs"])


class FrozenRegionOut(Schema):
    region_code: str
    region_name: str
    period: str
    coverage_rate: float | None
    active: int | None
    workers: int | None
    change_points: float | None
    compared_with: str | None


class SnapshotOut(Schema):
    version: int
    period: str
    lang: str
    figures_version: str
    simulated: bool
    presented_at: datetime
    regions: list[FrozenRegionOut]


@router.get(
    path="/meetings/{meeting_id}/snapshots",
    auth=WRITE_AUTH,  # records of meetings: a token or a session, never anonymous (401)
    response=responses({200: list[SnapshotOut], 404: Error}),
    summary="The presented versions of a meeting's pack, newest first, with their frozen figures",
)
def pack_snapshot_list(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    """404 unless the caller may read the meeting; rates as percentages rounded to 2 decimals."""
    found = meeting_pack(request.user, meeting_pk=meeting_id)
    return [_snapshot(request.user, s) for s in found.snapshots]


def _snapshot(user: Any, snapshot: PackSnapshot) -> dict[str, Any]:
    return {
        "version": snapshot.version,
        "period": snapshot.period,
        "lang": snapshot.lang,
        "figures_version": snapshot.figures_version,
        "simulated": snapshot.simulated,
        "presented_at": snapshot.created_at,
        "regions": [
            {
                "region_code": line.code,
                "region_name": line.name,
                "period": line.period,
                "coverage_rate": number(line.coverage_rate),
                "active": line.active,
                "workers": line.workers,
                "change_points": number(line.change_points),
                "compared_with": line.before_period,
            }
            for line in region_lines(snapshot.values)
            if monev.can_read_records(user, line.code)
        ],
    }
