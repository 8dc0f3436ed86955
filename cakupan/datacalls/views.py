"""Pages of the data call: each view parses, calls a selector or service, and renders. Forms work without
JavaScript; the accept buttons swap the table in place with HTMX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.datacalls import selectors, services
from cakupan.datacalls.forms import DataCallForm
from cakupan.datacalls.models import DataCall
from cakupan.monev.meetings.selectors import meeting_get
from cakupan.regions.models import Region


@login_required
def data_call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calls = [
        selectors.data_call_table(request.user, c, today=today)
        for c in selectors.data_call_list(request.user)[:100]
    ]
    return TemplateResponse(request, "datacalls/list.html", {"tables": calls})


@login_required
def data_call_create(request: AuthenticatedHttpRequest, meeting: int) -> HttpResponse:
    found = meeting_get(request.user, pk=meeting)
    if not selectors.is_host_of_meeting(request.user, found):
        raise PermissionDenied(_("Only the meeting's host may call for data or accept it."))
    form = DataCallForm(
        request.POST or None,
        regions=selectors.regions_to_ask(found),
        initial={"regions": list(found.other_regions.all()), "due_on": found.held_on},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                call = services.data_call_create(
                    meeting=found,
                    regions=form.cleaned_data["regions"],
                    datasets=form.cleaned_data["datasets"],
                    periods=form.cleaned_data["periods"],
                    due_on=form.cleaned_data["due_on"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The data call is sent: the regions see it in their task list."))
                return redirect("datacalls:detail", pk=call.pk)
        status = 422
    return TemplateResponse(request, "datacalls/create.html", {"meeting": found, "form": form}, status=status)


def _detail_response(
    request: AuthenticatedHttpRequest, call: DataCall, *, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {
        "table": selectors.data_call_table(request.user, call),
        "asked": [(selectors.dataset_label(d), selectors.answering_roles(d)) for d in call.datasets],
        "error": error,
    }
    if request.htmx or request.GET.get("bagian") == "tabel":
        return TemplateResponse(request, "datacalls/_table.html", context, status=status)
    return TemplateResponse(request, "datacalls/detail.html", context, status=status)


@login_required
def data_call_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, selectors.data_call_get(request.user, pk=pk))


@require_POST
@login_required
def data_call_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.data_call_get(request.user, pk=pk)
    if not selectors.is_host(request.user, call):
        raise PermissionDenied(_("Only the meeting's host may call for data or accept it."))
    region = Region.objects.filter(code=request.POST.get("region", "").replace("\x00", "")[:40]).first()
    if region is None:
        raise Http404
    try:
        services.data_call_accept(
            call=call,
            region=region,
            dataset=request.POST.get("dataset", "")[:40],
            period=request.POST.get("period", "")[:7],
            by=request.user,
        )
    except ValidationError as exc:
        return _detail_response(request, call, status=422, error=" ".join(exc.messages))
    if request.htmx:
        return _detail_response(request, call)
    return redirect(reverse("datacalls:detail", args=[call.pk]) + "#cells")
