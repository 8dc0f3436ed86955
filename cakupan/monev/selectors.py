"""Who may read and write what in the Monev register: the region scopes every package's selectors and
services apply (they read them from here and nowhere else).

What is public and what needs a role:
- Regulations, their documents and the Inpres 2/2021 matrix are public information (regulations are
  published in the regional gazette): everyone reads them, at every level.
- Vulnerable-worker funding, benefits paid and targets are public aggregates for the nation, provinces and
  regencies/cities, like the coverage figures; district and village rows need `view_restricted` for the
  region (`cakupan.indicators.selectors.level_visible`).
- Monev meetings, findings, recommendations, follow-ups and their evidence are working records: they need
  a role with `view_restricted` or `write_monev` for the meeting's region.
- Writing anything needs `write_monev` for the region (targets: `import_targets`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.codes import NATIONAL
from cakupan.imports import selectors as import_selectors
from cakupan.indicators.selectors import level_visible
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope
from cakupan.regions.selectors import region_get

READ_CAPS = (Cap.VIEW_RESTRICTED, Cap.WRITE_MONEV)


# --- who may do what -----------------------------------------------------------------------------------


def records_scope(user: Any) -> RegionScope:
    """The regions whose meetings and follow-ups the user may read."""
    return access.scope(user, Cap.VIEW_RESTRICTED).union(access.scope(user, Cap.WRITE_MONEV))


def can_read_records(user: Any, code: str) -> bool:
    return records_scope(user).covers(code)


def can_write(user: Any, code: str | None = None) -> bool:
    return access.can(user, Cap.WRITE_MONEV, code)


def import_scope(user: Any, dataset: str) -> RegionScope:
    """The regions the user may import a Monev dataset for (the dataset's capabilities: who owns its
    figures)."""
    return import_selectors.import_scope(user, dataset)


def importable_datasets(user: Any) -> list[str]:
    """The Monev datasets the user may import for at least one region."""
    from cakupan.monev.datasets import MONEV_DATASETS

    return import_selectors.importable_datasets(user, MONEV_DATASETS)


def require_write(user: Any, code: str) -> None:
    if not can_write(user, code):
        raise PermissionDenied(_("Writing Monev records for this region needs a role for it."))


def require_writer(user: Any, region_code: str, cap: str = Cap.WRITE_MONEV) -> None:
    if user is not None and not access.can(user, cap, region_code):
        raise PermissionDenied(
            _("You may not write Monev records for region %(code)s.") % {"code": region_code}
        )


def region_public(*, code: str) -> Region:
    """A region for the public registers (regulations, Inpres matrix): every level."""
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    return region


def region_for_register(user: Any, *, code: str) -> Region:
    """A region whose public register (regulations, funding, benefits, targets) the user may read."""
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    if not level_visible(user, level=region.level, code=region.code):
        raise PermissionDenied(_("District and village records need a role for this region."))
    return region


def within(code: str, field: str = "region") -> Q:
    """Records of the region and all its descendants."""
    if code == NATIONAL:
        return Q()
    return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": code + "."})


# --- regulations and the Inpres matrix -----------------------------------------------------------------


# --- meetings and follow-ups ---------------------------------------------------------------------------


# --- commitments and the offices that own them ----------------------------------------------------------


def user_offices(user: Any) -> list[int]:
    """The offices in which the user holds a role (an API token's narrowed grants aside)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from cakupan.accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user, office__isnull=False)
    return sorted(set(rows.values_list("office_id", flat=True)))


def writable_regions(user: Any) -> QuerySet[Region]:
    """Provinces and regencies/cities the user may write Monev records for (choices of a form)."""
    scope = access.scope(user, Cap.WRITE_MONEV)
    return Region.objects.filter(
        scope.q("code"), level__gte=Region.Level.PROVINCE, level__lte=Region.Level.REGENCY
    )


# --- vulnerable-worker funding -------------------------------------------------------------------------


# --- the budget register ------------------------------------------------------------------------------


# --- benefits -------------------------------------------------------------------------------------------


# --- targets --------------------------------------------------------------------------------------------


# --- non-ASN staff, village officials, election organisers ---------------------------------------------


# --- the six-monthly national summary ------------------------------------------------------------------


# --- the six-monthly report: what the Inpres addressees reported ---------------------------------------
