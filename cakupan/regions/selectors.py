from __future__ import annotations

from django.db.models import QuerySet

from cakupan.core.codes import CodeError, normalise
from cakupan.regions.models import Region


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
