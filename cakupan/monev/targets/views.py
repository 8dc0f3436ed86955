"""The pages of targets and commitments: parse the request, call the selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.imports.validation import Validation
from cakupan.monev.meetings.selectors import meeting_get, meeting_offices, meeting_regions
from cakupan.monev.meetings.views import _meeting_context
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.selectors import region_for_register, require_write
from cakupan.monev.targets import downloads, selectors, services
from cakupan.monev.targets.forms import CommitmentForm, TargetForm
from cakupan.reports.downloads import register_download, requested_format


@require_POST
@login_required
def commitment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(request.user, pk=pk)
    require_write(request.user, meeting.region_id)
    form = CommitmentForm(request.POST, regions=meeting_regions(meeting), offices=meeting_offices(meeting))
    if form.is_valid():
        try:
            services.commitment_create(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("monev:meeting-detail", args=[meeting.pk]) + "#commitments")
    context = _meeting_context(request, pk) | {"commitment_form": form}
    return TemplateResponse(request, "monev/meeting_detail.html", context, status=422)


def targets(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    lines = selectors.target_register(request.user, region=region)
    if fmt := requested_format(request):
        return register_download(downloads.target_rows(lines), name=f"target-{region.code}", fmt=fmt)
    context = {
        "region": region,
        "lines": lines,
        "can_write": access.can(request.user, Cap.IMPORT_TARGETS, region.code),
    }
    return TemplateResponse(request, "monev/targets.html", context)


@login_required
def target_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    if not access.can(request.user, Cap.IMPORT_TARGETS, region.code):
        raise PermissionDenied
    regulations = Regulation.objects.filter(region=region)
    initial = {}
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("year", "indicator") if k in request.GET}
    form = TargetForm(request.POST or None, regulations=regulations, initial=initial)
    problems: list[object] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.target_enter(
                region=region,
                year=data["year"],
                indicator=data["indicator"],
                value=data["value"],
                source=data["source"],
                regulation=data["regulation"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if isinstance(result, Validation):
                problems = list(result.problems)
            else:
                messages.success(request, _("Target saved; the previous value is kept in its history."))
                return redirect("monev:targets", code=region.code)
    return TemplateResponse(
        request, "monev/target_form.html", {"form": form, "region": region, "problems": problems}
    )
