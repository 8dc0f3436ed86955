from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.core.codes import NATIONAL
from cakupan.core.periods import PeriodError, parse_period
from cakupan.dashboards import downloads
from cakupan.dashboards.downloads import file_name
from cakupan.dashboards.selectors import region_page
from cakupan.indicators import library
from cakupan.indicators.selectors import region_for_figures
from cakupan.jobs.services import job_enqueue
from cakupan.reports.background import report_job_enqueue, report_job_get
from cakupan.reports.content import NoFigures
from cakupan.reports.services import (
    BATCH_KIND,
    FORMATS,
    LEVELS,
    ReportError,
    batch_params,
    may_ask_for_batches,
    report_render,
)


def _lang(request: HttpRequest) -> str:
    """The report's language: ?bahasa=en for English, else Indonesian (the pages' language is not used:
    a report is a document for a meeting, Indonesian unless English is asked for)."""
    return "en" if request.GET.get("bahasa", "").lower().startswith("en") else "id"


def report_download(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    try:
        month = parse_period(period)
    except PeriodError:
        raise Http404 from None
    if fmt not in FORMATS:
        raise Http404
    try:
        rendered = report_render(user=request.user, code=code, period=month, fmt=fmt, lang=_lang(request))
    except NoFigures:
        raise Http404 from None
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.file_name}"'
    return response


@require_http_methods(["POST"])
def report_make(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    """Ask for the report in the background; the answer (a part of the page for HTMX, else a page)
    follows its progress and offers the file."""
    try:
        month = parse_period(period)
    except PeriodError:
        raise Http404 from None
    # The page's own region check (Http404, PermissionDenied) before any work is queued.
    region = region_for_figures(request.user, code=code)
    if fmt not in FORMATS or month not in library.available_periods(region.code):
        raise Http404
    job = report_job_enqueue(user=request.user, code=region.code, period=month, fmt=fmt, lang=_lang(request))
    if request.headers.get("HX-Request"):
        return TemplateResponse(request, "reports/_made.html", {"job": job})
    return redirect("reports:made", pk=job.pk)


def report_made(request: HttpRequest, pk: int) -> HttpResponse:
    job = report_job_get(request.user, pk=pk)
    partial = request.headers.get("HX-Request") or request.GET.get("bagian") == "status"
    return TemplateResponse(request, "reports/_made.html" if partial else "reports/made.html", {"job": job})


def report_made_download(request: HttpRequest, pk: int) -> FileResponse:
    job = report_job_get(request.user, pk=pk)
    path = Path(job.result_path) if job.result_path else None
    if job.status != job.Status.DONE or path is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=FORMATS[job.params["format"]]
    )


DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def table_download(request: HttpRequest, code: str, period: str, table: str, fmt: str) -> HttpResponse:
    """A table (`anak`, `tren`, `segmen`) or the map (`peta`) of the region page as a file."""
    try:
        month = parse_period(period)
    except PeriodError:
        raise Http404 from None
    if not downloads.offered(table, fmt):
        raise Http404
    page = region_page(request.user, code=code, period=month, sort="rank", direction="asc")
    if page.indicators is None or page.period != month:
        raise Http404
    simulated = page.indicators.simulated
    if table == "peta":
        data = downloads.map_geojson(page, simulated=simulated)
    else:
        rows = downloads.table_rows(page, table)
        data = (
            downloads.rows_csv(rows, simulated=simulated)
            if fmt == "csv"
            else downloads.rows_json(page, table, rows, simulated=simulated)
        )
    response = HttpResponse(data, content_type=DOWNLOAD_TYPES[fmt])
    name = file_name(f"{table}-{page.region.code}-{month}", fmt, simulated=simulated)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_ask_for_batches(request.user, {}):
        raise PermissionDenied
    periods = library.available_periods(NATIONAL)
    if request.method == "POST":
        period = request.POST.get("periode", "")
        level, fmt = request.POST.get("tingkat", ""), request.POST.get("format", "pdf")
        lang = "en" if request.POST.get("bahasa") == "en" else "id"
        if period not in periods or level not in LEVELS:
            messages.error(request, _("Choose a month with figures and a level."))
        else:
            try:
                params = batch_params(level=level, period=period, fmt=fmt, lang=lang)
            except ReportError:
                messages.error(request, _("Choose PDF or XLSX."))
            else:
                job, created = job_enqueue(kind=BATCH_KIND, params=params, by=request.user)
                if not created:
                    messages.info(request, _("The same batch was already asked for: here it is."))
                return redirect("jobs:detail", pk=job.pk)
    return TemplateResponse(
        request, "reports/batch.html", {"periods": periods, "levels": LEVELS, "formats": FORMATS}
    )
