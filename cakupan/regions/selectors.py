from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.regions.codes import CodeError, normalise
from cakupan.regions.models import Region

if TYPE_CHECKING:
    from cakupan.imports.models import ImportBatch


def region_get(*, code: str) -> Region | None:
    """A region by code, dotted or not; None when the code is malformed or unknown."""
    try:
        dotted = normalise(code)
    except CodeError:
        return None
    return Region.objects.select_related("parent", "parent__parent").filter(code=dotted).first()


def region_children(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def region_codes_known(*, codes: set[str]) -> set[str]:
    found: set[str] = set()
    listed = sorted(codes)
    for start in range(0, len(listed), 900):
        found.update(
            Region.objects.filter(code__in=listed[start : start + 900]).values_list("code", flat=True)
        )
    return found


def batch_region_codes(user: Any, batch: ImportBatch) -> list[list[str]]:
    """The batch's codes read as other codes (as written, system, stored), of the regions the reader may
    see imports of."""
    scope = access.scope(user, Cap.VIEW_IMPORTS)
    return [row for row in (batch.details or {}).get("region_codes", []) if scope.covers(row[2])]
