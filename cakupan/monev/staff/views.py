"""The non-ASN staff coverage pages: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.monev.selectors import can_write, region_for_register, require_write
from cakupan.monev.staff import downloads, selectors, services
from cakupan.monev.staff.forms import StaffCoverageForm
from cakupan.reports.downloads import register_download, requested_format


def staff_coverage(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    tables = selectors.staff_coverage_tables(request.user, region=region)
    if fmt := requested_format(request):
        return register_download(downloads.staff_rows(tables), name=f"non-asn-{region.code}", fmt=fmt)
    context = {
        "region": region,
        "tables": tables,
        "can_write": can_write(request.user, region.code),
        "match_lists": selectors.staff_match_lists(request.user, region=region),
    }
    return TemplateResponse(request, "monev/staff_coverage.html", context)


@login_required
@require_POST
def staff_from_match(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write the non-ASN staff by agency of a list match into the table (its region's page)."""
    from cakupan.participants.selectors import match_list_get

    match_list = match_list_get(request.user, pk=pk)
    if match_list is None:
        raise Http404
    require_write(request.user, match_list.region_id)
    result = services.staff_coverage_from_match(match_list=match_list, by=request.user)
    messages.success(
        request,
        _("%(n)d agency figures written from the list match.") % {"n": len(result.written)},
    )
    for code, agency, reason in result.skipped:
        messages.warning(request, f"{code} {agency or '–'}: {reason}")
    return redirect("monev:staff", code=match_list.region_id)


@login_required
def staff_coverage_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    require_write(request.user, region.code)
    form = StaffCoverageForm(request.POST or None, initial={"group": request.GET.get("kelompok", "")})
    if request.method == "POST" and form.is_valid():
        services.staff_coverage_record(region=region, by=request.user, **form.cleaned_data)
        messages.success(request, _("Figure saved."))
        return redirect("monev:staff", code=region.code)
    return TemplateResponse(request, "monev/staff_coverage_form.html", {"form": form, "region": region})
