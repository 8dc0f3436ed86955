from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cakupan.common.http import HtmxHttpRequest
from cakupan.common.periods import PeriodError, parse_period
from cakupan.dashboards.selectors import region_page
from cakupan.regions.codes import NATIONAL


def _period_param(request: HttpRequest) -> str | None:
    raw = request.GET.get("periode", "")
    try:
        return parse_period(raw) if raw else None
    except PeriodError:
        return None


def national(request: HtmxHttpRequest) -> HttpResponse:
    return region_detail(request, NATIONAL)


def region_detail(request: HtmxHttpRequest, code: str) -> HttpResponse:
    page = region_page(
        request.user,
        code=code,
        period=_period_param(request),
        sort=request.GET.get("urut", "rank"),
        direction=request.GET.get("arah", ""),
    )
    if page.region.code != code and code != NATIONAL:
        # An undotted or otherwise different spelling: one address per region.
        target = reverse("dashboards:region", args=[page.region.code])
        return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)
    context = {"page": page, "ind": page.indicators}
    if request.htmx and request.GET.get("bagian") == "anak":
        return TemplateResponse(request, "dashboards/_children_table.html", context)
    return TemplateResponse(request, "dashboards/region.html", context)
