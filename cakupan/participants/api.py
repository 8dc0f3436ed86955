"""API operations for list matching. No `from __future__ import annotations` here: django-ninja builds its
parameter models from the real annotations of each operation."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.analytics.nik import masked
from cakupan.common.api import WRITE_AUTH, Error, Pages, responses
from cakupan.participants.models import MatchList, MatchMember
from cakupan.participants.selectors import (
    match_list_get,
    match_list_list,
    match_member_list,
    match_members_visible,
    match_table,
)

router = Router(tags=["participants"], auth=WRITE_AUTH)


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

    @staticmethod
    def resolve_nik_hash_prefix(obj: MatchMember) -> str:
        return masked(obj.nik_hash)

    @staticmethod
    def resolve_segment(obj: MatchMember) -> str | None:
        return obj.segment or None


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
