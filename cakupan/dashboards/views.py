from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cakupan.accounts.region_picker.picker import PickRules, regions_resolve, split_texts, too_many_text
from cakupan.common.http import HtmxHttpRequest
from cakupan.core.codes import NATIONAL
from cakupan.core.periods import PeriodError, parse_period
from cakupan.dashboards.downloads import compare_rows, download_response, fair_rows
from cakupan.dashboards.forms import CompareForm, FindForm
from cakupan.dashboards.parts import landing_for, region_parts_context
from cakupan.dashboards.selectors import (
    MAX_COMPARED,
    compare_page,
    fair_page,
    region_charts_part,
    region_page,
)

# HTMX asks for one part of the region page at a time; each names its template.
PARTS = {
    "anak": "dashboards/_children_table.html",
    "peta": "dashboards/_children.html",
    "anggaran": "dashboards/_what_it_takes.html",
    "grafik": "dashboards/_charts.html",
}


def _period_param(request: HttpRequest) -> str | None:
    raw = request.GET.get("periode", "")
    try:
        return parse_period(raw) if raw else None
    except PeriodError:
        return None


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").replace(".", "").replace(",", "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 10 else None


def national(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.GET:
        # Where a signed-in user lands, as the apps that know it register it (their one region, or what
        # waits for them); national roles (and users without a role) stay on the national page.
        target = landing_for(request.user)
        if target is not None:
            return redirect(target)
    return region_detail(request, NATIONAL)


def region_detail(request: HtmxHttpRequest, code: str) -> HttpResponse:
    if request.htmx and request.GET.get("bagian") == "grafik":
        # The charts come after the page: only what they need is read.
        charts = region_charts_part(request.user, code=code, period=_period_param(request))
        return TemplateResponse(request, PARTS["grafik"], {"page": charts, "ind": charts.indicators})
    page = region_page(
        request.user,
        code=code,
        period=_period_param(request),
        sort=request.GET.get("urut", "rank"),
        direction=request.GET.get("arah", ""),
        view=request.GET.get("tampilan", ""),
        budget_workers=_int_param(request, "pekerja"),
        budget_months=_int_param(request, "bulan"),
        # Charts take tens of milliseconds to draw: the page comes first and HTMX fetches them after it.
        with_charts=request.GET.get("grafik") == "1" or request.GET.get("bagian") == "grafik",
        keep_chart_figures=not request.htmx,  # the whole page, whose charts HTMX asks for next
    )
    if page.region.code != code and code != NATIONAL:
        # An undotted or otherwise different spelling: one address per region.
        target = reverse("dashboards:region", args=[page.region.code])
        return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)
    # The parts other apps own (compliance, Monev, tasks, the poverty card) register into the page.
    context = {"page": page, "ind": page.indicators, **region_parts_context(request.user, page)}
    if page.region.is_national:
        context["find_form"] = FindForm(user=request.user)  # the home page: any region by name
    part = PARTS.get(request.GET.get("bagian", ""))
    if request.htmx and part:
        return TemplateResponse(request, part, context)
    return TemplateResponse(request, "dashboards/region.html", context)


def fair_ranking(request: HttpRequest, code: str) -> HttpResponse:
    page = fair_page(
        request.user,
        code=code,
        period=_period_param(request),
        kind=request.GET.get("jenis", "level"),
        province=request.GET.get("provinsi", ""),
    )
    fmt = request.GET.get("unduh", "")
    if fmt in ("csv", "json") and page.period:
        rows = fair_rows(page.groups, province_name=page.province_name if page.provinces else None)
        simulated = any(row.ind.simulated for group in page.groups for row in group.rows)
        where = f"{page.region.code}-{page.province}" if page.province else page.region.code
        name = f"peringkat-{page.kind}-{where}-{page.period}"
        return download_response(rows, name=name, fmt=fmt, simulated=simulated)
    return TemplateResponse(request, "dashboards/fair.html", {"page": page})


def compare(request: HttpRequest) -> HttpResponse:
    texts = split_texts(request.GET.getlist("wilayah"))
    resolved = regions_resolve(request.user, texts=texts, rules=PickRules())
    # A region over the limit is refused by name, never dropped silently.
    problems = [*resolved.problems, too_many_text(resolved.regions, MAX_COMPARED)]
    codes = [r.code for r in resolved.regions[:MAX_COMPARED]]
    page = compare_page(request.user, codes=codes, period=_period_param(request))
    fmt = request.GET.get("unduh", "")
    if fmt in ("csv", "json") and page.period:
        simulated = any(ind.simulated for ind in page.indicators if ind is not None)
        rows = compare_rows(page.indicators)
        return download_response(rows, name=f"bandingkan-{page.period}", fmt=fmt, simulated=simulated)
    form = CompareForm(request.GET if texts else None, user=request.user)
    context = {"page": page, "codes": ", ".join(codes), "form": form, "problems": [p for p in problems if p]}
    return TemplateResponse(request, "dashboards/compare.html", context)


def find_region(request: HttpRequest) -> HttpResponse:
    """The region picker of the national page: the chosen region's page, or the form again with why."""
    form = FindForm(request.GET if request.GET.get("wilayah") else None, user=request.user)
    if form.is_bound and form.is_valid():
        target = reverse("dashboards:region", args=[form.cleaned_data["wilayah"].code])
        period = _period_param(request)
        return redirect(f"{target}?periode={period}" if period else target)
    return TemplateResponse(request, "dashboards/find.html", {"find_form": form})
