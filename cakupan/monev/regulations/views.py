"""The pages of regulations, their documents and the Inpres 2/2021 matrix: parse the request, call the
selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.common.stored_files import stored_file_response
from cakupan.core.codes import NATIONAL
from cakupan.monev import config
from cakupan.monev.pages import region_filter, region_param
from cakupan.monev.regulations import downloads, selectors, services
from cakupan.monev.regulations.forms import RegulationForm
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.selectors import can_write, region_public, require_write, writable_regions
from cakupan.reports.downloads import register_download, requested_format


def regulation_list(request: HtmxHttpRequest) -> HttpResponse:
    region = region_public(code=region_param(request))
    kind = request.GET.get("jenis", "")
    topic = request.GET.get("topik", "")
    rows = selectors.regulation_list(
        request.user,
        region=region,
        kind=kind if kind in Regulation.Kind.values else "",
        topic=topic if topic in Regulation.Topic.values else "",
    )
    if fmt := requested_format(request):
        found = [downloads.regulation_row(r) for r in rows]
        return register_download(found, name=f"regulasi-{region.code}", fmt=fmt)
    context = {
        "region": region,
        "filter_form": region_filter(request)[0],
        "regulations": rows,
        "kinds": Regulation.Kind.choices,
        "topics": Regulation.Topic.choices,
        "kind": kind,
        "topic": topic,
        "can_write": can_write(request.user, region.code) and region.code != NATIONAL,
    }
    return TemplateResponse(request, "monev/regulation_list.html", context)


def regulation_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(request.user, pk=pk)
    context = {
        "regulation": regulation,
        "can_write": can_write(request.user, regulation.region_id),
    }
    return TemplateResponse(request, "monev/regulation_detail.html", context)


@login_required
def regulation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = writable_regions(request.user)
    if not can_write(request.user):
        raise PermissionDenied
    initial = {"region": request.GET.get("wilayah")} if request.method == "GET" else None
    form = RegulationForm(request.POST or None, request.FILES or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        regulation = services.regulation_create(
            region=data["region"],
            kind=data["kind"],
            number=data["number"],
            issued_on=data["issued_on"],
            title=data["title"],
            topics=data["topics"],
            acts_on=data["acts_on"],
            document=data.get("document"),
            by=request.user,
        )
        messages.success(request, _("Regulation %(name)s saved.") % {"name": str(regulation)})
        return redirect("monev:regulation-detail", pk=regulation.pk)
    return TemplateResponse(request, "monev/regulation_form.html", {"form": form, "regulation": None})


@login_required
def regulation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(request.user, pk=pk)
    require_write(request.user, regulation.region_id)
    regions = writable_regions(request.user).filter(code=regulation.region_id)
    initial = {
        "region": regulation.region_id,
        "kind": regulation.kind,
        "number": regulation.number,
        "issued_on": regulation.issued_on,
        "title": regulation.title,
        "topics": regulation.topics,
        "acts_on": list(regulation.acts_on.all()),
    }
    form = RegulationForm(request.POST or None, request.FILES or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.regulation_update(
            regulation=regulation,
            kind=data["kind"],
            number=data["number"],
            issued_on=data["issued_on"],
            title=data["title"],
            topics=data["topics"],
            acts_on=data["acts_on"],
            document=data.get("document"),
            by=request.user,
        )
        messages.success(request, _("Regulation %(name)s saved.") % {"name": str(regulation)})
        return redirect("monev:regulation-detail", pk=regulation.pk)
    return TemplateResponse(request, "monev/regulation_form.html", {"form": form, "regulation": regulation})


def inpres_matrix(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_public(code=code)
    matrix = selectors.inpres_matrix(request.user, region=region)
    if fmt := requested_format(request):
        return register_download(downloads.matrix_rows(matrix), name=f"inpres-{region.code}", fmt=fmt)
    return TemplateResponse(request, "monev/inpres.html", {"matrix": matrix, "region": region})


def document_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment, streamed from disk."""
    document = selectors.document_get(request.user, pk=pk)
    return stored_file_response(
        config.documents_dir() / document.stored_name,
        content_type=document.content_type,
        file_name=document.original_name,
        cache="public, max-age=3600" if document.public else "private, no-store",
    )
