"""API of the poverty linkage (issue 21 §4) and the sectors (§5): `GET /api/v1/participants/poverty` and
`GET /api/v1/participants/sectors`, published aggregates only, within the caller's regions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.api import WRITE_AUTH, Error, error_body, responses
from cakupan.core.codes import CodeError, parse_code
from cakupan.core.periods import PeriodError, parse_period
from cakupan.participants.poverty import TOTAL, PovertyLine, poverty_region_summary
from cakupan.participants.sectors import sector_report

router = Router(tags=["participants"], auth=WRITE_AUTH)


def _region_code(raw: str) -> str | None:
    try:
        return parse_code(raw).code
    except CodeError:
        return None


class PovertyLineOut(Schema):
    region_code: str
    region_name: str
    decile_group: str
    listed: int | None
    active: int | None
    not_active: int | None
    workers: int | None = None
    active_workers: int | None = None
    workers_not_active: int | None = None
    rate_percent: float | None = None


class PovertyOut(Schema):
    linkage_id: int
    list_name: str
    period: str
    with_work: bool
    suppression_k: int
    simulated: bool
    region_code: str
    groups: list[PovertyLineOut]
    children: list[PovertyLineOut]


class PovertyFilters(Schema):
    region: str
    period: str | None = None
    linkage: int | None = None


def _line(line: PovertyLine, with_work: bool) -> dict[str, Any]:
    rate = line.rate if with_work else None
    return {
        "region_code": line.code,
        "region_name": line.name,
        "decile_group": "all" if line.group == TOTAL else line.group,
        **line.cells,
        "rate_percent": round(float(rate * 100), 2) if rate is not None else None,
    }


@router.get(
    "/poverty",
    response=responses({200: PovertyOut, 403: Error, 404: Error, 422: Error}),
    summary="How many on a poverty list (DTSEN, P3KE) are active participants, by decile group, in a region "
    "(regency level and above) and the regions one level below (small counts suppressed)",
)
def participants_poverty(request: HttpRequest, filters: Query[PovertyFilters]) -> Any:
    """The latest poverty list matched for the region (of `period`, or the linkage asked), as published:
    deciles 1–4 together and 5 to 10 each, and all (`decile_group`: "all"). With age and working columns
    in the list, `workers` (aged 15 and over who work), the active among them and their rate; without,
    counts only. Hidden counts are null."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    code = _region_code(filters.region)
    if code is None:
        return Status(422, error_body("invalid", "region: a Kemendagri code such as 53, 53.71 or 00."))
    try:
        period = parse_period(filters.period) if filters.period else None
    except PeriodError:
        return Status(422, error_body("invalid", "period: a month written YYYY-MM."))
    summary = poverty_region_summary(request.user, code=code, period=period, linkage_id=filters.linkage)
    if summary is None:
        raise Http404("No poverty list matched for this region (regency level and above) among your regions.")
    linkage = summary.linkage
    children = [line for pair in summary.children for line in pair if line is not None]
    return {
        "linkage_id": linkage.pk,
        "list_name": linkage.name,
        "period": linkage.period,
        "with_work": linkage.with_work,
        "suppression_k": linkage.k,
        "simulated": linkage.simulated,
        "region_code": summary.region.code,
        "groups": [_line(line, linkage.with_work) for line in summary.groups],
        "children": [_line(line, linkage.with_work) for line in children],
    }


class SectorRowOut(Schema):
    code: str
    name: str
    counts: dict[str, int | None]


class SectorOut(Schema):
    region_code: str
    period: str
    months_without_data: list[str]
    sections: list[str]
    suppression_k: int | None
    areas: list[SectorRowOut]
    totals: dict[str, int | None] | None


class SectorFilters(Schema):
    region: str
    period: str | None = None


@router.get(
    "/sectors",
    response=responses({200: SectorOut, 403: Error, 404: Error, 422: Error}),
    summary="Active participants by KBLI 2020 section, by the areas one level below a region, with the "
    "region's totals (counts, no rate; small counts suppressed)",
)
def participants_sectors(request: HttpRequest, filters: Query[SectorFilters]) -> Any:
    """From the participant-level data of the month (default the latest with data). `sections`: the
    section letters A to U, "?" (no kbli, or not a KBLI 2020 code) and "all". Hidden counts are null; a
    month without participant data is listed in `months_without_data` and has no table."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    code = _region_code(filters.region)
    if code is None:
        return Status(422, error_body("invalid", "region: a Kemendagri code such as 53, 53.71 or 00."))
    try:
        period = parse_period(filters.period) if filters.period else None
    except PeriodError:
        return Status(422, error_body("invalid", "period: a month written YYYY-MM."))
    report = sector_report(request.user, region_code=code, period=period)
    if report is None:
        raise Http404("No such region among your regions.")
    grid = report.grid
    return {
        "region_code": report.region.code,
        "period": report.period,
        "months_without_data": [report.period] if report.missing and report.period else [],
        "sections": list(grid.keys) if grid else [],
        "suppression_k": grid.k if grid else None,
        "areas": [{"code": r.code, "name": r.name, "counts": r.cells} for r in grid.areas] if grid else [],
        "totals": grid.totals if grid else None,
    }
