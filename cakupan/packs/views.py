"""Pages of the packs: present a meeting's pack (a background job), its part of the meeting page (HTMX
polls it while the job runs), and the files of each presented version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.stored_files import stored_file_response
from cakupan.indicators.versions import region_version
from cakupan.jobs.services import job_enqueue
from cakupan.monev import config as monev_config
from cakupan.monev import selectors as monev
from cakupan.monev.models import Document
from cakupan.packs import selectors
from cakupan.packs.render import FORMATS
from cakupan.packs.services import PRESENT_KIND


@require_POST
@login_required
def present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Freeze the meeting's pack as a new version: the meeting's editors only."""
    found = selectors.meeting_pack(request.user, meeting_pk=pk)
    monev.require_write(request.user, found.meeting.region_id)
    back = reverse("monev:meeting-detail", args=[pk]) + "#pack"
    if found.period is None:
        messages.error(
            request, _("The host region has no figures for a month up to the meeting: no pack to present.")
        )
        return redirect(back)
    lang = "en" if request.POST.get("bahasa") == "en" else "id"
    params = {
        "meeting": pk,
        "period": found.period,
        "lang": lang,
        "version": region_version(found.meeting.region_id, found.period),
    }
    _job, created = job_enqueue(kind=PRESENT_KIND, params=params, by=request.user)
    if not created:
        messages.info(request, _("The pack is being made already."))
    return redirect(back)


@login_required
def meeting_part(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The pack's part of the meeting page alone (HTMX asks for it while the pack is being made)."""
    found = selectors.meeting_pack(request.user, meeting_pk=pk)
    return TemplateResponse(request, "packs/_meeting_pack.html", {"mp": found})


@login_required
def download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    snapshot = selectors.snapshot_get(request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    document = Document.objects.get(pk=dict(snapshot.documents())[fmt])
    name = document.original_name.rsplit(".", 1)[0] + f"-v{snapshot.version}.{fmt}"
    path = monev_config.documents_dir() / document.stored_name
    return stored_file_response(path, content_type=document.content_type, file_name=name)
