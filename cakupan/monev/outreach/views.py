"""The pages of outreach: a region's agents and socialisation activities, and the forms that add them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.monev.outreach import downloads, services
from cakupan.monev.outreach import selectors as outreach_selectors
from cakupan.monev.outreach.forms import AgentFigureForm, AgentForm, SocialisationForm
from cakupan.monev.selectors import can_write, require_write, writable_regions
from cakupan.regions.selectors import region_get
from cakupan.reports.downloads import register_download, requested_format, requested_table


@login_required
def outreach(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = region_get(code=code)
    if region is None:
        raise Http404
    page = outreach_selectors.outreach_page(request.user, region=region)
    if fmt := requested_format(request):
        table = requested_table(request, ("agen", "sosialisasi"))
        rows = downloads.agent_rows(page) if table == "agen" else downloads.socialisation_rows(page)
        return register_download(rows, name=f"perisai-{table}-{region.code}", fmt=fmt)
    context = {"page": page, "region": region, "can_write": can_write(request.user, region.code)}
    return TemplateResponse(request, "monev/outreach.html", context)


@login_required
def agent_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    initial = {"region": request.GET.get("wilayah")} if request.method == "GET" else None
    form = AgentForm(
        request.POST or None,
        regions=writable_regions(request.user),
        initial=initial,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            agent = services.agent_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("village", exc)
        else:
            # An agent placed in a village is listed on its regency's page.
            return redirect("monev:outreach", code=".".join(agent.region_id.split(".")[:2]))
    title = _("Add a Perisai agent")
    return TemplateResponse(request, "monev/simple_form.html", {"form": form, "title": title})


@login_required
def agent_figure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agent = outreach_selectors.agent_get(request.user, pk=pk)
    require_write(request.user, agent.region_id)
    form = AgentFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agent_figure_record(agent=agent, by=request.user, **form.cleaned_data)
        return redirect("monev:outreach", code=agent.region_id)
    title = _("Participants enrolled by %(name)s") % {"name": agent.name}
    return TemplateResponse(request, "monev/simple_form.html", {"form": form, "title": title})


@login_required
def socialisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    initial = {"region": request.GET.get("wilayah")} if request.method == "GET" else None
    form = SocialisationForm(request.POST or None, regions=writable_regions(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        item = services.socialisation_create(by=request.user, **form.cleaned_data)
        return redirect("monev:outreach", code=item.region_id)
    title = _("Record a socialisation activity")
    return TemplateResponse(request, "monev/simple_form.html", {"form": form, "title": title})
