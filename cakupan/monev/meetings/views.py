"""The pages of Monev meetings, their items, follow-ups, attendance and signatories: parse the request, call
the selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.monev.meetings import downloads, minutes, selectors, services
from cakupan.monev.meetings.forms import (
    AttendeeForm,
    FollowUpForm,
    FollowUpUpdateForm,
    MeetingForm,
    MeetingItemForm,
    SignatoriesForm,
)
from cakupan.monev.meetings.models import Meeting, MeetingItem, MeetingSignatories
from cakupan.monev.pages import region_filter, require_records
from cakupan.monev.selectors import can_write, require_write, writable_regions
from cakupan.monev.targets import commitments as monev_commitments
from cakupan.monev.targets.forms import CommitmentForm
from cakupan.monev.targets.selectors import meeting_commitments
from cakupan.regions.selectors import region_get
from cakupan.reports.downloads import register_download, requested_format


@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_records(request)
    filter_form, code = region_filter(request)
    if fmt := requested_format(request):
        # The whole list the page shows the newest 200 of.
        rows = downloads.meeting_rows(list(selectors.meeting_list(request.user, region_code=code)))
        return register_download(rows, name=f"rapat-{code or 'semua'}", fmt=fmt)
    meetings = selectors.meeting_list(request.user, region_code=code)[:200]
    context = {
        "meetings": meetings,
        "region_code": code,
        "filter_form": filter_form,
        "can_write": can_write(request.user),
        "overdue": selectors.overdue_list(request.user, region_code=code).count(),
    }
    return TemplateResponse(request, "monev/meeting_list.html", context)


@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    regions = writable_regions(request.user)
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
        "can_write": can_write(request.user, meeting.region_id),
        "item_form": MeetingItemForm(),
        "follow_up_form": FollowUpForm(
            recommendations=recommendations, offices=selectors.meeting_offices(meeting)
        ),
        "commitments": monev_commitments.measure_all(
            list(meeting_commitments(request.user, meeting=meeting)), today=timezone.localdate()
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
        "can_write": can_write(request.user, meeting.region_id),
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
    require_write(request.user, meeting.region_id)
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
    require_write(request.user, attendee.region_id)
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
    require_write(request.user, meeting.region_id)
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
    commitments = meeting_commitments(request.user, meeting=notes.meeting).select_related("region", "owner")
    rendered = minutes.minutes_render(notes, fmt=fmt, lang=user_lang(request), commitments=commitments)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def meeting_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk=pk)
    require_write(request.user, meeting.region_id)
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
    require_write(request.user, meeting.region_id)
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


@login_required
def follow_up_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, pk=pk)
    require_write(request.user, follow_up.region_id)
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
    require_records(request)
    filter_form, code = region_filter(request)
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
