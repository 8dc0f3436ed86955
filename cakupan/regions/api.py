"""API operations. No `from __future__ import annotations` here: django-ninja builds its parameter
models from the real annotations of each operation."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cakupan.common.api import PUBLIC, READ_AUTH, Error, Pages, responses
from cakupan.regions.models import Region
from cakupan.regions.selectors import region_get

router = Router(tags=["regions"], auth=READ_AUTH)


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_label: str = Field(..., description="The level in words, in the answer's language")
    kind: str
    kind_label: str = Field(..., description="The kind in words (kota, kabupaten, ...)")
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Region | dict[str, Any]) -> str | None:
        return obj["parent_code"] if isinstance(obj, dict) else obj.parent_id

    @staticmethod
    def resolve_level_label(obj: Region | dict[str, Any]) -> str:
        return str(Region.Level(obj["level"] if isinstance(obj, dict) else obj.level).label)

    @staticmethod
    def resolve_kind_label(obj: Region | dict[str, Any]) -> str:
        kind = obj["kind"] if isinstance(obj, dict) else obj.kind
        return str(Region.Kind(kind).label) if kind in Region.Kind.values else kind


class RegionDetailOut(RegionOut):
    ancestors: list[RegionOut]
    children: int


class RegionFilters(Schema):
    parent: str | None = None
    q: str | None = None
    level: int | None = Field(None, ge=0, le=4)


@router.get(
    openapi_extra=PUBLIC,
    path="",
    response=responses({200: list[RegionOut]}),
    summary="Search the region master",
)
@paginate(Pages, page_size=100)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> QuerySet[Region]:
    """Regions by parent (`parent=53`), by name or code (`q=kupang`), by level (0–4). Region codes,
    names and hierarchy are public (Kepmendagri 300.2.2-2138/2025)."""
    qs = Region.objects.all().order_by("code")
    if filters.parent:
        parent = region_get(code=filters.parent)
        qs = qs.filter(parent=parent) if parent else qs.none()
    if filters.q:
        text = filters.q.strip()
        qs = qs.filter(Q(name__icontains=text) | Q(code__startswith=text))
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    return qs


@router.get(
    openapi_extra=PUBLIC,
    path="/{code}",
    response=responses({200: RegionDetailOut, 404: Error}),
    summary="One region with its ancestors",
)
def region_detail(request: HttpRequest, code: str) -> dict[str, object]:
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "kind": region.kind,
        "parent_code": region.parent_id,
        "ancestors": region.ancestors(),
        "children": Region.objects.filter(parent=region).count(),
    }
