"""API operations for list matching. No `from __future__ import annotations` here: django-ninja builds its
parameter models from the real annotations of each operation."""

from typing import Any, Literal, cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.analytics.nik import masked
from cakupan.common.api import WRITE_AUTH, Error, Pages, error_body, file_refused, responses
from cakupan.common.nik_guard import upload_name
from cakupan.core.codes import CodeError, parse_code
from cakupan.core.periods import PeriodError, parse_period
from cakupan.imports.models import ImportBatch
from cakupan.indicators.labels import segment_label
from cakupan.participants.models import MatchList, MatchMember
from cakupan.participants.selectors import (
    match_list_get,
    match_list_list,
    match_member_list,
    match_members_visible,
    match_table,
)

router = Router(tags=["participants"], auth=WRITE_AUTH)

MAX_API_PARTICIPANTS = 50 * 1024 * 1024


class ParticipantImportOut(Schema):
    file: str
    dry_run: bool
    stored: bool
    batch_id: int | None
    covers: list[str]
    rows: int
    persons: int
    merged_records: int
    identical_rows: int
    identical_examples: list[dict[str, Any]]
    kept_elsewhere: int
    kept_elsewhere_examples: list[dict[str, Any]]
    periods: list[str]
    new_figures: int
    replaced_figures: int
    removed_figures: int
    unchanged_figures: int
    complete_regions: list[str]
    replaces: list[dict[str, Any]]
    replaced: list[dict[str, Any]]
    removed: list[dict[str, Any]]


@router.post(
    "/imports",
    response=responses({200: ParticipantImportOut, 201: ParticipantImportOut, 403: Error, 422: Error}),
    summary="Upload a participant file (keyed NIK hashes), declared complete for the regions in covers",
)
def participants_import(
    request: HttpRequest,
    file: File[UploadedFile],
    covers: Form[list[str]] = [],  # noqa: B006 (ninja copies the default)
    dry_run: Form[bool] = False,
) -> Any:
    """Rolls the file up (a person once a month) within your import regions. Without `covers` the file
    stands for the villages it has rows for; `covers` (repeatable, `00` national) declares it complete
    for a region, where every stored figure it does not repeat is removed. A refused file answers 422
    with every problem; a dry run answers 200 with what it would replace and remove."""
    from cakupan.participants.services import CoversRefused, covers_parsed, participants_rollup_import

    if not access.can(request.user, Cap.IMPORT_PARTICIPATION):
        raise PermissionDenied("Your role may not import participants.")
    if (file.size or 0) > MAX_API_PARTICIPANTS:
        return Status(422, error_body("invalid", "The file is larger than 50 MB: use the command line."))
    user = cast(User, request.user)  # the router's auth: a signed-in account or a token's
    try:
        declared = covers_parsed([c for value in covers for c in value.split(",") if c.strip()], user=user)
    except CoversRefused as exc:
        return Status(422, error_body("invalid", str(exc), fields={"covers": [str(exc)]}))
    name = upload_name(file.name or "participants.parquet", kind="participants")
    done = participants_rollup_import(
        path=name,
        content=file.read(),
        file_name=name,
        user=user,
        scope_user=user,
        source=ImportBatch.Source.API,
        covers=declared,
        dry_run=dry_run,
    )
    if not done.ok:
        return file_refused(done.problems)
    body = {
        "file": name,
        "dry_run": dry_run,
        "stored": done.changed,
        "batch_id": done.batch.pk if done.batch else None,
        **done.summary(),
    }
    return Status(201 if done.changed else 200, body)


class MatchListOut(Schema):
    id: int
    name: str
    region_code: str
    period: str
    members: int
    created_at: str

    @staticmethod
    def resolve_region_code(obj: MatchList) -> str:
        return obj.region_id

    @staticmethod
    def resolve_members(obj: MatchList) -> int:
        return obj.members_count

    @staticmethod
    def resolve_created_at(obj: MatchList) -> str:
        return obj.created_at.isoformat()


class MatchCellsOut(Schema):
    listed: int | None
    matched: int | None
    not_matched: int | None
    PU: int | None
    BPU: int | None
    JAKON: int | None
    PMI: int | None


class MatchRowOut(Schema):
    region_code: str
    agency: str
    category: str
    counts: MatchCellsOut


class MatchResultOut(Schema):
    match: MatchListOut
    suppression_k: int
    rows: list[MatchRowOut]
    totals: MatchCellsOut


class MemberOut(Schema):
    nik_hash_prefix: str
    region_code: str
    agency: str
    category: str
    segment: str | None
    segment_label: str | None

    @staticmethod
    def resolve_nik_hash_prefix(obj: MatchMember) -> str:
        return masked(obj.nik_hash)

    @staticmethod
    def resolve_segment(obj: MatchMember) -> str | None:
        return obj.segment or None

    @staticmethod
    def resolve_segment_label(obj: MatchMember) -> str | None:
        return segment_label(obj.segment) if obj.segment else None


class MemberFilters(Schema):
    status: Literal["matched", "unmatched"] | None = None


def _visible(request: HttpRequest, match_id: int) -> MatchList:
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    match_list = match_list_get(request.user, pk=match_id)
    if match_list is None:
        raise Http404("No such list among your regions.")
    return match_list


@router.get(
    "/matches",
    response=responses({200: list[MatchListOut], 403: Error}),
    summary="Lists matched against the participants, of your regions",
)
@paginate(Pages, page_size=50)
def participants_match_index(request: HttpRequest) -> QuerySet[MatchList]:
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    return match_list_list(request.user)


@router.get(
    "/matches/{match_id}",
    response=responses({200: MatchResultOut, 403: Error, 404: Error}),
    summary="How many of a list are active participants, by region, agency, category and segment "
    "(small counts suppressed)",
)
def participants_match_detail(request: HttpRequest, match_id: int) -> dict[str, Any]:
    match_list = _visible(request, match_id)
    table = match_table(match_list)
    return {
        "match": match_list,
        "suppression_k": table.k,
        "rows": [
            {"region_code": r.region_code, "agency": r.agency, "category": r.category, "counts": r.cells}
            for r in table.rows
        ],
        "totals": table.totals,
    }


@router.get(
    "/matches/{match_id}/members",
    response=responses({200: list[MemberOut], 403: Error, 404: Error}),
    summary="Members of a list, masked (the uploader of the list and national administrators only)",
)
@paginate(Pages, page_size=200)
def participants_match_members(
    request: HttpRequest, match_id: int, filters: Query[MemberFilters]
) -> QuerySet[MatchMember]:
    match_list = _visible(request, match_id)
    if not match_members_visible(request.user, match_list):
        raise PermissionDenied
    matched = {"matched": True, "unmatched": False}.get(filters.status or "")
    return match_member_list(match_list, user=request.user, via="api", matched=matched)


class GridRowOut(Schema):
    code: str
    name: str
    counts: dict[str, int | None]


class GridOut(Schema):
    columns: list[str]
    total: str | None
    suppression_k: int
    areas: list[GridRowOut]
    segments: list[GridRowOut]
    totals: dict[str, int | None]


class InactivityOut(Schema):
    region_code: str
    period: str
    before: str | None
    months_without_data: list[str]
    inactive_by_months_since_payment: GridOut | None
    changes: GridOut | None


class InactivityFilters(Schema):
    region: str
    period: str | None = None
    before: str | None = None


def _grid_out(grid: Any) -> dict[str, Any] | None:
    if grid is None:
        return None

    def rows(found: Any) -> list[dict[str, Any]]:
        return [{"code": r.code, "name": r.name, "counts": r.cells} for r in found]

    return {
        "columns": list(grid.columns),
        "total": grid.total,
        "suppression_k": grid.k,
        "areas": rows(grid.areas),
        "segments": rows(grid.segments),
        "totals": grid.totals,
    }


@router.get(
    "/left-out/inactivity",
    response=responses({200: InactivityOut, 403: Error, 404: Error, 422: Error}),
    summary="Inactive participants by months since the last contribution, and lapses, reactivations and "
    "absences since an earlier month, of a region (small counts suppressed)",
)
def participants_inactivity(request: HttpRequest, filters: Query[InactivityFilters]) -> Any:
    """From the participant-level data of the months asked (`period`: default the latest with data;
    `before`: default the month before). A month without participant data is listed in
    `months_without_data`, and its tables are null."""
    from cakupan.participants.left_out import inactivity_report

    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    code = _region_code(filters.region)
    if code is None:
        return Status(422, error_body("invalid", "region: a Kemendagri code such as 53, 53.71 or 00."))
    try:
        period = parse_period(filters.period) if filters.period else None
        before = parse_period(filters.before) if filters.before else None
    except PeriodError:
        return Status(422, error_body("invalid", "period and before: a month written YYYY-MM."))
    report = inactivity_report(request.user, region_code=code, period=period, before=before)
    if report is None:
        raise Http404("No such region among your regions.")
    return {
        "region_code": report.region.code,
        "period": report.period,
        "before": report.before,
        "months_without_data": report.missing,
        "inactive_by_months_since_payment": _grid_out(report.durations),
        "changes": _grid_out(report.changes),
    }


def _region_code(raw: str) -> str | None:
    """The dotted Kemendagri code of a `region` parameter, or None when it is not one."""
    try:
        return parse_code(raw).code
    except CodeError:
        return None


class CohortOut(Schema):
    region_code: str
    month: str
    months_without_data: list[str]
    months_after_followed: list[int]
    funded_cohort: GridOut | None


class CohortFilters(Schema):
    region: str
    month: str | None = None


@router.get(
    "/left-out/cohorts",
    response=responses({200: CohortOut, 403: Error, 404: Error, 422: Error}),
    summary="Workers a budget funded in a month and not the next, by funder and region, and how many are "
    "active 1, 3, 6 and 12 months later (small counts suppressed)",
)
def participants_cohorts(request: HttpRequest, filters: Query[CohortFilters]) -> Any:
    """`month`: the last month the budget paid (default: 12 months before the latest month with data).
    In `funded_cohort` the column `cohort` counts the workers, and a column per month after with data
    (`1`, `3`, `6`, `12`) those active then, whoever pays."""
    from cakupan.participants.left_out import cohort_report

    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    code = _region_code(filters.region)
    if code is None:
        return Status(422, error_body("invalid", "region: a Kemendagri code such as 53, 53.71 or 00."))
    try:
        month = parse_period(filters.month) if filters.month else None
    except PeriodError:
        return Status(422, error_body("invalid", "month: a month written YYYY-MM."))
    report = cohort_report(request.user, region_code=code, month=month)
    if report is None:
        raise Http404("No such region among your regions.")
    return {
        "region_code": report.region.code,
        "month": report.month,
        "months_without_data": report.missing,
        "months_after_followed": list(report.followed),
        "funded_cohort": _grid_out(report.grid),
    }


class VillageFundedOut(Schema):
    code: str
    name: str
    regency_code: str
    counts: dict[str, int | None]
    reached: bool
    funding_months_left: int | None
    funding_state: Literal["known", "unknown", "none"]
    funded_until: str | None
    funders: list[str]


class RegencyReachedOut(Schema):
    code: str
    name: str
    villages: int | None
    villages_with_funded_workers: int
    villages_reached: int


class VillageFundingOut(Schema):
    region_code: str
    period: str
    month_without_data: bool
    target: int
    suppression_k: int
    villages: list[VillageFundedOut] | None
    regencies: list[RegencyReachedOut]


class VillageFundingFilters(Schema):
    region: str
    period: str | None = None


@router.get(
    "/left-out/villages",
    response=responses({200: VillageFundingOut, 403: Error, 404: Error, 422: Error}),
    summary="1 desa 100 pekerja rentan: budget-funded workers by village, the active among them and the "
    "months of funding left, and per regency the villages that reached 100 (small counts suppressed)",
)
def participants_village_funding(request: HttpRequest, filters: Query[VillageFundingFilters]) -> Any:
    """From the participant-level data of `period` (default: the latest month with data). `counts` of a
    village: `apbdes` and `other` (APBD, CSR, other budgets) add up to `funded`; `active`: those of them
    who are active participants. A village `reached` the target when at least `target` budget-funded
    workers are active. `funding_months_left` counts the month asked, from the vulnerable-funding records
    of the village or a region above it that give their first funded month (`funding_state` `known`);
    `unknown` when the records do not give it, `none` without a record. A month without participant
    data gives `month_without_data` true and `villages` null. No total of the villages' counts is given:
    it would give a hidden count away."""
    from cakupan.participants.village_funding import village_funding_report

    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    code = _region_code(filters.region)
    if code is None:
        return Status(422, error_body("invalid", "region: a Kemendagri code such as 53, 53.71 or 00."))
    try:
        period = parse_period(filters.period) if filters.period else None
    except PeriodError:
        return Status(422, error_body("invalid", "period: a month written YYYY-MM."))
    report = village_funding_report(request.user, region_code=code, period=period)
    if report is None:
        raise Http404("No such region among your regions.")
    villages = None
    if report.villages is not None:
        villages = [
            {
                "code": row.code,
                "name": row.name,
                "regency_code": row.regency_code,
                "counts": row.counts,
                "reached": row.reached,
                "funding_months_left": row.months_left,
                "funding_state": row.funding_state,
                "funded_until": row.funded_until or None,
                "funders": sorted({f.funder for f in row.funding}),
            }
            for row in report.villages
        ]
    return {
        "region_code": report.region.code,
        "period": report.period,
        "month_without_data": report.villages is None,
        "target": report.target,
        "suppression_k": report.k,
        "villages": villages,
        "regencies": [
            {
                "code": row.code,
                "name": row.name,
                "villages": row.villages,
                "villages_with_funded_workers": row.funded_villages,
                "villages_reached": row.reached,
            }
            for row in report.regencies
        ],
    }
