"""Pages of the Monev register: each view parses, calls a selector or service, and renders. Every form
works without JavaScript (plain POST and redirect)."""

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

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.core.codes import NATIONAL
from cakupan.core.periods import PeriodError, parse_period
from cakupan.imports import staging
from cakupan.imports.file_templates import import_guides
from cakupan.imports.models import ImportBatch
from cakupan.indicators.params import ParameterMissing
from cakupan.monev import downloads, selectors, services
from cakupan.monev import scorecard as monev_scorecard
from cakupan.monev.forms import (
    AddresseeReportForm,
    DatasetUploadForm,
    SemesterNarrativeForm,
    StaffCoverageForm,
)
from cakupan.monev.funding.services import funding_check
from cakupan.monev.importing import MonevValidation, validate_monev_file
from cakupan.monev.pages import require_records
from cakupan.monev.summary import report as summary_report
from cakupan.regions.models import Region
from cakupan.reports.downloads import register_download, requested_format, requested_table

# Monev uploads wait apart from the figures' uploads (a token of one page is never found by the other).
STAGING_AREA = "monev-staging"


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


# --- meetings and follow-ups ---------------------------------------------------------------------------


# --- vulnerable-worker funding -------------------------------------------------------------------------


# --- the budget register -------------------------------------------------------------------------------


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
                check = funding_check(
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
