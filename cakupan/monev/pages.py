"""What the Monev pages share: the region parameter and filter, and the check that the reader may see
working records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.core.codes import NATIONAL
from cakupan.monev import selectors
from cakupan.monev.forms import (
    RegionFilterForm,
)


def region_param(request: HtmxHttpRequest, default: str = NATIONAL) -> str:
    return region_filter(request, default)[1]


def region_filter(request: HtmxHttpRequest, default: str = "") -> tuple[RegionFilterForm, str]:
    """The filter's region by name, picked label or code; a text that names no region keeps the default
    and the form says why."""
    form = RegionFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data["wilayah"] is not None:
        return form, form.cleaned_data["wilayah"].code
    return form, default


def require_records(request: AuthenticatedHttpRequest) -> None:
    if selectors.records_scope(request.user).is_empty:
        raise PermissionDenied(_("Monev meetings need a role for a region."))
