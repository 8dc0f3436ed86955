from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from cakupan.accounts import access
from cakupan.accounts.region_picker.picker import region_label
from cakupan.accounts.roles import Cap
from cakupan.analytics.nik import KeyProblem, masked
from cakupan.common.formatting import fmt_month
from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.imports.models import ImportBatch
from cakupan.participants.forms import (
    MAX_LIST_BYTES,
    MAX_PARTICIPANTS_BYTES,
    MatchUploadForm,
    ParticipantsUploadForm,
)
from cakupan.participants.models import MatchList
from cakupan.participants.selectors import (
    match_list_get,
    match_list_list,
    match_member_list,
    match_members_visible,
    match_table,
)
from cakupan.regions.models import Region

MEMBERS_PER_PAGE = 200
PROBLEMS_SHOWN = 500


class _InMemoryUpload(MemoryFileUploadHandler):
    """Keeps an uploaded list in memory whatever its size up to the limit: a list of raw NIKs must never
    reach a temporary file. A larger request never gets here (DATA_UPLOAD_MAX_MEMORY_SIZE, form check)."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.activated = content_length <= MAX_LIST_BYTES + 64 * 1024


@csrf_exempt
def match_upload(request: HttpRequest) -> HttpResponse:
    """The upload page. The upload handlers are set before anything reads the request body, and the CSRF
    check is made right after (`csrf_protect` on the inner view)."""
    request.upload_handlers = [_InMemoryUpload(request)]
    return _match_upload(cast(AuthenticatedHttpRequest, request))


@csrf_protect
@login_required
def _match_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    # The services bring pyarrow and the engine (ibis): loaded by the pages that use them, not at start-up.
    from cakupan.participants.services import MatchRefused, match_list_create, nik_key_configured

    try:
        key = nik_key_configured()
        key_state = "ok" if key is not None else "missing"
    except KeyProblem:
        key, key_state = None, "unusable"
    form = MatchUploadForm(
        request.POST or None, request.FILES or None, raw_nik=key is not None, user=request.user
    )
    problems = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The picker offers only the user's regions; the check stays beside the service call.
        if not access.can(request.user, Cap.VIEW_RESTRICTED, data["region"].code):
            form.add_error("region", _("You may not match lists for this region."))
        else:
            key = key if data.get("pseudonymise") else None
            if not form.errors:
                upload = data["file"]
                try:
                    outcome = match_list_create(
                        name=data["name"],
                        region_code=data["region"].code,
                        file_name=upload_name(upload.name, kind="match-list"),
                        content=upload.read(),
                        user=request.user,
                        period=data["period"] or None,
                        pseudonymise_key=key,
                    )
                except MatchRefused as exc:
                    form.add_error(None, str(exc))
                else:
                    if outcome.match_list is not None:
                        return redirect("participants:match-detail", pk=outcome.match_list.pk)
                    problems = outcome.problems[:PROBLEMS_SHOWN]
    return TemplateResponse(
        request,
        "participants/match_upload.html",
        {
            "form": form,
            "problems": problems,
            "lists": match_list_list(request.user)[:50],
            "key_state": key_state,
        },
    )


def _visible(request: AuthenticatedHttpRequest, pk: int) -> MatchList:
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    match_list = match_list_get(request.user, pk=pk)
    if match_list is None:
        raise Http404
    return match_list


@login_required
def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match_list = _visible(request, pk)
    return TemplateResponse(
        request,
        "participants/match_detail.html",
        {
            "match_list": match_list,
            "table": match_table(match_list),
            "members_visible": match_members_visible(request.user, match_list),
        },
    )


@login_required
def match_members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match_list = _visible(request, pk)
    if not match_members_visible(request.user, match_list):
        raise PermissionDenied
    which = request.GET.get("status", "")
    matched = {"matched": True, "unmatched": False}.get(which)
    page = Paginator(
        match_member_list(match_list, user=request.user, via="web", matched=matched), MEMBERS_PER_PAGE
    ).get_page(request.GET.get("halaman"))
    rows = [
        {
            "hash": masked(m.nik_hash),
            "region_code": m.region_code,
            "agency": m.agency,
            "category": m.category,
            "segment": m.segment,
        }
        for m in page.object_list
    ]
    return TemplateResponse(
        request,
        "participants/match_members.html",
        {"match_list": match_list, "page": page, "rows": rows, "status": which},
    )


class _InMemoryParticipants(MemoryFileUploadHandler):
    """A participant file stays in memory up to its limit, like a list: it may hold a raw NIK column,
    which is refused and must never have reached a temporary file."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.activated = content_length <= MAX_PARTICIPANTS_BYTES + 64 * 1024


@csrf_exempt
def participants_upload(request: HttpRequest) -> HttpResponse:
    """The participant file page: check (dry run) or import, with the regions it is complete for."""
    request.upload_handlers = [_InMemoryParticipants(request)]
    return _participants_upload(cast(AuthenticatedHttpRequest, request))


@csrf_protect
@login_required
def _participants_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can(request.user, Cap.IMPORT_PARTICIPATION):
        raise PermissionDenied
    from cakupan.participants.services import CoversRefused, covers_parsed, participants_rollup_import

    form = ParticipantsUploadForm(request.POST or None, request.FILES or None, user=request.user)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            picked = [region.code for region in form.cleaned_data["covers"]]
            covers = covers_parsed(picked, user=request.user)
        except CoversRefused as exc:
            form.add_error("covers", str(exc))
        else:
            upload = form.cleaned_data["file"]
            name = upload_name(upload.name, kind="participants")
            done = participants_rollup_import(
                path=name,
                content=upload.read(),
                file_name=name,
                user=request.user,
                scope_user=request.user,
                source=ImportBatch.Source.WEB,
                covers=covers,
                dry_run=request.POST.get("action") != "import",
            )
    return TemplateResponse(
        request,
        "participants/participants_upload.html",
        {
            "form": form,
            "done": done,
            "summary": _named(done.summary()) if done is not None and done.ok else None,
            "problems": done.problems[:PROBLEMS_SHOWN] if done is not None else None,
        },
    )


def _named(summary: dict[str, Any]) -> dict[str, Any]:
    """The preview's summary with each region's name beside its code (`region_name` on the rows, and
    `covers_named` for the regions the file is declared complete for): the page names places in words."""
    lists = ("replaced", "removed", "identical_examples", "kept_elsewhere_examples")
    codes = {*summary["covers"], *(row["region_code"] for name in lists for row in summary[name])}
    codes |= {row["stored_region"] for row in summary["kept_elsewhere_examples"]}
    regions = {
        r.code: r
        for r in Region.objects.filter(code__in=codes).select_related("parent__parent__parent__parent")
    }

    def label(code: str) -> str:
        return region_label(regions[code]) if code in regions else code

    named = {
        name: [{**row, "region_name": label(row["region_code"])} for row in summary[name]] for name in lists
    }
    named["kept_elsewhere_examples"] = [
        {**row, "stored_region_name": label(row["stored_region"])} for row in named["kept_elsewhere_examples"]
    ]
    months = [fmt_month(period, get_language()) for period in summary["periods"]]
    return {**summary, **named, "covers_named": [label(code) for code in summary["covers"]], "months": months}
