"""Who may do what, where. Every page, partial, download and API operation asks here.

A grant is (role, scope). A user's grants come from their role assignments; a request made with an API
token carries the token's narrower grants instead. Django superusers are national administrators.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cakupan.accounts.roles import ROLE_CAPS, Role
from cakupan.regions.scope import EVERYTHING, NOTHING, RegionScope

Grant = tuple[str, RegionScope]
_CACHE = "_cakupan_grants"


def _assignment_grants(user: Any) -> list[Grant]:
    from cakupan.accounts.models import RoleAssignment

    grants: dict[str, set[str]] = {}
    rows = (
        RoleAssignment.objects.filter(user=user).select_related("office").prefetch_related("office__regions")
    )
    for row in rows:
        codes = grants.setdefault(row.role, set())
        if row.region_id:
            codes.add(row.region_id)
        if row.office is not None:
            codes.update(r.code for r in row.office.regions.all())
    return [(role, RegionScope.of(codes)) for role, codes in grants.items()]


def grants(user: Any) -> list[Grant]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = [(Role.NATIONAL_ADMIN, EVERYTHING)] if user.is_superuser else _assignment_grants(user)
        setattr(user, _CACHE, cached)
    return list(cached)


def set_grants(user: Any, narrowed: Iterable[Grant]) -> None:
    """Replace the grants of this request's user (an API token acts with less than its owner)."""
    setattr(user, _CACHE, list(narrowed))


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def scope(user: Any, cap: str) -> RegionScope:
    """The regions where the user holds a role with this capability."""
    result = NOTHING
    for role, where in grants(user):
        if cap in ROLE_CAPS[role]:
            result = result.union(where)
    return result


def can(user: Any, cap: str, region_code: str | None = None) -> bool:
    """Holds the capability anywhere (no region given) or for that region."""
    where = scope(user, cap)
    return not where.is_empty if region_code is None else where.covers(region_code)


def roles(user: Any) -> set[str]:
    return {role for role, _where in grants(user)}
