"""The national summary, the semester narrative and the addressees' reports pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.core.codes import NATIONAL
from cakupan.monev.pages import require_records
from cakupan.monev.selectors import can_write, require_write
from cakupan.monev.summary import downloads, selectors, services
from cakupan.monev.summary import report as summary_report
from cakupan.monev.summary.forms import AddresseeReportForm, SemesterNarrativeForm
from cakupan.reports.downloads import register_download, requested_format


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
        "can_write_national": can_write(request.user, NATIONAL),
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
    require_write(request.user, NATIONAL)
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
    require_records(request)
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
