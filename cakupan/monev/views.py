"""Pages of the Monev register: each view parses, calls a selector or service, and renders. Every form
works without JavaScript (plain POST and redirect)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.common.stored_files import stored_file_response
from cakupan.core.codes import NATIONAL
from cakupan.core.periods import PeriodError, parse_period
from cakupan.imports import staging
from cakupan.imports.file_templates import import_guides
from cakupan.imports.models import ImportBatch
from cakupan.imports.validation import Validation
from cakupan.indicators.params import ParameterMissing
from cakupan.monev import commitments as monev_commitments
from cakupan.monev import config, downloads, minutes, selectors, services
from cakupan.monev import scorecard as monev_scorecard
from cakupan.monev.forms import (
    AddresseeReportForm,
    AttendeeForm,
    BudgetLineEntryForm,
    CommitmentForm,
    DatasetUploadForm,
    FollowUpForm,
    FollowUpUpdateForm,
    FundingEntryForm,
    MeetingForm,
    MeetingItemForm,
    RegionFilterForm,
    RegulationForm,
    SemesterNarrativeForm,
    SignatoriesForm,
    StaffCoverageForm,
    TargetForm,
)
from cakupan.monev.importing import MonevValidation, validate_monev_entry, validate_monev_file
from cakupan.monev.models import Meeting, MeetingItem, MeetingSignatories, Regulation
from cakupan.monev.summary import report as summary_report
from cakupan.regions.models import Region
from cakupan.regions.selectors import region_get
from cakupan.reports.downloads import register_download, requested_format, requested_table

# Monev uploads wait apart from the figures' uploads (a token of one page is never found by the other).
STAGING_AREA = "monev-staging"


def _region_param(request: HtmxHttpRequest, default: str = NATIONAL) -> str:
    return _region_filter(request, default)[1]


def _region_filter(request: HtmxHttpRequest, default: str = "") -> tuple[RegionFilterForm, str]:
    """The filter's region by name, picked label or code; a text that names no region keeps the default
    and the form says why."""
    form = RegionFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data["wilayah"] is not None:
        return form, form.cleaned_data["wilayah"].code
    return form, default


def index(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    scope = selectors.records_scope(user)
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    context = {
        "record_codes": {p.code for p in provinces if scope.covers(p.code)},
        "can_import": bool(selectors.importable_datasets(user)),
        "can_read_records": not scope.is_empty,
        "can_summary": selectors.summary_allowed(user),
        "provinces": provinces,
    }
    return TemplateResponse(request, "monev/index.html", context)


# --- regulations ---------------------------------------------------------------------------------------


def regulation_list(request: HtmxHttpRequest) -> HttpResponse:
    region = selectors.region_public(code=_region_param(request))
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
        "filter_form": _region_filter(request)[0],
        "regulations": rows,
        "kinds": Regulation.Kind.choices,
        "topics": Regulation.Topic.choices,
        "kind": kind,
        "topic": topic,
        "can_write": selectors.can_write(request.user, region.code) and region.code != NATIONAL,
    }
    return TemplateResponse(request, "monev/regulation_list.html", context)


def regulation_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(request.user, pk=pk)
    context = {
        "regulation": regulation,
        "can_write": selectors.can_write(request.user, regulation.region_id),
    }
    return TemplateResponse(request, "monev/regulation_detail.html", context)


@login_required
def regulation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = selectors.writable_regions(request.user)
    if not selectors.can_write(request.user):
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
    selectors.require_write(request.user, regulation.region_id)
    regions = selectors.writable_regions(request.user).filter(code=regulation.region_id)
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
    region = selectors.region_public(code=code)
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


# --- meetings and follow-ups ---------------------------------------------------------------------------


def _require_records(request: AuthenticatedHttpRequest) -> None:
    if selectors.records_scope(request.user).is_empty:
        raise PermissionDenied(_("Monev meetings need a role for a region."))


@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_records(request)
    filter_form, code = _region_filter(request)
    if fmt := requested_format(request):
        # The whole list the page shows the newest 200 of.
        rows = downloads.meeting_rows(list(selectors.meeting_list(request.user, region_code=code)))
        return register_download(rows, name=f"rapat-{code or 'semua'}", fmt=fmt)
    meetings = selectors.meeting_list(request.user, region_code=code)[:200]
    context = {
        "meetings": meetings,
        "region_code": code,
        "filter_form": filter_form,
        "can_write": selectors.can_write(request.user),
        "overdue": selectors.overdue_list(request.user, region_code=code).count(),
    }
    return TemplateResponse(request, "monev/meeting_list.html", context)


@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_write(request.user):
        raise PermissionDenied
    regions = selectors.writable_regions(request.user)
    initial = {"region": request.GET.get("wilayah")} if request.method == "GET" else None
    form = MeetingForm(request.POST or None, regions=regions, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_create(
            region=data["region"],
            held_on=data["held_on"],
            place=data["place"],
            institutions=data["institutions"],
            agenda=data["agenda"],
            other_regions=data["other_regions"],
            by=request.user,
        )
        return redirect("monev:meeting-detail", pk=meeting.pk)
    # A NUL never names a region (and PostgreSQL cannot compare text holding one).
    code = (request.POST.get("region") or request.GET.get("wilayah") or "").replace("\x00", "").strip()[:13]
    latest = selectors.latest_meeting(request.user, region_code=code) if code else None
    context = {
        "form": form,
        "previous": latest,
        "previous_open": selectors.open_follow_ups(request.user, meeting=latest) if latest else [],
        "today": timezone.localdate(),
        "can_write": False,
    }
    return TemplateResponse(request, "monev/meeting_form.html", context)


def _meeting_context(request: AuthenticatedHttpRequest, pk: int) -> dict[str, object]:
    meeting = selectors.meeting_get(request.user, pk=pk)
    previous = selectors.previous_meeting(request.user, meeting=meeting)
    items = selectors.meeting_items(request.user, meeting=meeting)
    recommendations = MeetingItem.objects.filter(meeting=meeting, kind=MeetingItem.Kind.RECOMMENDATION)
    return {
        "meeting": meeting,
        "findings": [i for i in items if i.kind == MeetingItem.Kind.FINDING],
        "recommendations": [i for i in items if i.kind == MeetingItem.Kind.RECOMMENDATION],
        "follow_ups": list(selectors.follow_up_list(request.user).filter(meeting=meeting)),
        "previous": previous,
        "previous_open": selectors.open_follow_ups(request.user, meeting=previous) if previous else [],
        "today": timezone.localdate(),
        "can_write": selectors.can_write(request.user, meeting.region_id),
        "item_form": MeetingItemForm(),
        "follow_up_form": FollowUpForm(
            recommendations=recommendations, offices=selectors.meeting_offices(meeting)
        ),
        "commitments": monev_commitments.measure_all(
            list(selectors.meeting_commitments(request.user, meeting=meeting)), today=timezone.localdate()
        ),
        "commitment_form": CommitmentForm(
            regions=selectors.meeting_regions(meeting), offices=selectors.meeting_offices(meeting)
        ),
        **_attendance_context(request, meeting),
    }


def _attendance_context(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    form: AttendeeForm | None = None,
    signatories_form: SignatoriesForm | None = None,
) -> dict[str, object]:
    attendees = selectors.attendee_list(request.user, meeting=meeting)
    signatories = MeetingSignatories.objects.filter(meeting=meeting).first()
    initial = (
        {
            "chair_name": signatories.chair_name,
            "chair_position": signatories.chair_position,
            "secretary_name": signatories.secretary_name,
            "secretary_position": signatories.secretary_position,
        }
        if signatories
        else {}
    )
    return {
        "meeting": meeting,
        "attendees": attendees,
        "present": sum(1 for a in attendees if a.attended),
        "head_present": any(a.head_of_region for a in attendees),
        "signatories": signatories,
        "attendee_form": form or AttendeeForm(),
        "signatories_form": signatories_form or SignatoriesForm(initial=initial),
        "can_write": selectors.can_write(request.user, meeting.region_id),
    }


def _attendance_response(
    request: AuthenticatedHttpRequest, meeting: Meeting, *, status: int = 200, **forms: object
) -> HttpResponse:
    """The attendance section for an HTMX request, else the meeting page (a plain POST redirects)."""
    context = _attendance_context(request, meeting, **forms)  # type: ignore[arg-type]
    if request.htmx:
        return TemplateResponse(request, "monev/_attendance.html", context, status=status)
    if status == 200:
        return redirect(f"{meeting_url(meeting)}#attendance")
    return TemplateResponse(
        request, "monev/meeting_detail.html", _meeting_context(request, meeting.pk) | context, status=status
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("monev:meeting-detail", args=[meeting.pk])


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return TemplateResponse(request, "monev/meeting_detail.html", _meeting_context(request, pk))


@require_POST
@login_required
def attendee_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    selectors.require_write(request.user, meeting.region_id)
    form = AttendeeForm(request.POST)
    if not form.is_valid():
        return _attendance_response(request, meeting, status=422, form=form)
    services.attendee_add(meeting=meeting, by=request.user, **form.cleaned_data)
    return _attendance_response(request, meeting)


@require_POST
@login_required
def attendee_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark an invitee present or absent (or remove one entered by mistake: `hapus`)."""
    attendee = selectors.attendee_get(request.user, pk=pk)
    selectors.require_write(request.user, attendee.region_id)
    meeting = selectors.meeting_get(request.user, pk=attendee.meeting_id)
    if request.POST.get("hapus"):
        services.attendee_remove(attendee=attendee, by=request.user)
    else:
        services.attendee_update(
            attendee=attendee,
            attended=request.POST.get("attended") == "1",
            head_of_region=request.POST.get("head_of_region") == "1",
            by=request.user,
        )
    return _attendance_response(request, meeting)


@require_POST
@login_required
def signatories_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    selectors.require_write(request.user, meeting.region_id)
    form = SignatoriesForm(request.POST)
    if not form.is_valid():
        return _attendance_response(request, meeting, status=422, signatories_form=form)
    services.meeting_signatories_set(meeting=meeting, by=request.user, **form.cleaned_data)
    return _attendance_response(request, meeting)


def user_lang(request: HtmxHttpRequest) -> str:
    """A download's language: ?bahasa= if given, else the page's; Indonesian unless English."""
    asked = request.GET.get("bahasa", "") or translation.get_language() or "id"
    return "en" if asked.lower().startswith("en") else "id"


@login_required
def meeting_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The minutes as PDF or DOCX (?unduh=pdf|docx), for everyone who may read the meeting."""
    fmt = request.GET.get("unduh", "pdf")
    if fmt not in ("pdf", "docx"):
        return HttpResponse(_("Choose the minutes as pdf or docx."), status=400, content_type="text/plain")
    notes = selectors.meeting_minutes(request.user, pk=pk)
    commitments = selectors.meeting_commitments(request.user, meeting=notes.meeting).select_related(
        "region", "owner"
    )
    rendered = minutes.minutes_render(notes, fmt=fmt, lang=user_lang(request), commitments=commitments)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def meeting_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    selectors.require_write(request.user, meeting.region_id)
    form = MeetingItemForm(request.POST)
    if form.is_valid():
        services.meeting_item_add(
            meeting=meeting, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], by=request.user
        )
        return redirect("monev:meeting-detail", pk=meeting.pk)
    context = _meeting_context(request, pk) | {"item_form": form}
    return TemplateResponse(request, "monev/meeting_detail.html", context, status=422)


@require_POST
@login_required
def follow_up_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    selectors.require_write(request.user, meeting.region_id)
    recommendations = MeetingItem.objects.filter(meeting=meeting, kind=MeetingItem.Kind.RECOMMENDATION)
    form = FollowUpForm(
        request.POST, recommendations=recommendations, offices=selectors.meeting_offices(meeting)
    )
    if form.is_valid():
        data = form.cleaned_data
        services.follow_up_create(
            meeting=meeting,
            action=data["action"],
            responsible=data["responsible"],
            due_on=data["due_on"],
            recommendation=data["recommendation"],
            owner=data["owner"],
            by=request.user,
        )
        return redirect("monev:meeting-detail", pk=meeting.pk)
    context = _meeting_context(request, pk) | {"follow_up_form": form}
    return TemplateResponse(request, "monev/meeting_detail.html", context, status=422)


@require_POST
@login_required
def commitment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    selectors.require_write(request.user, meeting.region_id)
    form = CommitmentForm(
        request.POST, regions=selectors.meeting_regions(meeting), offices=selectors.meeting_offices(meeting)
    )
    if form.is_valid():
        try:
            services.commitment_create(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("monev:meeting-detail", args=[meeting.pk]) + "#commitments")
    context = _meeting_context(request, pk) | {"commitment_form": form}
    return TemplateResponse(request, "monev/meeting_detail.html", context, status=422)


@login_required
def follow_up_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk=pk)
    selectors.require_write(request.user, follow_up.region_id)
    initial = {
        "status": follow_up.status,
        "done_on": follow_up.done_on,
        "evidence_note": follow_up.evidence_note,
    }
    form = FollowUpUpdateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.follow_up_update(
            follow_up=follow_up,
            status=data["status"],
            done_on=data["done_on"],
            evidence_note=data["evidence_note"],
            evidence=data.get("evidence"),
            by=request.user,
        )
        messages.success(request, _("Follow-up updated."))
        return redirect("monev:meeting-detail", pk=follow_up.meeting_id)
    return TemplateResponse(request, "monev/follow_up_form.html", {"form": form, "follow_up": follow_up})


@login_required
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_records(request)
    filter_form, code = _region_filter(request)
    today = timezone.localdate()
    if fmt := requested_format(request):
        found = selectors.overdue_list(request.user, region_code=code, today=today)
        return register_download(
            [downloads.follow_up_row(f, today=today) for f in found],
            name=f"tindak-lanjut-terlambat-{code or 'semua'}",
            fmt=fmt,
        )
    rows = [
        (f, (today - f.due_on).days)
        for f in selectors.overdue_list(request.user, region_code=code, today=today)[:500]
    ]
    return TemplateResponse(
        request,
        "monev/overdue.html",
        {"rows": rows, "today": today, "region_code": code, "filter_form": filter_form},
    )


@login_required
def timeline(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = region_get(code=code)
    if region is None:
        raise Http404
    entries = selectors.region_timeline(request.user, region=region)
    if fmt := requested_format(request):
        return register_download(downloads.timeline_rows(entries), name=f"linimasa-{region.code}", fmt=fmt)
    return TemplateResponse(request, "monev/timeline.html", {"region": region, "entries": entries})


# --- vulnerable-worker funding -------------------------------------------------------------------------


def funding(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_register(request.user, code=code)
    page = selectors.funding_page(request.user, region=region)
    if fmt := requested_format(request):
        table = requested_table(request, ("pendanaan", "riwayat"))
        rows = downloads.funding_rows(page) if table == "pendanaan" else downloads.funding_history_rows(page)
        return register_download(rows, name=f"{table}-{region.code}", fmt=fmt)
    context = {"page": page, "region": region, "can_write": selectors.can_write(request.user, region.code)}
    return TemplateResponse(request, "monev/funding.html", context)


@login_required
def funding_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _register_entry(
        request,
        code=code,
        form_class=FundingEntryForm,
        dataset="vulnerable_funding",
        saved=_("Funding saved."),
        done_url="monev:funding",
        template="monev/funding_entry.html",
    )


def _register_entry(
    request: AuthenticatedHttpRequest,
    *,
    code: str,
    form_class: type[forms.Form],
    dataset: str,
    saved: str,
    done_url: str,
    template: str,
) -> HttpResponse:
    """One row of a Monev dataset typed in a form: validated and committed as a file's row would be."""
    region = selectors.region_for_register(request.user, code=code)
    selectors.require_write(request.user, region.code)
    form = form_class(request.POST or None)
    problems: list[object] = []
    if request.method == "POST" and form.is_valid():
        validation = validate_monev_entry(
            dataset_name=dataset,
            data=dict(form.cleaned_data) | {"region_code": region.code},
            scope=access.scope(request.user, Cap.WRITE_MONEV),
            label=_("entry form"),
        )
        if validation.ok:
            batch, _plan = services.monev_import_commit(
                validation=validation, by=request.user, source=ImportBatch.Source.ENTRY
            )
            if batch is None:
                messages.info(request, _("Nothing changed: the stored row is the same."))
            else:
                messages.success(request, saved)
            return redirect(done_url, code=region.code)
        problems = list(validation.problems)
    return TemplateResponse(request, template, {"form": form, "region": region, "problems": problems})


# --- the budget register -------------------------------------------------------------------------------


def budget(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_register(request.user, code=code)
    page = selectors.budget_page(request.user, region=region)
    if fmt := requested_format(request):
        table = requested_table(request, ("anggaran", "rincian", "riwayat"))
        rows = {
            "anggaran": downloads.budget_rows,
            "rincian": downloads.budget_detail_rows,
            "riwayat": downloads.budget_history_rows,
        }[table](page)
        return register_download(rows, name=f"{table}-{region.code}", fmt=fmt)
    context = {"page": page, "region": region, "can_write": selectors.can_write(request.user, region.code)}
    return TemplateResponse(request, "monev/budget.html", context)


@login_required
def budget_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _register_entry(
        request,
        code=code,
        form_class=BudgetLineEntryForm,
        dataset="budget_lines",
        saved=_("Budget line saved."),
        done_url="monev:budget",
        template="monev/budget_entry.html",
    )


# --- dataset imports (vulnerable_funding, benefits) ----------------------------------------------------


@login_required
def dataset_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    datasets = selectors.importable_datasets(request.user)
    if not datasets:
        raise PermissionDenied
    initial = {"dataset": request.GET.get("dataset")} if request.method == "GET" else None
    form = DatasetUploadForm(request.POST or None, request.FILES or None, datasets=datasets, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dataset, content = form.cleaned_data["dataset"], upload.read()
        upload.name = upload_name(upload.name, kind=dataset)  # a NIK in the name is never kept or shown
        # A refused file is answered at once and never kept: it may hold what must not be stored (a NIK
        # in the wrong file). Only a valid file is staged for its preview.
        validation = validate_monev_file(
            dataset_name=dataset,
            file_name=upload.name,
            content=content,
            scope=selectors.import_scope(request.user, dataset),
        )
        if not validation.ok:
            refused = {"staged": {"file_name": upload.name, "dataset": dataset}, "validation": validation}
            return TemplateResponse(request, "monev/dataset_preview.html", refused, status=422)
        token = staging.stage(
            area=STAGING_AREA,
            dataset=dataset,
            file_name=upload.name,
            user_id=request.user.pk,
            content=content,
        )
        return redirect("monev:dataset-preview", token=token)
    batches = ImportBatch.objects.filter(uploaded_by=request.user, dataset__in=datasets)[:20]
    context = {"form": form, "batches": batches, "datasets": datasets, "guides": import_guides(datasets)}
    return TemplateResponse(request, "monev/dataset_upload.html", context)


def _staged_validation(
    request: AuthenticatedHttpRequest, token: str
) -> tuple[staging.Staged, MonevValidation]:
    staged = staging.load(token=token, user_id=request.user.pk, area=STAGING_AREA)
    if staged is None:
        raise Http404
    scope = selectors.import_scope(request.user, staged.dataset)
    if scope.is_empty:
        raise PermissionDenied
    validation = validate_monev_file(
        dataset_name=staged.dataset, file_name=staged.file_name, content=staged.content, scope=scope
    )
    return staged, validation


@login_required
def dataset_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    staged, validation = _staged_validation(request, token)
    plan = services.monev_import_plan(validation=validation) if validation.ok else None
    checks = []
    missing: list[tuple[object, str]] = []
    if validation.ok and staged.dataset == "vulnerable_funding":
        for row in validation.rows:
            v = row.values
            try:
                check = services.funding_check(
                    workers=v["workers"], months=v["months"], amount_idr=v["amount_idr"], year=v["year"]
                )
            except ParameterMissing as exc:
                missing.append((row, str(exc)))
                continue
            if not check.agrees:
                checks.append((row, check))
    context = {
        "staged": staged,
        "validation": validation,
        "plan": plan,
        "warnings": checks,
        "unchecked": missing,
    }
    return TemplateResponse(request, "monev/dataset_preview.html", context)


@require_POST
@login_required
def dataset_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    _staged, validation = _staged_validation(request, token)
    if not validation.ok:
        return redirect("monev:dataset-preview", token=token)
    batch, _plan = services.monev_import_commit(
        validation=validation,
        by=request.user,
        source=ImportBatch.Source.WEB,
    )
    staging.discard(token=token, area=STAGING_AREA)
    if batch is None:
        messages.info(request, _("Nothing changed: every row in the file equals the stored one."))
        return redirect("monev:dataset-upload")
    messages.success(
        request,
        _("Imported %(file)s as Monev batch #%(id)d.") % {"file": batch.file_name, "id": batch.pk},
    )
    return redirect("imports:batch", pk=batch.pk)  # the one batch page of every dataset


# --- benefits -------------------------------------------------------------------------------------------


def benefits(request: HtmxHttpRequest, code: str) -> HttpResponse:
    raw = request.GET.get("periode", "")
    try:
        period = parse_period(raw) if raw else None
    except PeriodError:
        period = None
    data = selectors.region_benefits(request.user, code=code, period=period)
    if fmt := requested_format(request):
        table = requested_table(request, ("program", "tren"))
        rows = (
            downloads.benefit_program_rows(data) if table == "program" else downloads.benefit_trend_rows(data)
        )
        return register_download(rows, name=f"manfaat-{table}-{data.region.code}-{data.period}", fmt=fmt)
    template = "monev/_region_benefits.html" if request.htmx else "monev/benefits.html"
    context = {
        "benefits": data,
        "region": data.region,
        "can_import": selectors.import_scope(request.user, "benefits").covers(data.region.code),
    }
    return TemplateResponse(request, template, context)


# --- targets --------------------------------------------------------------------------------------------


def targets(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_register(request.user, code=code)
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
    region = selectors.region_for_register(request.user, code=code)
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


# --- non-ASN staff and village officials ---------------------------------------------------------------


def staff_coverage(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_register(request.user, code=code)
    tables = selectors.staff_coverage_tables(request.user, region=region)
    if fmt := requested_format(request):
        return register_download(downloads.staff_rows(tables), name=f"non-asn-{region.code}", fmt=fmt)
    context = {
        "region": region,
        "tables": tables,
        "can_write": selectors.can_write(request.user, region.code),
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
    selectors.require_write(request.user, match_list.region_id)
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
    region = selectors.region_for_register(request.user, code=code)
    selectors.require_write(request.user, region.code)
    form = StaffCoverageForm(request.POST or None, initial={"group": request.GET.get("kelompok", "")})
    if request.method == "POST" and form.is_valid():
        services.staff_coverage_record(region=region, by=request.user, **form.cleaned_data)
        messages.success(request, _("Figure saved."))
        return redirect("monev:staff", code=region.code)
    return TemplateResponse(request, "monev/staff_coverage_form.html", {"form": form, "region": region})


# --- scorecard ------------------------------------------------------------------------------------------


def scorecard(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = selectors.region_public(code=code)
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year - 1
    card = monev_scorecard.scorecard(request.user, region=region, year=year)
    if fmt := requested_format(request):
        table = requested_table(request, ("peringkat", "aspek"))
        rows = downloads.ranking_rows(card) if table == "peringkat" else downloads.aspect_rows(card)
        return register_download(rows, name=f"skor-{table}-{region.code}-{card.year}", fmt=fmt)
    return TemplateResponse(request, "monev/scorecard.html", {"card": card, "region": region})


# --- six-monthly national summary ------------------------------------------------------------------------


def _report_lang(request: AuthenticatedHttpRequest) -> str:
    """A report's language: ?bahasa=en for English, else Indonesian (as for the region reports)."""
    return "en" if request.GET.get("bahasa", "").lower().startswith("en") else "id"


@login_required
def national_summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.summary_allowed(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year, half = summary_report.parse_semester(request.GET.get("semester", ""), today=today)
    fmt = request.GET.get("unduh", "")
    if fmt in summary_report.REPORT_FORMATS:
        rendered = summary_report.summary_render(
            user=request.user, year=year, half=half, fmt=fmt, lang=_report_lang(request)
        )
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
        return response
    if table_format := requested_format(request):
        rows = downloads.summary_rows(selectors.national_summary(request.user, year=year, half=half))
        return register_download(rows, name=f"ringkasan-nasional-{year}-{half}", fmt=table_format)
    report = summary_report.semester_report(request.user, year=year, half=half)
    narrative = report.narrative
    context = {
        "summary": report.summary,
        "report": report,
        "tables": [
            *summary_report.change_tables(report),
            summary_report.segment_table(report),
            summary_report.staff_table(report),
            *summary_report.part_tables(report),
            summary_report.benefit_table(report),
        ],
        "choices": summary_report.semester_choices(today),
        "chosen": f"{year}-{half}",
        "can_write_national": selectors.can_write(request.user, NATIONAL),
        "narrative_form": SemesterNarrativeForm(
            initial={"obstacles": narrative.obstacles, "recommendations": narrative.recommendations}
            if narrative
            else None
        ),
    }
    return TemplateResponse(request, "monev/summary.html", context)


@require_POST
@login_required
def semester_narrative(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ministry's obstacles and recommendations for a half-year (national `write_monev`)."""
    selectors.require_write(request.user, NATIONAL)
    year, half = summary_report.parse_semester(request.POST.get("semester", ""), today=timezone.localdate())
    form = SemesterNarrativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        services.semester_narrative_save(year=year, half=half, by=request.user, **form.cleaned_data)
        messages.success(request, _("Obstacles and recommendations saved."))
    return redirect(f"{reverse('monev:summary')}?semester={year}-{half}#narrative")


def _semester_param(request: AuthenticatedHttpRequest) -> tuple[int | None, int | None]:
    raw = request.GET.get("semester", "")
    year, _sep, half = raw.partition("-")
    if year.isdigit() and half in ("1", "2"):
        return int(year), int(half)
    return None, None


@login_required
def addressee_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the Inpres addressees reported, for the regions whose records the user may read."""
    _require_records(request)
    year, half = _semester_param(request)
    rows = selectors.addressee_report_list(request.user, year=year, half=half)
    if fmt := requested_format(request):
        found = [downloads.addressee_report_row(r) for r in rows]
        return register_download(found, name=f"laporan-penerima-inpres-{year or 'semua'}", fmt=fmt)
    context = {
        "reports": rows[:500],
        "chosen": f"{year}-{half}" if year else "",
        "choices": summary_report.semester_choices(timezone.localdate()),
        "can_write": selectors.addressee_regions(request.user).exists(),
    }
    return TemplateResponse(request, "monev/addressee_reports.html", context)


@login_required
def addressee_report_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = selectors.addressee_regions(request.user)
    if not regions.exists():
        raise PermissionDenied
    today = timezone.localdate()
    default = "-".join(str(n) for n in summary_report.default_semester(today))
    semesters = [(c, c) for c in summary_report.semester_choices(today)]
    form = AddresseeReportForm(
        request.POST or None,
        request.FILES or None,
        regions=regions,
        semesters=semesters,
        initial={"semester": default},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year, half = summary_report.parse_semester(data["semester"], today=today)
        try:
            report = services.addressee_report_create(
                kind=data["kind"],
                addressee=data["addressee"],
                region=data["region"],
                year=year,
                half=half,
                text=data["text"],
                document=data.get("document"),
                by=request.user,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error("semester" if field in ("year", "half") else "region", problems)
        else:
            messages.success(request, _("Report of %(name)s saved.") % {"name": report.addressee})
            return redirect(f"{reverse('monev:addressee-reports')}?semester={year}-{half}")
    title = _("Record what an Inpres addressee reported")
    context = {"form": form, "title": title, "multipart": True}
    return TemplateResponse(request, "monev/simple_form.html", context)
